# The base area moved to contacts (contacts/0012): the relations point there, in Django's state
# only; the columns and the join table stay as they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0012_base_area_moves_to_contacts'),
        ('distribution', '0004_late_taps'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='deliveryrequest',
                    name='area',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contacts.basearea', verbose_name='area'),
                ),
                migrations.AlterField(
                    model_name='drivercoverage',
                    name='areas',
                    field=models.ManyToManyField(blank=True, related_name='+', to='contacts.basearea', verbose_name='areas'),
                ),
            ],
            database_operations=[],
        ),
    ]
