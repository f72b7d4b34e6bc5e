"""Settings for `make bench`: production settings plus the bench-only reference views.

The runner (scripts/bench.py) starts gunicorn with DJANGO_SETTINGS_MODULE set
to this module and the production environment (DJANGO_DEBUG=0, a generated
secret key, ALLOWED_HOSTS 127.0.0.1). Nothing else changes: the reference
views are routed only here, and one middleware reports each response's query
count in a header the runner reads.
"""

import os
from pathlib import Path

from dramasite.settings import *  # noqa: F403
from dramasite.settings import BASE_DIR, MIDDLEWARE, TEMPLATES

ROOT_URLCONF = "dramasite.bench.urls"

# Outermost, so it also counts what other middleware (sessions, a page cache) asks of the database.
MIDDLEWARE = ["dramasite.bench.middleware.QueryCountHeaderMiddleware", *MIDDLEWARE]

TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]}]

# The runner collects static files here, never into the project's staticfiles/.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", BASE_DIR / ".bench" / "static"))
