"""The benchmark's reference views exist only under the bench settings, never in production."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import override_settings
from django.urls import Resolver404, resolve

from bench import settings as bench_settings
from bench.wsgi import application as bench_application
from tests.wsgi import wsgi_request

BENCH = {
    "ROOT_URLCONF": bench_settings.ROOT_URLCONF,
    "INSTALLED_APPS": bench_settings.INSTALLED_APPS,
}


@pytest.mark.django_db  # a 404 asks whether the address moved (addresses/middleware.py)
def test_production_urlconf_does_not_route_the_reference_views(client):
    """Production serves a 404 for the bench paths, and cannot even find the reference template."""
    for path in ("/__bench__/ok", "/__bench__/template"):
        with pytest.raises(Resolver404):
            resolve(path, urlconf="dramasite.urls")
        assert client.get(path).status_code == 404
    with pytest.raises(TemplateDoesNotExist):
        get_template("bench/reference.html")


def test_production_settings_cannot_load_the_bench():
    """Not installed, so not its seeder either: `seed_bench --flush` (which empties every content table)
    is an unknown command under the production settings."""
    import subprocess
    import sys

    from django.conf import settings

    assert "bench" not in settings.INSTALLED_APPS
    result = subprocess.run(  # noqa: S603 -- our own interpreter and manage.py
        [sys.executable, "manage.py", "seed_bench", "--flush"],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "dramasite.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Unknown command: 'seed_bench'" in result.stderr


@pytest.mark.django_db  # the page cache's middleware may look for a stored page
@override_settings(**BENCH)
def test_reference_views_under_bench_settings():
    """ok is two bytes; template is a ~23 KB page with a 30-item loop; neither touches the database."""
    response = wsgi_request(bench_application, "/__bench__/ok")
    assert (response.status, response.body, response["X-Bench-Queries"]) == (200, b"ok", "0")
    response = wsgi_request(bench_application, "/__bench__/template")
    html = response.body.decode()
    assert response.status == 200 and response["X-Bench-Queries"] == "0"
    assert 21_000 < len(response.body) < 25_000
    assert html.count('<li class="item') == 30 and "30 of 30" in html


@pytest.mark.django_db
@override_settings(**BENCH)
def test_query_count_header_counts_a_pages_queries(django_assert_num_queries, settings):
    """The runner reads X-Bench-Queries: what Django ran for the page, and 0 for a page the cache answered."""
    from tests.factories import make_article

    url = make_article().get_absolute_url()
    settings.PAGE_CACHE = False
    with django_assert_num_queries(int(wsgi_request(bench_application, url)["X-Bench-Queries"])):
        wsgi_request(bench_application, url)
    assert int(wsgi_request(bench_application, "/")["X-Bench-Queries"]) > 0
    settings.PAGE_CACHE = True
    wsgi_request(bench_application, url)
    hit = wsgi_request(bench_application, url)
    cache.clear()
    assert (hit["X-Page-Cache"], hit["X-Bench-Queries"]) == ("hit", "0")


def test_the_bare_project_serves_the_reference_views_with_nothing_else():
    """Issue 19's frame (bench/bare): the same two views, no middleware, no apps, no database."""
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "client = Client()\n"
        "print(settings.MIDDLEWARE, settings.INSTALLED_APPS, settings.DATABASES)\n"
        "print(client.get('/__bench__/ok').content.decode())\n"
        "page = client.get('/__bench__/template')\n"
        "print(page.status_code, len(page.content) > 20000, page.content.decode().count('<li class=\"item'))\n"
        "print(client.get('/').status_code)\n"
    )
    env = {"DJANGO_SETTINGS_MODULE": "bench.bare.settings", "PATH": "", "PYTHONPATH": str(settings.BASE_DIR)}
    # Our own interpreter and a fixed script: nothing from outside.
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines() == ["[] [] {}", "ok", "200 True 30", "404"]
