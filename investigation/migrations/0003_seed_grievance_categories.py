from django.db import migrations

# The seeded list from the issue; investigators may rename, reorder, add or retire categories.
CATEGORIES = [
    ("Rent", "Renta"),
    ("Repairs", "Reparaciones"),
    ("Eviction", "Desalojo"),
    ("Unpaid wages", "Salarios no pagados"),
    ("Hours", "Horas de trabajo"),
    ("Safety", "Seguridad"),
    ("Police", "Policía"),
    ("Immigration enforcement", "Control migratorio (la migra)"),
    ("Utilities", "Servicios (luz, gas, agua)"),
    ("Food", "Comida"),
    ("Health", "Salud"),
    ("Schools", "Escuelas"),
    ("Gender violence", "Violencia de género"),
    ("Other", "Otro"),
]


def seed(apps, schema_editor):
    GrievanceCategory = apps.get_model("investigation", "GrievanceCategory")
    for position, (name, name_es) in enumerate(CATEGORIES, start=1):
        GrievanceCategory.objects.get_or_create(
            name=name, defaults={"name_es": name_es, "position": position * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("investigation", "0002_grievances_antagonists_campaigns")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
