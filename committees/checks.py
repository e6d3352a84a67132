"""Start-up checks: a mistyped quorum or vote rule must stop the process, not skew decisions."""

from django.conf import settings
from django.core.checks import Error, register

from committees.models import MEETING_VOTE_RULES


@register()
def check_committee_settings(app_configs, **kwargs) -> list[Error]:
    errors = []
    quorum = settings.GENERAL_BODY_QUORUM
    if not (isinstance(quorum, int | float) and 0 < quorum <= 1):
        errors.append(
            Error(
                f"GENERAL_BODY_QUORUM must be a share between 0 and 1, not {quorum!r}.",
                id="committees.E001",
            )
        )
    allowed = [rule.value for rule in MEETING_VOTE_RULES]
    for name in ("GENERAL_BODY_VOTE_RULE", "SPOKES_COUNCIL_VOTE_RULE"):
        if getattr(settings, name) not in allowed:
            errors.append(Error(f"{name} must be one of {allowed}.", id="committees.E002"))
    return errors
