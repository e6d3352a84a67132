"""Writes on summations: asking for a build, building, presenting, adopting, commenting.

Exactly one summation per week, whoever asks and however often: the row is created with
`get_or_create` on the unique (year, week), and a build is claimed with a conditional UPDATE
that hands the claimer a fresh token (its lease). Only the holder of the current token can
finish a build, so a worker that died, or hung past its lease and was overtaken, can never
overwrite a newer build; its files are thrown away."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from uuid import uuid4

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from summations import sections
from summations.models import Summation, SummationComment
from summations.pdf import summation_pdf
from summations.weeks import Week

logger = logging.getLogger(__name__)

Status = Summation.BuildStatus
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


class SummationBuildFailed(Exception):
    """The build raised; the error is recorded on the summation for coordinators."""


class SummationStateError(Exception):
    """A state change the summation's current state does not allow (message translated)."""


class Outcome(StrEnum):
    BUILT = "built"
    NOT_NEEDED = "not_needed"  # already built, or nothing asked for a build
    BUSY = "busy"  # another worker holds a live lease
    LEASE_LOST = "lease_lost"  # this build was overtaken after its lease ran out
    MISSING = "missing"


@dataclass
class BuildResult:
    outcome: Outcome
    summation_id: int | None = None
    retry_in: float = 0.0  # for BUSY: seconds until the other worker's lease runs out
    paths: dict[str, str] = field(default_factory=dict)  # language → PDF file path
    seconds: float = 0.0


def summation_request_build(
    *, week: Week, by=None, force: bool = True, enqueue: bool = True
) -> Summation:
    """Ask for `week`'s summation to be built, creating it if it does not exist yet.

    `force` (a coordinator's "build now") rebuilds a summation already built; without it
    (the weekly beat job) a built summation is left alone, so running the job twice does
    nothing the second time. A build already running is never started twice. The build
    itself runs in a Celery task, enqueued once the caller's transaction commits."""
    now = timezone.now()
    summation, created = Summation.objects.get_or_create(
        year=week.year,
        week=week.week,
        defaults={"build_requested_at": now, "build_requested_by": by},
    )
    if not created:
        wanted = [Status.PENDING, Status.FAILED] + ([Status.DONE] if force else [])
        Summation.objects.filter(pk=summation.pk, build_status__in=wanted).update(
            build_status=Status.PENDING, build_requested_at=now, build_requested_by=by
        )
        summation.refresh_from_db()
    if enqueue and (summation.build_status == Status.PENDING or summation.lease_is_stale):
        from summations.tasks import build_summation  # tasks import this module

        summation_id = summation.pk
        transaction.on_commit(lambda: build_summation.delay(summation_id))
    return summation


def summation_build(
    *, summation_id: int, languages: tuple[str, ...] | None = None, retry_planned: bool = False
) -> BuildResult:
    """Build a summation that is waiting for it: its figures (a draft's are computed afresh,
    a presented or adopted one keeps its own) and a PDF per language.

    Claims the build first; returns BUSY when another worker holds a live lease and
    NOT_NEEDED when nothing is waiting. On failure, records the error (status PENDING when
    the caller will retry, FAILED otherwise) and raises SummationBuildFailed."""
    started = timezone.now()
    languages = tuple(languages or LANGUAGE_CODES)
    token = uuid4().hex
    stale = started - timedelta(seconds=settings.SUMMATION_BUILD_LEASE_SECONDS)
    claimable = Q(build_status__in=[Status.PENDING, Status.FAILED]) | Q(
        build_status=Status.BUILDING, build_started_at__lt=stale
    )
    claimed = Summation.objects.filter(claimable, pk=summation_id).update(
        build_status=Status.BUILDING,
        build_token=token,
        build_started_at=started,
        build_finished_at=None,
        build_attempts=F("build_attempts") + 1,
    )
    summation = Summation.objects.filter(pk=summation_id).first()
    if summation is None:
        return BuildResult(Outcome.MISSING)
    if not claimed:
        if summation.build_status == Status.BUILDING:
            left = (summation.lease_expires_at - timezone.now()).total_seconds()
            return BuildResult(Outcome.BUSY, summation.pk, retry_in=max(left, 0.0))
        return BuildResult(Outcome.NOT_NEEDED, summation.pk)

    previous_files = {code: summation.pdf_for(code).name for code in LANGUAGE_CODES}
    try:
        if summation.is_frozen and summation.figures:
            figures = summation.figures  # presented or adopted: its figures never change
        else:
            figures = sections.snapshot(summation.period)
        summation.figures, summation.built_at = figures, timezone.now()
        rendered = {code: summation_pdf(summation, code) for code in languages}
    except Exception as exc:
        logger.exception("Building the summation for %s failed", summation.period)
        Summation.objects.filter(pk=summation_id, build_token=token).update(
            build_status=Status.PENDING if retry_planned else Status.FAILED,
            build_error=f"{type(exc).__name__}: {exc}"[:2000],
            build_finished_at=timezone.now(),
        )
        raise SummationBuildFailed(str(exc)) from exc

    period = summation.period
    new_files = {
        code: default_storage.save(
            f"summations/{period}/summation-{period}-{code}-{token[:8]}.pdf", ContentFile(pdf)
        )
        for code, pdf in rendered.items()
    }
    # A language not built this time keeps its PDF only if the figures did not change.
    files = {
        code: new_files.get(code, previous_files[code] if summation.is_frozen else "")
        for code in LANGUAGE_CODES
    }
    with transaction.atomic():
        finished = Summation.objects.filter(
            pk=summation_id, build_token=token, build_status=Status.BUILDING
        ).update(
            figures=figures,
            built_at=summation.built_at,
            build_status=Status.DONE,
            build_error="",
            build_finished_at=timezone.now(),
            **{f"pdf_{code}": name for code, name in files.items()},
        )
        if finished:
            superseded = [n for n in previous_files.values() if n and n not in files.values()]
            transaction.on_commit(lambda: _delete_files(superseded))
    if not finished:
        _delete_files(list(new_files.values()))
        return BuildResult(Outcome.LEASE_LOST, summation.pk)
    return BuildResult(
        Outcome.BUILT,
        summation.pk,
        paths={code: default_storage.path(name) for code, name in new_files.items()},
        seconds=(timezone.now() - started).total_seconds(),
    )


def summation_build_now(*, week: Week, languages: tuple[str, ...] | None = None) -> BuildResult:
    """Build `week`'s summation here and now, without a worker (the command line)."""
    summation = summation_request_build(week=week, force=True, enqueue=False)
    return summation_build(summation_id=summation.pk, languages=languages)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def summation_present(*, summation: Summation, by) -> Summation:
    """Mark a built draft as presented at a general body meeting; its figures are then kept
    as they are. Raises SummationStateError otherwise."""
    presented = Summation.objects.filter(
        pk=summation.pk, state=Summation.State.DRAFT, build_status=Status.DONE
    ).update(state=Summation.State.PRESENTED, presented_at=timezone.now(), presented_by=by)
    summation.refresh_from_db()
    if not presented:
        if summation.state != Summation.State.DRAFT:
            raise SummationStateError(_("This summation has already been presented."))
        raise SummationStateError(
            _("Only a built summation can be presented. Wait until the build has finished.")
        )
    return summation


def summation_adopt(*, summation: Summation, by) -> Summation:
    """Mark a presented summation as adopted by the general body. Raises
    SummationStateError unless it was presented first."""
    adopted = Summation.objects.filter(pk=summation.pk, state=Summation.State.PRESENTED).update(
        state=Summation.State.ADOPTED, adopted_at=timezone.now(), adopted_by=by
    )
    summation.refresh_from_db()
    if not adopted:
        if summation.state == Summation.State.ADOPTED:
            raise SummationStateError(_("This summation has already been adopted."))
        raise SummationStateError(
            _("Present the summation to the general body before adopting it.")
        )
    return summation


def summation_comment_create(*, summation: Summation, by, body: str) -> SummationComment:
    """A member's comment on a summation."""
    return SummationComment.objects.create(summation=summation, author=by, body=body.strip())
