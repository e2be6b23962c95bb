from django.apps import AppConfig


class BackupConfig(AppConfig):
    """`medcoop backup` and `medcoop restore`: the database and the uploaded files in one archive."""

    name = "medcoop.backup"
    label = "backup"
