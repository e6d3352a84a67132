from django.db import migrations

# The mass-line terms; an organization may rename them or add levels afterwards.
LEVELS = [
    # (name, name_es, rank, counts_as_drawn_in)
    ("Advanced", "Avanzado", 30, True),
    ("Intermediate", "Intermedio", 20, True),
    ("Backward", "Atrasado", 10, False),
]


def seed(apps, schema_editor):
    DevelopmentLevel = apps.get_model("contacts", "DevelopmentLevel")
    for name, name_es, rank, drawn_in in LEVELS:
        DevelopmentLevel.objects.get_or_create(
            rank=rank,
            defaults={"name": name, "name_es": name_es, "counts_as_drawn_in": drawn_in},
        )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_conversations_development_access_log")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
