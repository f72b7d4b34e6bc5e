"""System checks of our own, run by `manage.py check --deploy` next to Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

ONE_YEAR = 365 * 24 * 60 * 60


@register(Tags.security, deploy=True)
def hsts_long_enough_for_preload(app_configs, **kwargs):
    # Django only warns when HSTS is off. With preload on, browsers' preload lists
    # refuse a max-age under a year, and a short one lets a returning reader be
    # downgraded to HTTP once it lapses (docs/security.md: never lower it below a year).
    seconds = getattr(settings, "SECURE_HSTS_SECONDS", 0)
    if settings.SECURE_HSTS_PRELOAD and 0 < seconds < ONE_YEAR:
        return [
            Warning(
                f"SECURE_HSTS_SECONDS is {seconds}, under a year, while SECURE_HSTS_PRELOAD is on.",
                hint="Leave DJANGO_HSTS_SECONDS unset (one year) or set it to at least 31536000.",
                id="dramasite.W001",
            )
        ]
    return []
