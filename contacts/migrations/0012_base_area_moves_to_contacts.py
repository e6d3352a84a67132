# The base area moves from investigation to contacts (docs/decisions/0010): first in Django's
# state only, over the table investigation created (no row is touched); contacts/0013 renames
# the table once every relation points here.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0011_ranking_indexes'),
        ('investigation', '0005_ranking_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BaseArea',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('kind', models.CharField(choices=[('neighbourhood', 'Neighbourhood'), ('building', 'Building'), ('workplace', 'Workplace'), ('school', 'School'), ('other', 'Other')], max_length=16, verbose_name='kind')),
                        ('boundary', models.TextField(blank=True, help_text='What makes this a definite base: who is in it and who is not.', verbose_name='boundary')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='contacts.basearea', verbose_name='part of')),
                    ],
                    options={
                        'verbose_name': 'base area',
                        'verbose_name_plural': 'base areas',
                        'ordering': ['name'],
                        'db_table': 'investigation_basearea',
                    },
                ),
                migrations.AlterField(
                    model_name='contact',
                    name='base_area',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='contacts', to='contacts.basearea', verbose_name='base area'),
                ),
            ],
            database_operations=[],
        ),
    ]
