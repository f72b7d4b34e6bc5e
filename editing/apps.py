from django.apps import AppConfig


class EditingConfig(AppConfig):
    """What every edited model shares: optimistic locking, history with restore, sanitised rich text."""

    name = "editing"
    verbose_name = "Editing"
