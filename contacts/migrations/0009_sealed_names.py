"""Every contact gets a data key of its own, and their name (plaintext until now), phone,
address, notes and dietary needs, with the text of the rows about them (conversations,
assessments, grievances, delivery requests), are sealed with it; names get search tokens.

Forward and back: backwards opens everything and stores it as before (names in plaintext,
the rest under the deployment's key) and deletes the data keys. Values are read and written
as they are stored (raw SQL), so that this does not depend on the fields' current code."""

import contacts.models
from cryptography.fernet import Fernet
import django.db.models.deletion
from django.db import migrations, models

# What is sealed with the contact's key: (table's model, its columns, the column naming them).
ABOUT_A_CONTACT = [
    ("contacts", "Conversation", ["summary"]),
    ("contacts", "DevelopmentAssessment", ["reason"]),
    ("investigation", "Grievance", ["description"]),
    ("distribution", "DeliveryRequest", ["address", "phone", "dietary", "notes"]),
]
CONTACT_FIELDS = ["phone", "address", "notes", "dietary_needs"]
MARK = ":"  # "<Fernet token>:<data key id>" (core.crypto)


def _rows(cursor, sql, params=()):
    cursor.execute(sql, params)
    return cursor.fetchall()


def seal_everything(apps, schema_editor):
    from contacts.models import name_token_digests
    from core import crypto

    connection = schema_editor.connection
    quote = connection.ops.quote_name
    Contact = apps.get_model("contacts", "Contact")
    DataKey = apps.get_model("core", "DataKey")
    NameToken = apps.get_model("contacts", "NameToken")
    table = quote(Contact._meta.db_table)
    columns = ", ".join(quote(c) for c in ["id", "name", *CONTACT_FIELDS])
    with connection.cursor() as cursor:
        contacts = _rows(
            cursor,
            f"SELECT {columns} FROM {table} WHERE forgotten_at IS NULL AND key_id IS NULL",
        )
        fernets = {}
        for contact_id, name, *values in contacts:
            wrapped, fernet = crypto.new_data_key()
            key = DataKey.objects.create(wrapped=wrapped)
            fernets[contact_id] = (key.pk, fernet)

            def seal(plaintext, key_id=key.pk, fernet=fernet):
                if not plaintext:
                    return ""
                return f"{fernet.encrypt(plaintext.encode()).decode()}{MARK}{key_id}"

            opened = [crypto.decrypt(v) if v else "" for v in values]
            sets = ", ".join(f"{quote(c)} = %s" for c in ["name", *CONTACT_FIELDS])
            cursor.execute(
                f"UPDATE {table} SET {sets}, key_id = %s WHERE id = %s",
                [seal(name), *(seal(v) for v in opened), key.pk, contact_id],
            )
            NameToken.objects.bulk_create(
                NameToken(contact_id=contact_id, digest=d) for d in name_token_digests(name)
            )
        for app, model_name, fields in ABOUT_A_CONTACT:
            model = apps.get_model(app, model_name)
            rows_table = quote(model._meta.db_table)
            picked = ", ".join(quote(f) for f in fields)
            rows = _rows(
                cursor,
                f"SELECT id, contact_id, {picked} FROM {rows_table} WHERE contact_id IS NOT NULL",
            )
            sets = ", ".join(f"{quote(f)} = %s" for f in fields)
            updates = []
            for row_id, contact_id, *values in rows:
                if contact_id not in fernets or not any(values):
                    continue
                key_id, fernet = fernets[contact_id]
                sealed = [
                    f"{fernet.encrypt(crypto.decrypt(v).encode()).decode()}{MARK}{key_id}"
                    if v and MARK not in v
                    else v
                    for v in values
                ]
                updates.append([*sealed, row_id])
            cursor.executemany(f"UPDATE {rows_table} SET {sets} WHERE id = %s", updates)


def open_everything(apps, schema_editor):
    from core import crypto

    connection = schema_editor.connection
    quote = connection.ops.quote_name
    Contact = apps.get_model("contacts", "Contact")
    DataKey = apps.get_model("core", "DataKey")
    keys = {
        pk: Fernet(crypto.decrypt(wrapped).encode())
        for pk, wrapped in DataKey.objects.values_list("pk", "wrapped")
    }

    def opened(value):
        if not value or MARK not in value:
            return value, value
        token, key_id = value.rsplit(MARK, 1)
        fernet = keys.get(int(key_id))
        plaintext = fernet.decrypt(token.encode()).decode() if fernet else ""
        return plaintext, crypto.encrypt(plaintext) if plaintext else ""

    table = quote(Contact._meta.db_table)
    columns = ", ".join(quote(c) for c in ["id", "name", *CONTACT_FIELDS])
    with connection.cursor() as cursor:
        updates = []
        for contact_id, name, *values in _rows(cursor, f"SELECT {columns} FROM {table}"):
            updates.append([opened(name)[0], *(opened(v)[1] for v in values), contact_id])
        sets = ", ".join(f"{quote(c)} = %s" for c in ["name", *CONTACT_FIELDS])
        cursor.executemany(f"UPDATE {table} SET {sets}, key_id = NULL WHERE id = %s", updates)
        for app, model_name, fields in ABOUT_A_CONTACT:
            model = apps.get_model(app, model_name)
            rows_table = quote(model._meta.db_table)
            picked = ", ".join(quote(f) for f in fields)
            rows = _rows(cursor, f"SELECT id, {picked} FROM {rows_table}")
            sets = ", ".join(f"{quote(f)} = %s" for f in fields)
            cursor.executemany(
                f"UPDATE {rows_table} SET {sets} WHERE id = %s",
                [[*(opened(v)[1] for v in values), row_id] for row_id, *values in rows],
            )
    DataKey.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0008_reach_indexes"),
        ("core", "0003_data_keys"),
        ("investigation", "0004_grievance_area_category"),
        ("distribution", "0002_stock_carried_forward"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="key",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="core.datakey",
            ),
        ),
        migrations.AlterField(
            model_name="contact",
            name="name",
            field=contacts.models.NameField(
                help_text="A first name or a nickname is enough.",
                max_length=60,
                verbose_name="name or nickname",
            ),
        ),
        migrations.CreateModel(
            name="NameToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(db_index=True, max_length=20)),
                (
                    "contact",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contacts.contact",
                    ),
                ),
            ],
        ),
        migrations.RunPython(seal_everything, open_everything, elidable=False),
    ]
