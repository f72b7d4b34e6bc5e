from django.apps import AppConfig


class BackupConfig(AppConfig):
    """export_content and import_content: the whole site in one archive, and back."""

    name = "backup"
    verbose_name = "Backup and restore"
