"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dramasite.settings")

application = get_asgi_application()

from hardening.staticfiles import require_collected  # noqa: E402 -- needs the apps loaded above

require_collected()
