# Every relation now points at contacts.BaseArea: its table takes contacts' name, and the
# content type follows (so permissions and generic lookups find it). Rows, ids and foreign keys
# are untouched (PostgreSQL's foreign keys follow a renamed table). The audit trail is
# append-only: its past rows keep naming "investigation.basearea".

from django.db import migrations


def content_type_follows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="contacts", model="basearea").exists():
        ContentType.objects.filter(app_label="investigation", model="basearea").update(
            app_label="contacts"
        )


def content_type_goes_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="investigation", model="basearea").exists():
        ContentType.objects.filter(app_label="contacts", model="basearea").update(
            app_label="investigation"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0012_base_area_moves_to_contacts'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('distribution', '0005_base_area_in_contacts'),
        ('investigation', '0006_base_area_in_contacts'),
    ]

    operations = [
        migrations.AlterModelTable(name='basearea', table=None),
        migrations.RunPython(content_type_follows, content_type_goes_back),
    ]
