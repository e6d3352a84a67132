"""Model fields that keep personal data encrypted in the database."""

from django.db import models

from core import crypto


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; the database never sees the plaintext.

    Empty values are stored as "" so that "no phone" costs nothing to ask. Encrypted values
    cannot be filtered or ordered on: use a keyed hash column for exact matches."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)
