from django.apps import AppConfig


class HardeningConfig(AppConfig):
    """The site's HTTP guards: cross-origin posts, CSP and its reports, the outage page, deploy checks."""

    name = "hardening"
    verbose_name = "Hardening"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deploy checks)
