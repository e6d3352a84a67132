"""`manage.py build_summation`: builds here and now, prints the PDF paths."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.weeks import Week
from summations.models import Summation


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("build_summation", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_it_builds_the_week_asked_for_and_prints_both_pdf_paths(_media_root):
    out, err = run("--week", "2026-W46")
    paths = out.split()
    assert len(paths) == 2
    for path, code in zip(paths, ("en", "es"), strict=True):
        assert Path(path).is_file()
        assert Path(path).read_bytes().startswith(b"%PDF")
        assert path.startswith(str(_media_root / "summations" / "2026-W46"))
        assert f"-{code}-" in path
    assert "Built the summation for 2026-W46 in" in err
    assert Summation.objects.get().build_status == Summation.BuildStatus.DONE


@pytest.mark.django_db
def test_it_builds_one_language_when_asked(_media_root):
    out, _err = run("--week", "2026-W46", "--language", "es")
    (path,) = out.split()
    assert "-es-" in path


@pytest.mark.django_db
def test_without_a_week_it_builds_the_week_just_ended():
    run()
    week = Week.last_completed(timezone.now())
    assert Summation.objects.for_week(week).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("week", "message"),
    [("2026-47", "is not an ISO week"), ("2999-W01", "has not ended yet")],
)
def test_it_refuses_a_bad_week(week, message):
    with pytest.raises(CommandError, match=message):
        run("--week", week)
    assert not Summation.objects.exists()


@pytest.mark.django_db
def test_it_will_not_build_alongside_a_running_worker():
    Summation.objects.create(
        year=2026,
        week=46,
        build_status=Summation.BuildStatus.BUILDING,
        build_started_at=timezone.now(),
        build_token="w" * 32,
    )
    with pytest.raises(CommandError, match="is being built by a worker right now"):
        run("--week", "2026-W46")
