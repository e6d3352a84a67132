"""`make backup` / `make restore`: an encrypted dump restores into an empty database with every
row, and the file holds no plaintext."""

import os
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import User

ROOT = Path(settings.BASE_DIR)


def _url(dbname: str) -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{dbname}"


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database(tmp_path, coordinator, driver):
    env = {**os.environ, "BACKUP_PASSPHRASE": "correct horse battery staple"}
    dump = tmp_path / "basework.dump.enc"
    subprocess.run(
        ["bin/backup", str(dump)],
        cwd=ROOT,
        env={**env, "DATABASE_URL": _url(connection.settings_dict["NAME"])},
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert b"coordinator@example.org" not in dump.read_bytes()

    target = f"basework_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run(
            ["bin/restore", str(dump)],
            cwd=ROOT,
            env={**env, "DATABASE_URL": _url(target)},
            check=True,
            capture_output=True,
            timeout=120,
        )
        out = subprocess.run(
            ["psql", _url(target), "-Atc", "SELECT email FROM accounts_user ORDER BY email"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.split()
        assert out == sorted(User.objects.values_list("email", flat=True))
        assert out == ["coordinator@example.org", "driver@example.org"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_a_backup_with_the_wrong_passphrase_does_not_restore(tmp_path):
    fake = tmp_path / "x.enc"
    fake.write_bytes(b"Salted__" + os.urandom(64))
    result = subprocess.run(
        ["bin/restore", str(fake)],
        cwd=ROOT,
        env={
            **os.environ,
            "BACKUP_PASSPHRASE": "wrong",
            "DATABASE_URL": _url("postgres_nonexistent"),
        },
        capture_output=True,
        timeout=60,
    )
    assert result.returncode != 0


@pytest.mark.django_db(transaction=True)
def test_a_backup_deletes_the_backups_older_than_the_retention(tmp_path):
    old, recent, other = (
        tmp_path / "basework-20250101T000000Z.dump.enc",
        tmp_path / "basework-20261201T000000Z.dump.enc",
        tmp_path / "notes.txt",
    )
    for path in (old, recent, other):
        path.write_bytes(b"x")
    now = time.time()
    os.utime(old, (now - 31 * 86400, now - 31 * 86400))
    os.utime(recent, (now - 29 * 86400, now - 29 * 86400))
    os.utime(other, (now - 400 * 86400, now - 400 * 86400))
    result = subprocess.run(
        ["bin/backup", str(tmp_path / "basework-new.dump.enc")],
        cwd=ROOT,
        env={
            **os.environ,
            "BACKUP_PASSPHRASE": "correct horse battery staple",
            "DATABASE_URL": _url(connection.settings_dict["NAME"]),
        },
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert not old.exists()
    assert recent.exists() and other.exists()  # within the 30 days; not a backup
    assert "backups are kept 30 days" in result.stdout


def test_a_retention_that_is_not_a_number_of_days_is_refused(tmp_path):
    result = subprocess.run(
        ["bin/backup", str(tmp_path / "basework-new.dump.enc")],
        cwd=ROOT,
        env={
            **os.environ,
            "BACKUP_PASSPHRASE": "x",
            "DATABASE_URL": "postgres://nowhere/x",
            "BACKUP_RETENTION_DAYS": "0",
        },
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "at least 1" in result.stderr
    assert not (tmp_path / "basework-new.dump.enc").exists()
