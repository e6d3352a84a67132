"""Model fields that keep personal data encrypted in the database."""

from django import forms
from django.db import models
from django.db.models.query import ModelIterable
from django.db.models.query_utils import DeferredAttribute

from core import crypto


class _OpeningAttribute(DeferredAttribute):
    """Reading the attribute opens a sealed value (and, with it, every other value loaded so
    far: one query for their keys), then keeps the plaintext on the instance."""

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if isinstance(value, crypto.Locked):
            value = value.open()
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value):
        # A data descriptor, so that reading goes through __get__ even once the value is set.
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """Text stored encrypted; the database never sees the plaintext.

    On a model that says whose data a row is (a `data_key_id()` method: the contact's own
    data key, see core.crypto), the value is sealed with that person's key, so that forgetting
    them makes it unreadable everywhere. Elsewhere, and where `data_key_id()` is None, it is
    encrypted with the deployment's key.

    Empty values are stored as "" so that "no phone" costs nothing to ask. Encrypted values
    cannot be filtered or ordered on: use a keyed hash column for exact matches. A per-person
    value can only be written from an instance (save, bulk_create) or as a `crypto.Token`
    (see `sealed`): a plain string given to update() would not know whose key to use."""

    descriptor_class = _OpeningAttribute

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        if crypto.is_sealed(value):
            return crypto.Locked(value)
        return crypto.decrypt(value)

    def formfield(self, **kwargs):
        # A short value (a name) is typed on one line, like the CharField it replaces.
        if self.max_length and self.max_length <= 255:
            kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)

    def _per_person(self) -> bool:
        return hasattr(getattr(self, "model", None), "data_key_id")

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        if isinstance(value, crypto.Locked):
            return crypto.Token(value.token)  # unchanged since it was read
        if not value or isinstance(value, crypto.Token):
            return value
        key_id = model_instance.data_key_id() if self._per_person() else None
        return crypto.seal(value, key_id)

    def get_prep_value(self, value):
        if isinstance(value, crypto.Locked):
            return value.token
        value = super().get_prep_value(value)
        if not value or isinstance(value, crypto.Token):
            return value
        if self._per_person():
            raise ValueError(
                f"{self.model._meta.label}.{self.name} is sealed with a person's own key: "
                "write it through the instance or core.fields.sealed()"
            )
        return crypto.encrypt(value)


def sealed(instance, name: str):
    """The value to give update() for `instance`'s field `name`: a per-person field sealed
    with its owner's key, any other field as it is."""
    field = instance._meta.get_field(name)
    if isinstance(field, EncryptedTextField):
        return field.pre_save(instance, add=False)
    return getattr(instance, name)


class SealedQuerySet(models.QuerySet):
    """The queryset of a model with sealed values (or joined to one): rows asked for as
    values() or values_list() come opened, like model instances do (one query for the keys)."""

    def bulk_create(self, objs, *args, **kwargs):
        # Open the owners' keys together: sealing each row would otherwise ask for its own.
        objs = list(objs)
        if hasattr(self.model, "data_key_id"):
            crypto.open_keys({obj.data_key_id() for obj in objs} - {None})
        return super().bulk_create(objs, *args, **kwargs)

    def _fetch_all(self):
        fresh = self._result_cache is None
        read = crypto.sealed_values_read()
        super()._fetch_all()
        # Rows of plain figures (a ranking's counts) are left as they are: only rows that
        # brought sealed values are walked through.
        if (
            fresh
            and not issubclass(self._iterable_class, ModelIterable)
            and read != crypto.sealed_values_read()
        ):
            crypto.open_pending()
            self._result_cache = [_opened(row) for row in self._result_cache]


def _opened(row):
    if isinstance(row, crypto.Locked):
        return row.open()
    if isinstance(row, dict):
        return {name: _opened(value) for name, value in row.items()}
    if isinstance(row, tuple):
        values = [_opened(value) for value in row]
        return type(row)(*values) if hasattr(row, "_fields") else tuple(values)
    return row
