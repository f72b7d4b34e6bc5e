"""The benchmark's reference views exist only under the bench settings, never in production."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import override_settings
from django.urls import Resolver404, resolve

from bench import settings as bench_settings

BENCH = {
    "ROOT_URLCONF": bench_settings.ROOT_URLCONF,
    "INSTALLED_APPS": bench_settings.INSTALLED_APPS,
    "MIDDLEWARE": bench_settings.MIDDLEWARE,
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


@override_settings(**BENCH)
def test_reference_views_under_bench_settings(client):
    """ok is two bytes; template is a ~23 KB page with a 30-item loop; neither touches the database."""
    response = client.get("/__bench__/ok")
    assert (response.status_code, response.content, response["X-Bench-Queries"]) == (200, b"ok", "0")
    response = client.get("/__bench__/template")
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Bench-Queries"] == "0"
    assert 21_000 < len(response.content) < 25_000
    assert html.count('<li class="item') == 30 and "30 of 30" in html


@pytest.mark.django_db
@override_settings(**BENCH)
def test_query_count_header_counts_a_pages_queries(client, django_assert_num_queries):
    """The runner reads X-Bench-Queries; it matches what Django ran for the page."""
    from tests.factories import make_article

    article = make_article()
    with django_assert_num_queries(int(client.get(article.get_absolute_url())["X-Bench-Queries"])):
        client.get(article.get_absolute_url())
    assert int(client.get("/")["X-Bench-Queries"]) > 0


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
