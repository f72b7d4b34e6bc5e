"""In-process checks of the outage handling: the 503 page, and the cache backend with Redis gone.

The end-to-end versions, with real services stopped under gunicorn, are in
test_database_outage.py and test_redis_outage.py.
"""

import logging
import time

import pytest
from django.core.cache import caches
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import include, path

from articles.models import SpoilerReport
from rehearsal.html import parse
from rehearsal.services import free_port
from tests.factories import make_article


def view_losing_the_database(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def view_on_an_unmigrated_database(request):
    raise OperationalError("no such table: articles_article")


urlpatterns = [
    path("lost/", view_losing_the_database),
    path("unmigrated/", view_on_an_unmigrated_database),
    path("", include("dramasite.urls")),
]

handler500 = "hardening.outage.server_error"


class MiddlewareLosingTheDatabase:
    """Like a session or user read in middleware when PostgreSQL has gone away."""

    error = InterfaceError

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise self.error("the connection is lost")


class MiddlewareWithABug(MiddlewareLosingTheDatabase):
    error = RuntimeError


def assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert "Traceback" not in content
    assert "connection" not in content.lower()
    tree = parse(content)
    assert tree.find("a", cls="brand").text() == "Dramasite"
    assert tree.find("h1").text() == "We’ll be back in a moment"
    # Static: nothing inline, so the strict CSP holds without a nonce.
    assert tree.find_all("script") == []
    assert tree.find_all("style") == []


@pytest.mark.django_db
@pytest.mark.urls("tests.faults.test_outage_handling")
def test_a_view_that_loses_the_database_gets_the_503_page(django_assert_num_queries):
    """OperationalError in a view: the static 503 page with Retry-After, rendered without a query."""
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/lost/")
    assert_outage_page(response)


@pytest.mark.django_db
@pytest.mark.urls("tests.faults.test_outage_handling")
def test_a_database_never_migrated_says_so_in_the_log(caplog):
    """SQLite reports missing tables as OperationalError: readers get the 503 page, the log says what to run."""
    with caplog.at_level(logging.WARNING, logger="hardening.outage"):
        response = Client(raise_request_exception=False).get("/unmigrated/")
    assert_outage_page(response)
    [record] = [r for r in caplog.records if r.name == "hardening.outage"]
    assert record.levelno == logging.ERROR
    assert "run `manage.py migrate`" in record.getMessage()


def test_middleware_that_loses_the_database_gets_the_503_page(settings):
    """InterfaceError outside any view (sessions, the user, messages): handler500 picks the 503 page."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.MiddlewareLosingTheDatabase"]
    response = Client(raise_request_exception=False).get("/")
    assert_outage_page(response)


def test_other_errors_still_get_the_500_page(settings):
    """Only a database outage is a 503; a bug stays a 500 with the ordinary error page."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.MiddlewareWithABug"]
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert parse(response.content.decode()).find("h1").text() == "Something went wrong on our side"


@pytest.fixture
def dead_redis(settings):
    """The cache pointed at a port in our range where no Redis listens (as when Redis is stopped)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port(8170, 8179)}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    return caches["default"]


def test_the_cache_answers_like_an_empty_one_while_redis_is_unreachable(dead_redis, caplog):
    """Every cache call returns at once as a miss or a dropped write, and the outage is logged once."""
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="pagecache.cache_backends"):
        assert dead_redis.get("k", "fallback") == "fallback"
        dead_redis.set("k", 1)
        assert dead_redis.add("k", 1) is False
        assert dead_redis.get_many(["a", "b"]) == {}
        assert dead_redis.get_or_set("k", 7) == 7
        assert dead_redis.has_key("k") is False
        dead_redis.delete("k")
        dead_redis.delete_many(["a", "b"])
        with pytest.raises(ValueError):
            dead_redis.incr("k")
    assert time.monotonic() - started < 2
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert "Cache unreachable" in caplog.records[0].getMessage()


@pytest.mark.django_db
def test_a_report_is_refused_with_503_when_its_rate_limit_cannot_count(dead_redis):
    """Fail closed: without the rate-limit store a report gets a clear 503 page and nothing is stored."""
    article = make_article(headline="Queen of Tears finale")
    response = Client().post(f"/articles/{article.slug}/report/", {"message": "Names the twist.", "website": ""})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    tree = parse(response.content.decode())
    assert tree.find("h1").text() == "Reports are paused for a moment"
    assert tree.find("a", href=article.get_absolute_url())
    assert not SpoilerReport.objects.exists()
