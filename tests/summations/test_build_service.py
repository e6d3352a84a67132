"""Building a summation in-process: the claim, the snapshot, the files, and the rules that
keep one summation and one current PDF per week."""

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from summations import sections, services
from summations.models import Summation
from summations.sections import Figure, Section
from tests.summations.conftest import WEEK, local, make_area, make_contact

Status = Summation.BuildStatus


@pytest.mark.django_db
def test_building_a_week_stores_its_figures_and_a_pdf_per_language(_media_root):
    make_contact(at=local(2026, 11, 10, 18, 0), base_area=make_area("Elm Street Apartments"))

    result = services.summation_build_now(week=WEEK)

    assert result.outcome == services.Outcome.BUILT
    summation = Summation.objects.get()
    assert (summation.year, summation.week) == (2026, 46)
    assert summation.build_status == Status.DONE
    assert summation.build_attempts == 1
    assert summation.state == Summation.State.DRAFT
    contacts = summation.figures["sections"][0]
    assert contacts["figures"][0]["this_week"] == 1
    assert set(result.paths) == {"en", "es"}
    for code in ("en", "es"):
        path = Path(summation.pdf_for(code).path)
        assert path.is_relative_to(_media_root / "summations" / "2026-W46")
        assert path.read_bytes().startswith(b"%PDF")
        assert result.paths[code] == str(path)


@pytest.mark.django_db
def test_a_rebuild_replaces_the_pdfs_and_removes_the_old_files(
    _media_root, django_capture_on_commit_callbacks
):
    services.summation_build_now(week=WEEK)
    first = Summation.objects.get()
    old_paths = [Path(first.pdf_en.path), Path(first.pdf_es.path)]

    with django_capture_on_commit_callbacks(execute=True):
        services.summation_build_now(week=WEEK)

    summation = Summation.objects.get()
    assert summation.build_attempts == 2
    assert not any(p.exists() for p in old_paths)
    assert sorted(p.name for p in (_media_root / "summations" / "2026-W46").iterdir()) == sorted(
        [Path(summation.pdf_en.name).name, Path(summation.pdf_es.name).name]
    )


@pytest.mark.django_db
def test_building_one_language_drops_the_other_when_the_figures_change():
    services.summation_build_now(week=WEEK)

    services.summation_build_now(week=WEEK, languages=("es",))

    summation = Summation.objects.get()
    assert summation.pdf_es
    assert not summation.pdf_en  # it showed the old figures


@pytest.mark.django_db
def test_a_presented_summation_keeps_its_figures_when_rebuilt(coordinator):
    make_contact(at=local(2026, 11, 10, 18, 0))
    services.summation_build_now(week=WEEK)
    summation = services.summation_present(summation=Summation.objects.get(), by=coordinator)
    kept = summation.figures

    make_contact(at=local(2026, 11, 11, 18, 0))  # recorded late
    services.summation_build_now(week=WEEK, languages=("es",))

    summation.refresh_from_db()
    assert summation.figures == kept
    assert summation.figures["sections"][0]["figures"][0]["this_week"] == 1
    assert summation.pdf_en and summation.pdf_es  # same figures: the English PDF stays


@pytest.mark.django_db
def test_a_request_does_not_rebuild_a_built_summation_unless_forced():
    services.summation_build_now(week=WEEK)

    summation = services.summation_request_build(week=WEEK, force=False, enqueue=False)
    assert summation.build_status == Status.DONE

    summation = services.summation_request_build(week=WEEK, force=True, enqueue=False)
    assert summation.build_status == Status.PENDING
    assert Summation.objects.count() == 1


@pytest.mark.django_db
def test_a_live_lease_is_not_claimed_twice(settings):
    settings.SUMMATION_BUILD_LEASE_SECONDS = 600
    summation = Summation.objects.create(
        year=2026,
        week=46,
        build_status=Status.BUILDING,
        build_token="a" * 32,
        build_started_at=timezone.now() - timedelta(seconds=60),
        build_attempts=1,
    )

    result = services.summation_build(summation_id=summation.pk)

    assert result.outcome == services.Outcome.BUSY
    assert 530 < result.retry_in <= 540
    summation.refresh_from_db()
    assert (summation.build_token, summation.build_attempts) == ("a" * 32, 1)


@pytest.mark.django_db
def test_a_failed_build_records_the_error_and_keeps_the_last_good_pdfs(monkeypatch):
    services.summation_build_now(week=WEEK)
    good = Summation.objects.get().pdf_en.name

    def broken(period):
        raise RuntimeError("the stock table is missing")

    monkeypatch.setattr(sections, "SECTIONS", (*sections.SECTIONS, broken))
    with pytest.raises(services.SummationBuildFailed):
        services.summation_build_now(week=WEEK)

    summation = Summation.objects.get()
    assert summation.build_status == Status.FAILED
    assert summation.build_error == "RuntimeError: the stock table is missing"
    assert summation.pdf_en.name == good


@pytest.mark.django_db(transaction=True)
def test_a_build_overtaken_after_its_lease_ran_out_cannot_overwrite_the_newer_one(
    monkeypatch, settings, _media_root
):
    """A worker hangs past its lease; another takes the build over and finishes; when the
    first one wakes up, its result is thrown away."""
    settings.SUMMATION_BUILD_LEASE_SECONDS = 600
    summation = Summation.objects.create(year=2026, week=46)
    inside, release = threading.Event(), threading.Event()

    def slow(period):
        if threading.current_thread() is not threading.main_thread():
            inside.set()
            release.wait(30)
        return Section(key="slow", title="Slow", figures=(Figure.from_trend("n", [1, 2]),))

    monkeypatch.setattr(sections, "SECTIONS", (slow,))
    outcomes = []

    def hung_worker():
        try:
            outcomes.append(services.summation_build(summation_id=summation.pk))
        finally:
            connection.close()

    thread = threading.Thread(target=hung_worker)
    thread.start()
    assert inside.wait(30)
    # The first worker's lease runs out ...
    Summation.objects.filter(pk=summation.pk).update(
        build_started_at=timezone.now() - timedelta(seconds=601)
    )
    # ... and a second one takes over and finishes.
    taken_over = services.summation_build(summation_id=summation.pk)
    release.set()
    thread.join(30)

    assert taken_over.outcome == services.Outcome.BUILT
    assert outcomes[0].outcome == services.Outcome.LEASE_LOST
    summation.refresh_from_db()
    assert summation.build_status == Status.DONE
    assert summation.build_attempts == 2
    files = sorted(p.name for p in (_media_root / "summations" / "2026-W46").iterdir())
    assert files == sorted([Path(summation.pdf_en.name).name, Path(summation.pdf_es.name).name])


@pytest.mark.django_db
def test_presenting_needs_a_built_draft_and_adopting_a_presented_one(coordinator):
    summation = Summation.objects.create(year=2026, week=46)
    with pytest.raises(services.SummationStateError, match="Only a built summation"):
        services.summation_present(summation=summation, by=coordinator)
    with pytest.raises(services.SummationStateError, match="Present the summation"):
        services.summation_adopt(summation=summation, by=coordinator)

    Summation.objects.filter(pk=summation.pk).update(build_status=Status.DONE)
    summation = services.summation_present(summation=summation, by=coordinator)
    assert summation.state == Summation.State.PRESENTED
    assert summation.presented_by == coordinator
    with pytest.raises(services.SummationStateError, match="already been presented"):
        services.summation_present(summation=summation, by=coordinator)

    summation = services.summation_adopt(summation=summation, by=coordinator)
    assert summation.state == Summation.State.ADOPTED
    assert summation.adopted_by == coordinator
    assert summation.adopted_at is not None
    with pytest.raises(services.SummationStateError, match="already been adopted"):
        services.summation_adopt(summation=summation, by=coordinator)
