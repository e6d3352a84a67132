"""Every user-facing string has a Spanish translation: regenerate the catalogs from the source
in a scratch copy (as `make messages` does) and fail on any untranslated or fuzzy entry."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", ".git", "staticfiles", "media", ".test-media", "test-artifacts", "node_modules"}


@pytest.fixture(scope="module")
def regenerated_catalogs(tmp_path_factory) -> list[Path]:
    scratch = tmp_path_factory.mktemp("messages") / "project"
    shutil.copytree(
        ROOT, scratch, ignore=lambda d, names: [n for n in names if n in SKIP or n == "__pycache__"]
    )
    (scratch / ".venv").symlink_to(ROOT / ".venv")
    result = subprocess.run(
        ["make", "--no-print-directory", "messages"],
        cwd=scratch,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    catalogs = sorted(
        p for p in scratch.rglob("locale/es/LC_MESSAGES/django.po") if ".venv" not in p.parts
    )
    assert catalogs, "no Spanish catalog found"
    return catalogs


def test_every_string_has_a_spanish_translation(regenerated_catalogs):
    problems = []
    for path in regenerated_catalogs:
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags or not entry.translated():
                problems.append(f"{path.parent.parent.parent.parent.name}: {entry.msgid!r}")
    assert problems == [], "missing or fuzzy Spanish translations:\n" + "\n".join(problems)


def test_the_spanish_catalogs_compile():
    for path in ROOT.rglob("locale/es/LC_MESSAGES/django.po"):
        if ".venv" in path.parts:
            continue
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{path}: {result.stderr}"
