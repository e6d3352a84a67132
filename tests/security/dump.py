"""What a seized database gives away: a raw `pg_dump` of the test database (committed rows
only: use `django_db(transaction=True)`), and every encrypted value read back with the key."""

import os
import subprocess

from django.apps import apps
from django.db import connection

from core.fields import EncryptedTextField


def raw_dump() -> str:
    """The database's rows as `pg_dump --data-only` writes them."""
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    result = subprocess.run(
        [
            "pg_dump",
            "--data-only",
            "--host",
            db["HOST"] or "127.0.0.1",
            "--port",
            str(db["PORT"] or 5432),
            "--username",
            db["USER"],
            db["NAME"],
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def encrypted_fields() -> list[tuple[type, str]]:
    """Every (model, field name) stored with EncryptedTextField, in every installed app."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def decrypted_values() -> dict[str, list[str]]:
    """Every non-empty encrypted value in the database, decrypted, by "app.Model.field"."""
    found: dict[str, list[str]] = {}
    for model, name in encrypted_fields():
        values = model._default_manager.exclude(**{name: ""}).values_list(name, flat=True)
        found[f"{model._meta.label}.{name}"] = [v for v in values if v]
    return found
