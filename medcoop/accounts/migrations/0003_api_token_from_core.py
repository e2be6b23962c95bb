# API tokens move from core to accounts (issue 19): the model is declared here on the table core made
# (core_apitoken), so no row moves and existing databases keep working.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_member_institutions_on_the_admin_site'),
        ('core', '0010_api_token_moves_to_accounts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ApiToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('prefix', models.CharField(editable=False, max_length=12, verbose_name='starts with')),
                        ('digest', models.CharField(editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='last used at')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked at')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'API token',
                        'verbose_name_plural': 'API tokens',
                        'ordering': ['-created_at'],
                        'db_table': 'core_apitoken',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
