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
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from committees.models import AgendaItem, Body, Decision, Meeting, Proposal
from committees.models import Outcome as DecisionOutcome
from core import audit, emails
from core.queue import enqueue_on_commit
from core.weeks import Week
from summations import sections
from summations.models import Summation, SummationComment
from summations.pdf import summation_pdf
from summations.presentation import audiences_for, headlines

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
    audit.record(by=by, kind=audit.Kind.SUMMATION_BUILD, obj=summation, forced=force)
    if enqueue and (summation.build_status == Status.PENDING or summation.lease_is_stale):
        enqueue_on_commit("summations.tasks.build_summation", summation.pk)
    return summation


def summation_build(
    *,
    summation_id: int,
    languages: tuple[str, ...] | None = None,
    retry_planned: bool = False,
    notify: bool = True,
) -> BuildResult:
    """Build a summation that is waiting for it: its figures (a draft's are computed afresh,
    a presented or adopted one keeps its own) and a PDF per language. The first build that
    completes tells the members (`summation_ready_notify`, after commit, unless `notify` is
    False).

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
            if notify and summation.ready_notice_sent_at is None:
                enqueue_on_commit("summations.tasks.send_summation_ready", summation_id)
    if not finished:
        _delete_files(list(new_files.values()))
        return BuildResult(Outcome.LEASE_LOST, summation.pk)
    return BuildResult(
        Outcome.BUILT,
        summation.pk,
        paths={code: default_storage.path(name) for code, name in new_files.items()},
        seconds=(timezone.now() - started).total_seconds(),
    )


def summation_build_now(
    *, week: Week, languages: tuple[str, ...] | None = None, notify: bool = True
) -> BuildResult:
    """Build `week`'s summation here and now, without a worker (the command line)."""
    summation = summation_request_build(week=week, force=True, enqueue=False)
    return summation_build(summation_id=summation.pk, languages=languages, notify=notify)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _review_meeting(week: Week, now) -> Meeting | None:
    """The general body meeting, begun by `now`, whose agenda reviews `week`'s summation
    (the latest, if several did)."""
    reviews = AgendaItem.objects.summation_reviews(str(week))
    return (
        Meeting.objects.filter(body=Body.GENERAL_BODY, starts_at__lte=now, agenda_items__in=reviews)
        .order_by("-starts_at", "-pk")
        .first()
    )


def summation_present(*, summation: Summation, by) -> Summation:
    """Mark a built draft as presented at the general body meeting whose agenda reviews its
    week (committees: "Review the summation of week N"); its figures are then kept as they
    are. Raises SummationStateError otherwise."""
    summation.refresh_from_db()
    if summation.state != Summation.State.DRAFT:
        raise SummationStateError(_("This summation has already been presented."))
    if summation.build_status != Status.DONE:
        raise SummationStateError(
            _("Only a built summation can be presented. Wait until the build has finished.")
        )
    now = timezone.now()
    meeting = _review_meeting(summation.period, now)
    if meeting is None:
        raise SummationStateError(
            _(
                "No general body meeting has reviewed this summation yet. Put “Review the "
                "weekly summation” of %(week)s on a general body meeting's agenda; once that "
                "meeting has begun, mark the summation as presented."
            )
            % {"week": summation.period}
        )
    presented = Summation.objects.filter(
        pk=summation.pk, state=Summation.State.DRAFT, build_status=Status.DONE
    ).update(
        state=Summation.State.PRESENTED,
        presented_at=now,
        presented_by=by,
        presented_at_meeting=meeting,
    )
    summation.refresh_from_db()
    if not presented:  # presented meanwhile by someone else
        raise SummationStateError(_("This summation has already been presented."))
    audit.record(by=by, kind=audit.Kind.SUMMATION_PRESENT, obj=summation, meeting=meeting.pk)
    return summation


def _adoption_decision(week: Week) -> tuple[Decision | None, str]:
    """The general body's decision adopting `week`'s summation at a meeting with quorum, or
    None and why not (translated)."""
    decisions = list(
        Decision.objects.summation_adoptions(str(week))
        .filter(body=Body.GENERAL_BODY, meeting__isnull=False)
        .annotate(present=Count("meeting__attendances", distinct=True))
        .order_by("-decided_on", "-pk")
    )
    title = Proposal.summation_adoption_title(week)
    for decision in decisions:
        if decision.outcome == DecisionOutcome.ADOPTED and decision.meeting.has_quorum(
            decision.present
        ):
            return decision, ""
    if decisions and decisions[0].outcome != DecisionOutcome.ADOPTED:
        return None, _(
            "The general body did not adopt “%(title)s” (decided on %(date)s). The "
            "summation stays presented."
        ) % {
            "title": decisions[0].proposal.title,
            "date": formats.date_format(decisions[0].decided_on, "DATE_FORMAT"),
        }
    if decisions:
        return None, _(
            "The decision on “%(title)s” was taken without quorum; only a general body "
            "meeting with quorum can adopt a summation."
        ) % {"title": decisions[0].proposal.title}
    return None, _(
        "The general body has not decided on “%(title)s” yet. Record its decision on that "
        "proposal at a general body meeting with quorum (the meeting's agenda item “Review "
        "the summation of week %(week)s”), then mark the summation as adopted."
    ) % {"title": title, "week": week}


def summation_adopt(*, summation: Summation, by) -> Summation:
    """Mark a presented summation as adopted, linked to the general body's decision on
    "Adopt the summation of week N": adopted, at a general body meeting with quorum.
    Raises SummationStateError, saying why, without such a decision or unless the summation
    was presented first."""
    summation.refresh_from_db()
    if summation.state == Summation.State.ADOPTED:
        raise SummationStateError(_("This summation has already been adopted."))
    if summation.state != Summation.State.PRESENTED:
        raise SummationStateError(
            _("Present the summation to the general body before adopting it.")
        )
    decision, refusal = _adoption_decision(summation.period)
    if decision is None:
        raise SummationStateError(refusal)
    adopted = Summation.objects.filter(pk=summation.pk, state=Summation.State.PRESENTED).update(
        state=Summation.State.ADOPTED,
        adopted_at=timezone.now(),
        adopted_by=by,
        adoption_decision=decision,
    )
    summation.refresh_from_db()
    if not adopted:  # adopted meanwhile by someone else
        raise SummationStateError(_("This summation has already been adopted."))
    audit.record(by=by, kind=audit.Kind.SUMMATION_ADOPT, obj=summation, decision=decision.pk)
    return summation


def summation_ready_notify(*, summation_id: int) -> int:
    """Email every active member that the week's summation is ready: a few headline counts
    (only those the member's role may see) and a link to the page, in the member's language.
    No attachment. Sent once per summation, whoever calls: the send is claimed with a
    conditional UPDATE. Returns how many messages went out."""
    claimed = Summation.objects.filter(
        pk=summation_id, build_status=Status.DONE, ready_notice_sent_at__isnull=True
    ).update(ready_notice_sent_at=timezone.now())
    if not claimed:
        return 0
    summation = Summation.objects.get(pk=summation_id)
    link = emails.absolute(reverse("summations:detail", args=[summation.pk]))
    members = list(User.objects.filter(is_active=True).exclude(email="").order_by("pk"))

    def message(member):
        language = member.language or settings.LANGUAGE_CODE
        with translation.override(language):
            figures = headlines(summation, language, audiences_for(member))
        return emails.message_for(
            member,
            subject=lambda: (
                _("The weekly summation is ready: week %(week)s of %(year)s")
                % {"week": summation.week, "year": summation.year}
            ),
            template="summations/email/ready.txt",
            context={"summation": summation, "headlines": figures, "link": link},
        )

    try:
        return emails.send(message(member) for member in members)
    except Exception:
        # Nothing went out (or we cannot tell): release the claim so a retry can send it.
        Summation.objects.filter(pk=summation_id).update(ready_notice_sent_at=None)
        raise


def summation_comment_create(*, summation: Summation, by, body: str) -> SummationComment:
    """A member's comment on a summation."""
    comment = SummationComment.objects.create(summation=summation, author=by, body=body.strip())
    audit.record(by=by, kind=audit.Kind.SUMMATION_COMMENT, obj=comment)
    return comment
