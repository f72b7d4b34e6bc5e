"""A production-like site of our own (gunicorn, PostgreSQL, Redis) whose services the tests may stop.

The shared PostgreSQL and Redis are never touched: the fixture starts a
private PostgreSQL cluster and redis-server (rehearsal/services.py) on
free ports, migrates and seeds the database, and serves the site with
gunicorn under DJANGO_DEBUG=0. It is built once for the folder (about 15 s)
and torn down by process id and data folder.
"""

import json
import subprocess
import sys
from dataclasses import dataclass

import pytest

from rehearsal.services import (
    REPO_ROOT,
    Browser,
    Gunicorn,
    PrivatePostgres,
    PrivateRedis,
    free_port,
    manage,
    site_environment,
)

SETTINGS = "tests.faults.site_settings"


@dataclass
class OutageSite:
    postgres: PrivatePostgres
    redis: PrivateRedis
    server: Gunicorn
    env: dict
    rows: dict

    def browser(self):
        return Browser(self.server.base_url)


@pytest.fixture(scope="package")
def outage_site(tmp_path_factory):
    postgres = PrivatePostgres(free_port(8170, 8179))
    redis = PrivateRedis(free_port(postgres.port + 1, 8179))
    server = None
    try:
        postgres.start()
        postgres.create_database("site")
        redis.start()
        env = site_environment(
            database_url=postgres.url("site"),
            redis_url=redis.url(),
            media_root=tmp_path_factory.mktemp("outage-media"),
        )
        env["DJANGO_SETTINGS_MODULE"] = SETTINGS
        manage(env, "migrate", "--noinput")
        rows = json.loads(_run_seed(env))
        server = Gunicorn(free_port(redis.port + 1, 8179), env, workers=2, settings_module=SETTINGS)
        server.start()
        yield OutageSite(postgres, redis, server, env, rows)
    finally:
        if server:
            server.stop()
        redis.destroy()
        postgres.destroy()


def _run_seed(env):
    result = subprocess.run(  # noqa: S603 -- our own interpreter and module
        [sys.executable, "-m", "tests.faults.seed"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]
