"""The 404 and 500 pages, in the site's design."""

import pytest
from django.test import Client
from django.urls import include, path

from articles.models import Article
from rehearsal.html import parse
from tests.factories import make_article


def broken_view(request):
    raise RuntimeError("something broke")


urlpatterns = [
    path("broken/", broken_view),
    path("", include("dramasite.urls")),
]


@pytest.mark.django_db
def test_404_page_is_in_the_site_design(client):
    """A missing page answers 404 with the site's header, a clear heading and ways back in."""
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    tree = parse(response.content.decode())
    assert tree.find("a", cls="brand").text() == "Dramasite"
    [h1] = tree.find_all("h1")
    assert h1.text() == "We couldn’t find that page"
    links = {a.attrs["href"] for a in tree.find("section", cls="error-page").find_all("a")}
    assert {"/", "/shows/", "/people/"} <= links
    form = tree.find("form", cls="error-search")
    assert form.attrs["action"] == "/search/"
    assert tree.find("label", for_="error-search-q")
    # The site's script is its own file, allowed by 'self': no per-reader nonce in the page.
    script = tree.find("script")
    assert script.attrs["src"] == "/static/js/site.js" and "nonce" not in script.attrs
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_unpublished_article_is_the_404_page(client):
    """A draft's address shows the ordinary 404 page, nothing of the draft."""
    draft = make_article(headline="Secret draft", status=Article.Status.DRAFT, publish_at=None)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    content = response.content.decode()
    assert "We couldn’t find that page" in content
    assert "Secret draft" not in content


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_pages")
def test_500_page_renders_without_database_or_context(django_assert_num_queries):
    """An unexpected error shows the static 500 page: site design, no traceback, no database query."""
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/broken/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "something broke" not in content
    assert "Traceback" not in content
    tree = parse(content)
    assert tree.find("a", cls="brand").text() == "Dramasite"
    assert tree.find("h1").text() == "Something went wrong on our side"
    assert tree.find("link", rel="stylesheet").attrs["href"].endswith("css/site.css")
    # Nothing inline: the page must pass the site's strict CSP.
    assert tree.find_all("script") == []
    assert tree.find_all("style") == []
