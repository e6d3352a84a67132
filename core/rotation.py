"""Key rotation for every app's encrypted values (`manage.py rotate_encryption`): after a new
key is put first in FIELD_ENCRYPTION_KEY, put everything the deployment's keys protect under
it, so that the old key can go.

A model with encrypted fields can say how its rows are resealed, through three optional
class methods (core knows no app):
- `rotation_rows(rows, names)`: the QuerySet to read, with what opens each row's seal;
- `rotation_refresh(rows)`: re-compute values derived with the key (lookup hashes) before the
  rows are saved; returns the names of the fields it changed;
- `rotation_saved(rows)`: what to rebuild once the rows are saved (search tokens)."""

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.db import transaction

from core import crypto
from core.fields import EncryptedTextField
from core.models import DataKey, KeyCanary


def rotate_everything(*, batch_size: int = 500) -> dict[str, int]:
    """Re-wrap every person's data key, re-encrypt the values sealed with the deployment's key
    (those of no one in particular), re-compute what each model derives with the key, and
    re-encrypt the MFA secrets. Values sealed with a person's own key are re-sealed with that
    same key. Idempotent. Returns {model label: rows}."""
    counts: dict[str, int] = {"core.DataKey": _rewrap_data_keys(batch_size)}
    KeyCanary.objects.update(token=crypto.encrypt("basework"))
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            counts[model._meta.label] = _reseal(model, fields, batch_size)
    counts["mfa.Authenticator"] = _rotate_authenticators()
    return counts


def _rewrap_data_keys(batch_size: int) -> int:
    pks = list(DataKey.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        with transaction.atomic():
            keys = list(
                DataKey.objects.select_for_update().filter(pk__in=pks[start : start + batch_size])
            )
            for key in keys:
                key.wrapped = crypto.rotate(key.wrapped)
            DataKey.objects.bulk_update(keys, ["wrapped"])
    return len(pks)


def _reseal(model, fields, batch_size: int) -> int:
    names = [f.name for f in fields]
    manager = model._default_manager
    pks = list(manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        with transaction.atomic():
            rows = manager.select_for_update(of=("self",)).filter(
                pk__in=pks[start : start + batch_size]
            )
            if hasattr(model, "rotation_rows"):
                rows = model.rotation_rows(rows, names)
            else:
                rows = rows.only("pk", *names)
            rows = list(rows)
            changed = (
                list(model.rotation_refresh(rows)) if hasattr(model, "rotation_refresh") else []
            )
            for row in rows:
                for field in fields:
                    # Reading opened it with any key; sealing uses the current one.
                    row.__dict__[field.attname] = field.pre_save(row, add=False)
            manager.bulk_update(rows, names + changed)
            if hasattr(model, "rotation_saved"):
                model.rotation_saved(rows)
    return len(pks)


def _rotate_authenticators() -> int:
    rotated = 0
    with transaction.atomic():
        for authenticator in Authenticator.objects.select_for_update():
            data = dict(authenticator.data)
            for key in ("secret", "seed"):
                if data.get(key):
                    data[key] = crypto.rotate(data[key])
            # Recovery codes carried over from another MFA library are kept one by one.
            if data.get("migrated_codes"):
                data["migrated_codes"] = [crypto.rotate(code) for code in data["migrated_codes"]]
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            rotated += 1
    return rotated
