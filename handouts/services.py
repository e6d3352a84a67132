"""Writes on handouts: drafts, putting a version to the general body, recording its adoption,
counting copies given out at a serve, and printed batches. Who may call each one is checked by
the views; the rules about *what* may be recorded live here, and a write they forbid raises
`Refused` with a message for the member (nothing is saved)."""

import uuid
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext as _

from accounts.models import User
from committees import services as committees
from committees.models import Decision, Outcome, Scope
from core import audit
from distribution.models import Serve
from distribution.services import ServeClosed, lock_open_serve, undo_last_count
from handouts.models import (
    BODY_MAX_LENGTH,
    LANGUAGE_CODES,
    Handout,
    HandoutTap,
    HandoutVersion,
    PrintedBatch,
)

__all__ = ["Refused", "ServeClosed"]


class Refused(Exception):
    """A write the handout rules do not allow. `field` names the form field it belongs to."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _check_texts(texts: dict[str, str]) -> dict[str, str]:
    """Both languages, title and text: a handout never goes out in one language only."""
    cleaned = {name: (value or "").strip() for name, value in texts.items()}
    names = {"en": _("English"), "es": _("Spanish")}
    for language in LANGUAGE_CODES:
        for part in ("title", "body"):
            field = f"{part}_{language}"
            if not cleaned.get(field):
                message = (
                    _("Write the title in %(language)s too: every handout goes out in both.")
                    if part == "title"
                    else _("Write the text in %(language)s too: every handout goes out in both.")
                )
                raise Refused(message % {"language": names[language]}, field=field)
            if part == "body" and len(cleaned[field]) > BODY_MAX_LENGTH:
                raise Refused(
                    _("Keep the text under %(max)s characters.") % {"max": BODY_MAX_LENGTH},
                    field=field,
                )
    return cleaned


@transaction.atomic
def handout_create(
    *, kind: str, title_en: str, title_es: str, body_en: str, body_es: str, by: User
) -> HandoutVersion:
    """A new handout and its first version, a draft."""
    texts = _check_texts(
        {"title_en": title_en, "title_es": title_es, "body_en": body_en, "body_es": body_es}
    )
    order = (Handout.objects.aggregate(last=Max("sort_order"))["last"] or 0) + 1
    handout = Handout.objects.create(kind=kind, sort_order=order, created_by=by)
    version = HandoutVersion.objects.create(handout=handout, number=1, created_by=by, **texts)
    audit.record(by=by, kind=audit.Kind.HANDOUT_SAVE, obj=version, number=1)
    return version


def handout_version_update(
    *, version: HandoutVersion, title_en: str, title_es: str, body_en: str, body_es: str, by: User
) -> HandoutVersion:
    """Rewrite a draft. A version put to the general body no longer changes: what the body
    decides is what was proposed."""
    texts = _check_texts(
        {"title_en": title_en, "title_es": title_es, "body_en": body_en, "body_es": body_es}
    )
    with transaction.atomic():
        version = HandoutVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_draft:
            raise Refused(
                _(
                    "Version %(number)s was put to the general body and no longer changes. "
                    "Start a new version to change the text."
                )
                % {"number": version.number}
            )
        for name, value in texts.items():
            setattr(version, name, value)
        version.save(update_fields=[*texts, "updated_at"])
        audit.record(by=by, kind=audit.Kind.HANDOUT_SAVE, obj=version, number=version.number)
    return version


@transaction.atomic
def handout_version_start(*, handout: Handout, by: User) -> HandoutVersion:
    """A new draft of `handout`, starting from its newest text. Refused while a draft or a
    proposal waiting for the general body exists: one text is worked on at a time."""
    Handout.objects.select_for_update().get(pk=handout.pk)
    versions = list(
        HandoutVersion.objects.filter(handout=handout)
        .select_related("proposal__decision")
        .order_by("-number")
    )
    open_one = next(
        (
            v
            for v in versions
            if v.status in (HandoutVersion.Status.DRAFT, HandoutVersion.Status.PROPOSED)
        ),
        None,
    )
    if open_one is not None:
        raise Refused(
            _("Version %(number)s is still open (%(status)s): finish it first.")
            % {"number": open_one.number, "status": open_one.get_status_display()}
        )
    latest = versions[0]
    version = HandoutVersion.objects.create(
        handout=handout,
        number=latest.number + 1,
        title_en=latest.title_en,
        title_es=latest.title_es,
        body_en=latest.body_en,
        body_es=latest.body_es,
        created_by=by,
    )
    audit.record(by=by, kind=audit.Kind.HANDOUT_SAVE, obj=version, number=version.number)
    return version


@transaction.atomic
def handout_version_propose(*, version: HandoutVersion, by: User) -> HandoutVersion:
    """Put a draft to the general body: a steering proposal "Adopt version N of <title>",
    which a general body meeting with quorum decides (committees). The text is fixed from
    now on."""
    version = HandoutVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise Refused(_("This version has already been put to the general body."))
    _check_texts(
        {
            "title_en": version.title_en,
            "title_es": version.title_es,
            "body_en": version.body_en,
            "body_es": version.body_es,
        }
    )
    proposal = committees.proposal_create(
        title=_("Adopt version %(number)s of the handout “%(title)s”")
        % {"number": version.number, "title": version.title},
        text=f"{version.title_en}\n\n{version.body_en}\n\n---\n\n{version.title_es}\n\n"
        f"{version.body_es}",
        scope=Scope.STEERING,
        group=None,
        by=by,
    )
    version.proposal = proposal
    version.save(update_fields=["proposal", "updated_at"])
    audit.record(by=by, kind=audit.Kind.HANDOUT_PROPOSE, obj=version, proposal=proposal.pk)
    return version


def _adoption_refusal(version: HandoutVersion, decision: Decision | None) -> str | None:
    if version.adoption_decision_id:
        return _("Version %(number)s is already adopted: only a draft can be adopted.") % {
            "number": version.number
        }
    if version.proposal_id is None:
        return _(
            "Version %(number)s is a draft nobody has put to the general body yet. Propose it "
            "for adoption first."
        ) % {"number": version.number}
    if decision is None:
        return _(
            "The general body has not decided on “%(title)s” yet. Put the proposal on a general "
            "body meeting's agenda and record its decision there, then record the adoption here."
        ) % {"title": version.proposal.title}
    if decision.outcome != Outcome.ADOPTED:
        return _("The general body did not adopt “%(title)s” (decided on %(date)s).") % {
            "title": version.proposal.title,
            "date": formats.date_format(decision.decided_on, "DATE_FORMAT"),
        }
    if not Decision.objects.steering_adoptions().filter(pk=decision.pk).exists():
        return _(
            "“%(title)s” was decided by %(body)s, not by a general body meeting with quorum: "
            "only the general body makes a handout's text the organization's."
        ) % {"title": version.proposal.title, "body": decision.body_name}
    return None


@transaction.atomic
def handout_version_adopt(*, version: HandoutVersion, by: User) -> HandoutVersion:
    """Record that the general body adopted `version` (its steering proposal was decided
    "adopted" at a general body meeting with quorum): it becomes the handout's one current
    version, dated by the decision; the version it replaces stays readable."""
    Handout.objects.select_for_update().get(pk=version.handout_id)
    version = (
        HandoutVersion.objects.select_for_update(of=("self",))
        .select_related("proposal")
        .get(pk=version.pk)
    )
    decision = (
        Decision.objects.filter(proposal_id=version.proposal_id)
        .select_related("group", "meeting")
        .first()
        if version.proposal_id
        else None
    )
    refusal = _adoption_refusal(version, decision)
    if refusal:
        raise Refused(refusal)
    HandoutVersion.objects.filter(handout_id=version.handout_id, is_current=True).update(
        is_current=False
    )
    version.adoption_decision = decision
    version.adopted_on = decision.decided_on
    version.is_current = True
    version.save(update_fields=["adoption_decision", "adopted_on", "is_current", "updated_at"])
    audit.record(by=by, kind=audit.Kind.HANDOUT_ADOPT, obj=version, decision=decision.pk)
    return version


# --- At the serve ------------------------------------------------------------------------------


def handout_tap(
    *,
    serve: Serve,
    handout: Handout,
    language: str,
    key: uuid.UUID,
    device: str = "",
    by: User,
) -> bool:
    """Count one copy given out; return False if this count (same key) was already counted.
    The bag taps' mechanism (distribution.services.serve_tap): the serve's row lock, a key the
    phone makes, unique in the table, and the insert as the transaction's last write, so a
    repeat rolls back alone. Refused (ServeClosed) once the serve is closed."""
    if language not in LANGUAGE_CODES:
        raise Refused(_("Count a handout in English or in Spanish."), field="language")
    version = handout.current_version
    if version is None:
        raise Refused(_("This handout has no adopted version to give out yet."))
    try:
        with transaction.atomic():
            lock_open_serve(serve)
            tap = HandoutTap.objects.create(
                serve=serve,
                handout=handout,
                version=version,
                language=language,
                key=key,
                device=device,
                by=by,
            )
            audit.record(by=by, kind=audit.Kind.HANDOUT_TAP, obj=tap, serve=serve.pk)
    except IntegrityError:
        if HandoutTap.objects.filter(key=key).exists():
            return False
        raise
    return True


def handout_undo(*, serve: Serve, key: uuid.UUID, device: str = "", by: User) -> HandoutTap | None:
    """Take back the last copy this member counted from this phone at this serve; None when
    there is nothing to take back or this undo (same key) was already done."""
    return undo_last_count(
        HandoutTap,
        serve=serve,
        key=key,
        device=device,
        by=by,
        kind=audit.Kind.HANDOUT_UNDO,
        with_="version",
    )


def printed_batch_record(
    *, version: HandoutVersion, language: str, copies: int, printed_on: date, by: User
) -> PrintedBatch:
    """Record copies printed of the current version, so the count page says how many are
    left."""
    if not version.is_current:
        raise Refused(_("Only the current version is printed for the serves."))
    if copies < 1:
        raise Refused(_("Say how many copies were printed."), field="copies")
    if language and language not in LANGUAGE_CODES:
        raise Refused(_("Choose a language, or both."), field="language")
    batch = PrintedBatch.objects.create(
        version=version, language=language, copies=copies, printed_on=printed_on, by=by
    )
    audit.record(by=by, kind=audit.Kind.HANDOUT_PRINTED, obj=batch, copies=copies)
    return batch
