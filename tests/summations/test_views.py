"""The summation pages: who may do what, fixed query counts, the polled build status, the
comments, the state changes and the PDF downloads."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from summations import sections
from summations.models import Summation, SummationComment
from summations.sections import Figure, Kind, Section, Table
from tests.factories.summations import SummationCommentFactory, SummationFactory
from tests.summations.conftest import WEEK, decide_adoption, review_meeting
from tests.summations.test_pdf import pdf_text

Status = Summation.BuildStatus


def built(week=WEEK.week, **fields) -> Summation:
    """A summation with stored figures (as a build leaves it), without rendering PDFs."""
    snapshot = {
        "version": 2,
        "week": f"2026-W{week:02d}",
        "trend_weeks": [str(w) for w in WEEK.trend()],
        "sections": [
            sections.freeze(
                Section(
                    key="decisions",
                    title="Decisions",
                    audience=sections.Audience.MEMBERS,
                    figures=(Figure.from_trend("Decisions made", [1] * 12),),
                )
            ),
            sections.freeze(
                Section(
                    key="contacts",
                    title="Contacts",
                    figures=(
                        Figure.from_trend("New contacts", [3] * 11 + [7]),
                        Figure.from_trend(
                            "Tied to a base area", [None] * 11 + [42.5], Kind.PERCENT
                        ),
                    ),
                    tables=(Table("By base area", ("Base area", "This week"), (("Elm", 7),)),),
                    notes=("Counts only.",),
                )
            ),
        ],
    }
    fields = {
        "build_status": Status.DONE,
        "figures": snapshot,
        "built_at": timezone.now(),
        "build_attempts": 1,
        **fields,
    }
    return SummationFactory(year=2026, week=week, **fields)


# --- permissions ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_member_reads_summations(as_member, as_driver):
    summation = built()
    for client in (as_member, as_driver):
        assert client.get(reverse("summations:list")).status_code == 200
        response = client.get(reverse("summations:detail", args=[summation.pk]))
        assert response.status_code == 200
        assert "Decisions made" in response.content.decode()


@pytest.mark.django_db
def test_a_driver_reads_the_summation_without_the_investigations_figures(
    as_driver, as_member, _media_root, tmp_path
):
    """One rule for the page and the PDF: a driver may read both, a member too, and each holds
    the sections the reader's role may see."""
    summation = built()
    summation.pdf_en.save("summations/t-en.pdf", ContentFile(b"%PDF-1.7 en"), save=True)
    pdf = reverse("summations:pdf", args=[summation.pk, "en"])

    html = as_driver.get(reverse("summations:detail", args=[summation.pk])).content.decode()
    assert "Decisions made" in html
    assert "New contacts" not in html
    assert "By base area" not in html and "Elm" not in html
    assert "not shown to your role" in html
    assert pdf in html
    response = as_driver.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="summation-2026-W46-en.pdf"' in response["Content-Disposition"]
    (tmp_path / "driver.pdf").write_bytes(response.content)
    text = pdf_text(str(tmp_path / "driver.pdf"))
    assert "Decisions made" in text
    assert "New contacts" not in text and "Elm" not in text
    assert "not shown to your role" in text

    html = as_member.get(reverse("summations:detail", args=[summation.pk])).content.decode()
    assert "New contacts" in html and "not shown to your role" not in html
    assert pdf in html
    response = as_member.get(pdf)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 en"  # the stored PDF, every section


@pytest.mark.django_db
def test_a_member_may_not_build_present_or_adopt(as_member):
    summation = built()
    for name in ("build", "present", "adopt"):
        response = as_member.post(reverse(f"summations:{name}", args=[summation.pk]))
        assert response.status_code == 403, name
    assert as_member.post(reverse("summations:build_week"), {"week": "2026-W46"}).status_code == 403
    summation.refresh_from_db()
    assert (summation.state, summation.build_status) == (Summation.State.DRAFT, Status.DONE)


@pytest.mark.django_db
def test_a_member_sees_no_build_buttons_and_no_error_text(as_member):
    summation = built(build_status=Status.FAILED, build_error="OperationalError: secret detail")
    html = as_member.get(reverse("summations:detail", args=[summation.pk])).content.decode()
    assert "The build failed." in html
    assert "secret detail" not in html
    assert "Build now" not in html
    assert "Mark as presented" not in html


@pytest.mark.django_db
def test_a_missing_summation_is_a_404(as_member):
    assert as_member.get(reverse("summations:detail", args=[999])).status_code == 404


# --- list --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_each_summations_state(as_member):
    built(week=44, state=Summation.State.ADOPTED)
    built(week=45, state=Summation.State.PRESENTED)
    SummationFactory(year=2026, week=46, build_status=Status.FAILED)
    html = as_member.get(reverse("summations:list")).content.decode()
    assert html.index("Week 46 of 2026") < html.index("Week 45 of 2026")
    assert "Adopted" in html and "Presented" in html and "Build failed" in html


@pytest.mark.django_db
def test_the_list_filters_by_state(as_member):
    built(week=44, state=Summation.State.ADOPTED)
    built(week=45)
    html = as_member.get(reverse("summations:list"), {"state": "adopted"}).content.decode()
    assert "Week 44 of 2026" in html
    assert "Week 45 of 2026" not in html


@pytest.mark.django_db
def test_the_list_runs_the_same_queries_for_2_summations_as_for_30(
    as_coordinator, django_assert_num_queries
):
    for week in (1, 2):
        built(week=week)
    as_coordinator.get(reverse("summations:list"))
    with django_assert_num_queries(4) as small:
        assert as_coordinator.get(reverse("summations:list")).status_code == 200
    for week in range(3, 31):
        built(week=week)
    with django_assert_num_queries(len(small.captured_queries)):
        assert as_coordinator.get(reverse("summations:list")).status_code == 200


@pytest.mark.django_db
def test_building_a_week_from_the_list_creates_it_and_shows_it(
    as_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as enqueued:
        response = as_coordinator.post(reverse("summations:build_week"), {"week": "2026-W46"})
    summation = Summation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("summations:detail", args=[summation.pk])
    assert (summation.year, summation.week, summation.build_status) == (2026, 46, Status.PENDING)
    assert len(enqueued) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("next tuesday", "Enter a week like 2026-W47."),
        ("2999-W01", "This week has not ended yet"),
    ],
)
def test_a_bad_week_is_refused_next_to_the_field_and_kept(as_coordinator, typed, error):
    response = as_coordinator.post(reverse("summations:build_week"), {"week": typed})
    assert response.status_code == 422
    html = response.content.decode()
    assert error in html
    assert f'value="{typed}"' in html
    assert not Summation.objects.exists()


# --- detail, status, build now -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_detail_runs_the_same_queries_for_2_comments_as_for_30(
    as_coordinator, django_assert_num_queries
):
    summation = built()
    SummationCommentFactory.create_batch(2, summation=summation)
    url = reverse("summations:detail", args=[summation.pk])
    as_coordinator.get(url)
    with django_assert_num_queries(4) as small:
        assert as_coordinator.get(url).status_code == 200
    SummationCommentFactory.create_batch(28, summation=summation)
    with django_assert_num_queries(len(small.captured_queries)):
        assert as_coordinator.get(url).status_code == 200


@pytest.mark.django_db
def test_the_detail_shows_figures_tables_and_pdf_links(as_member):
    summation = built()
    summation.pdf_en.save("summations/t-en.pdf", ContentFile(b"%PDF-1.7 en"), save=True)
    html = as_member.get(reverse("summations:detail", args=[summation.pk])).content.decode()
    assert "Summation, week 46 of 2026" in html
    assert "Nov. 9, 2026 to Nov. 15, 2026" in html
    assert '<p class="figure-value">7</p>' in html
    assert "Previous week: 3 (+4)" in html
    assert "42.5%" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart"' in html
    assert reverse("summations:pdf", args=[summation.pk, "en"]) in html
    assert reverse("summations:pdf", args=[summation.pk, "es"]) not in html  # not built


@pytest.mark.django_db
def test_while_building_the_status_partial_polls_every_two_seconds(
    as_member, django_assert_num_queries
):
    summation = SummationFactory(
        year=2026, week=46, build_status=Status.BUILDING, build_started_at=timezone.now()
    )
    url = reverse("summations:status", args=[summation.pk])
    as_member.get(url)
    with django_assert_num_queries(3):
        response = as_member.get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert f'hx-get="{url}"' in html
    assert "<html" not in html
    assert 'hx-swap-oob="true"' not in html


@pytest.mark.django_db
def test_once_built_the_status_partial_stops_polling_and_brings_the_figures(as_member):
    summation = built()
    response = as_member.get(
        reverse("summations:status", args=[summation.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "hx-trigger" not in html
    assert '<div id="figures" hx-swap-oob="true">' in html
    assert "New contacts" in html


@pytest.mark.django_db
def test_build_now_with_htmx_answers_with_the_polling_status(
    as_coordinator, django_capture_on_commit_callbacks
):
    summation = built()
    with django_capture_on_commit_callbacks() as enqueued:
        response = as_coordinator.post(
            reverse("summations:build", args=[summation.pk]), headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in response.content.decode()
    summation.refresh_from_db()
    assert summation.build_status == Status.PENDING
    assert len(enqueued) == 1


@pytest.mark.django_db
def test_build_now_while_a_build_runs_starts_no_second_one(
    as_coordinator, django_capture_on_commit_callbacks
):
    summation = SummationFactory(
        year=2026,
        week=46,
        build_status=Status.BUILDING,
        build_started_at=timezone.now(),
        build_token="t" * 32,
    )
    with django_capture_on_commit_callbacks() as enqueued:
        response = as_coordinator.post(reverse("summations:build", args=[summation.pk]))
    assert response.status_code == 302
    assert enqueued == []
    summation.refresh_from_db()
    assert (summation.build_status, summation.build_token) == (Status.BUILDING, "t" * 32)


@pytest.mark.django_db
def test_a_coordinator_sees_the_build_error_and_the_attempts(as_coordinator):
    summation = built(
        build_status=Status.FAILED, build_error="RuntimeError: no stock table", build_attempts=4
    )
    html = as_coordinator.get(reverse("summations:detail", args=[summation.pk])).content.decode()
    assert "RuntimeError: no stock table" in html
    assert "4 attempts so far." in html
    assert "Build now" in html


# --- states ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_coordinator_presents_then_adopts(as_coordinator, coordinator):
    summation = built()
    meeting, item = review_meeting(WEEK, by=coordinator)
    detail = reverse("summations:detail", args=[summation.pk])
    response = as_coordinator.post(reverse("summations:present", args=[summation.pk]))
    assert response.status_code == 302 and response["Location"] == detail
    decision = decide_adoption(meeting, item, by=coordinator)
    response = as_coordinator.post(reverse("summations:adopt", args=[summation.pk]), follow=True)
    html = response.content.decode()
    assert "Marked as adopted by the general body." in html
    assert reverse("committees:proposal_detail", args=[decision.proposal_id]) in html
    assert reverse("committees:meeting_detail", args=[meeting.pk]) in html
    summation.refresh_from_db()
    assert summation.state == Summation.State.ADOPTED
    assert (summation.presented_by, summation.adopted_by) == (coordinator, coordinator)
    assert summation.adoption_decision == decision


@pytest.mark.django_db
def test_presenting_an_unbuilt_summation_says_why_not(as_coordinator):
    summation = SummationFactory(year=2026, week=46, build_status=Status.FAILED)
    response = as_coordinator.post(reverse("summations:present", args=[summation.pk]), follow=True)
    assert "Only a built summation can be presented." in response.content.decode()
    summation.refresh_from_db()
    assert summation.state == Summation.State.DRAFT


@pytest.mark.django_db
def test_state_changes_and_builds_refuse_get(as_coordinator):
    summation = built()
    for name in ("build", "present", "adopt", "comment_create"):
        assert (
            as_coordinator.get(reverse(f"summations:{name}", args=[summation.pk])).status_code
            == 405
        )


# --- comments --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_comments_on_a_summation(as_member, member):
    summation = built()
    response = as_member.post(
        reverse("summations:comment_create", args=[summation.pk]),
        {"body": "  Outreach at the laundromat brought most of them.  "},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#comments")
    comment = SummationComment.objects.get()
    assert (comment.author, comment.body) == (
        member,
        "Outreach at the laundromat brought most of them.",
    )
    html = as_member.get(reverse("summations:detail", args=[summation.pk])).content.decode()
    assert "Outreach at the laundromat brought most of them." in html
    assert "Mo" in html


@pytest.mark.django_db
def test_an_empty_comment_is_refused_next_to_the_field(as_member):
    summation = built()
    response = as_member.post(
        reverse("summations:comment_create", args=[summation.pk]), {"body": "   "}
    )
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not SummationComment.objects.exists()


@pytest.mark.django_db
def test_a_too_long_comment_is_refused_and_kept(as_member):
    summation = built()
    body = "x" * 2001
    response = as_member.post(
        reverse("summations:comment_create", args=[summation.pk]), {"body": body}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "at most 2000 characters" in html
    assert body in html


# --- PDFs ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_downloads_a_pdf_through_the_permission_check(as_member, _media_root):
    summation = built()
    summation.pdf_es.save("summations/2026-W46/x-es.pdf", ContentFile(b"%PDF-1.7 es"), save=True)
    response = as_member.get(reverse("summations:pdf", args=[summation.pk, "es"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="summation-2026-W46-es.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 es"
    assert Path(summation.pdf_es.path).is_relative_to(_media_root)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "for"])
def test_a_pdf_not_built_or_of_no_language_is_a_404(as_member, language):
    summation = built()
    assert (
        as_member.get(reverse("summations:pdf", args=[summation.pk, language])).status_code == 404
    )


@pytest.mark.django_db
def test_the_page_speaks_spanish(as_member, member):
    member.language = "es"
    member.save()
    summation = built()
    html = as_member.get(reverse("summations:detail", args=[summation.pk])).content.decode()
    assert "Balance, semana 46 de 2026" in html
    assert "Comentarios" in html


@pytest.mark.django_db
def test_a_build_whose_worker_died_stops_polling_and_offers_to_build_again(
    as_coordinator, settings
):
    settings.SUMMATION_BUILD_LEASE_SECONDS = 600
    summation = SummationFactory(
        year=2026,
        week=46,
        build_status=Status.BUILDING,
        build_started_at=timezone.now() - timedelta(hours=2),
    )
    html = as_coordinator.get(
        reverse("summations:status", args=[summation.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "its worker is gone" in html
    assert "hx-trigger" not in html
    assert "Build now" in html


# --- the figures, rendered once per build ------------------------------------------------------


@pytest.mark.django_db
def test_the_figures_are_rendered_once_per_build_and_reader(as_member, as_driver, monkeypatch):
    """A built summation's figures change only with its next build: the page renders them once
    per build, language and set of sections the reader may see, and never shows one reader's
    sections to another."""
    from django.core.cache import cache

    from summations import presentation

    cache.clear()
    summation = built()
    url = reverse("summations:detail", args=[summation.pk])
    renders = []
    real = presentation.presentation
    monkeypatch.setattr(
        presentation, "presentation", lambda *args: renders.append(args[1:]) or real(*args)
    )

    assert "New contacts" in as_member.get(url).content.decode()
    assert "New contacts" in as_member.get(url).content.decode()
    assert len(renders) == 1
    driver_page = as_driver.get(url).content.decode()  # fewer sections: its own rendering
    assert "Decisions made" in driver_page and "New contacts" not in driver_page
    assert len(renders) == 2

    snapshot = summation.figures
    snapshot["sections"][0]["figures"][0]["label"] = "Decisions taken"
    Summation.objects.filter(pk=summation.pk).update(
        figures=snapshot, built_at=timezone.now() + timedelta(seconds=1)
    )
    assert "Decisions taken" in as_member.get(url).content.decode()  # a new build, new figures
    assert len(renders) == 3
