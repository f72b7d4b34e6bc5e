from django.apps import AppConfig


class DramasiteConfig(AppConfig):
    """Project-wide pieces: templates tags shared by every app, demo helpers."""

    name = "dramasite"
    verbose_name = "Dramasite"
