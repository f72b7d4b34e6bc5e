"""Settings for `make bench`: production settings plus the bench-only reference views.

The runner (scripts/bench.py) starts gunicorn on bench.wsgi with
DJANGO_SETTINGS_MODULE set to this module and the production environment
(DJANGO_DEBUG=0, a generated secret key, ALLOWED_HOSTS 127.0.0.1). Nothing else
changes: the bench app (its seeder, `seed_bench`, and the reference views) is
installed only here, and bench.wsgi reports each response's query count in a
header the runner reads. Production settings cannot load any of it
(tests/bench/test_bench_views.py).
"""

import os
from pathlib import Path

from dramasite.settings import *  # noqa: F403
from dramasite.settings import BASE_DIR, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"

# The runner collects static files here, never into the project's staticfiles/.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", BASE_DIR / ".bench" / "static"))
