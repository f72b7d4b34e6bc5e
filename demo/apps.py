from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo newsroom (load_demo): shows, people and articles written for Dramasite."""

    name = "demo"
    verbose_name = "Demo content"
