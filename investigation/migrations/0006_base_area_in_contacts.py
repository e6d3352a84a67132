# The base area moved to contacts (contacts/0012): grievances, campaigns and notes point there,
# and investigation's model goes, in Django's state only; the rows stay where they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0012_base_area_moves_to_contacts'),
        ('distribution', '0005_base_area_in_contacts'),
        ('investigation', '0005_ranking_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='grievance',
                    name='base_area',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grievances', to='contacts.basearea', verbose_name='base area'),
                ),
                migrations.AlterField(
                    model_name='campaign',
                    name='base_area',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='campaigns', to='contacts.basearea', verbose_name='base area'),
                ),
                migrations.AlterField(
                    model_name='investigationnote',
                    name='base_area',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='contacts.basearea', verbose_name='base area'),
                ),
                migrations.DeleteModel(name='BaseArea'),
            ],
            database_operations=[],
        ),
    ]
