"""Lists that stay cheap however many articles there are: no COUNT(*) of the whole table."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adminsite.big_lists import COUNT_CAP
from rehearsal.html import parse
from tests.factories import logged_in, make_article, make_show, make_staff, make_user

pytestmark = pytest.mark.django_db

COUNT = re.compile(r"\bCOUNT\(", re.IGNORECASE)


def sql_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def many_articles(count, **kw):
    author = make_user()
    return [make_article(author=author, **kw) for _ in range(count)]


# Reader's listings --------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/section/news/"])
def test_listings_page_without_counting(client, url):
    """Home and section pages find the next page by reading one row more, never COUNT(*)."""
    many_articles(25, section="news")
    response, sql = sql_of(client, url)
    assert not [query for query in sql if COUNT.search(query)]
    nav = parse(response.content.decode()).find("nav", cls="pagination")
    assert nav.find("a", rel="next").attrs["href"] == "?page=2"
    assert "Page 1" in nav.text() and " of " not in nav.text()


def test_the_last_page_has_no_older_link_and_past_it_is_404(client):
    many_articles(25)
    last = parse(client.get("/", {"page": 2}).content.decode()).find("nav", cls="pagination")
    assert last.find_all("a", rel="prev") and not last.find_all("a", rel="next")
    assert client.get("/", {"page": 3}).status_code == 404
    assert client.get("/", {"page": "last"}).status_code == 404


# Admin lists --------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/articles/article/", "/admin/articles/spoilermoderation/"])
def test_admin_lists_never_count_more_than_the_cap_nor_scan_for_dates(url):
    """Every COUNT the list issues is capped by LIMIT; dates come from MIN/MAX, not DISTINCT over all rows."""
    show = make_show()
    for article in many_articles(5, has_spoilers=True, spoiler_show=show):
        article.shows.add(show)
    response, sql = sql_of(logged_in(make_staff("Editors")), url)
    counts = [query for query in sql if COUNT.search(query) and "spoilerreport" not in query.split("FROM")[1]]
    assert counts, sql
    for query in counts:
        assert f"LIMIT {COUNT_CAP + 1}" in query, query
    assert not [query for query in sql if "DISTINCT" in query.upper()], sql
    assert response.context["cl"].result_count == 5  # exact under the cap


def test_admin_date_drill_down_lists_the_years_in_range():
    """The article list still offers years to drill into, read from the first and last publish times."""
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    make_article(publish_at=now.replace(year=now.year - 2))
    make_article(publish_at=now + dt.timedelta(days=1))
    page = parse(logged_in(make_staff("Editors")).get("/admin/articles/article/").content.decode())
    years = [a.text() for a in page.find("nav", cls="toplinks").find_all("a")]
    assert [str(now.year - 2), str(now.year - 1), str(now.year)] == [y for y in years if y.isdigit()]


def test_show_filter_offers_only_shows_with_articles():
    used = make_show(title="Used show")
    make_show(title="Unused show")
    make_article().shows.add(used)
    page = logged_in(make_staff("Editors")).get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Used show" in page and "Unused show" not in page
