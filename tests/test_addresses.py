"""Addresses never break: a live page's changed address leads readers to the new one, in one hop."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from addresses.models import Redirect
from articles.models import Article
from rehearsal.admin_forms import form_data
from rehearsal.html import parse
from tests.factories import make_article, make_person, make_show, make_staff

pytestmark = pytest.mark.django_db

REDIRECTS = "/admin/addresses/redirect/"


def get(path, **params):
    return Client().get(path, params)


def moves_to(path, target, **params):
    response = get(path, **params)
    assert response.status_code == 301, (path, response.status_code)
    assert response["Location"] == target
    return response


def rename(obj, slug):
    obj.slug = slug
    obj.save()
    return obj


def editor_client():
    client = Client()
    client.force_login(make_staff("Editors"))
    return client


def test_a_live_articles_new_slug_leaves_a_301_from_the_old_address():
    article = make_article(slug="first-look", headline="First look at Queen of Tears")
    old = article.get_absolute_url()
    rename(article, "queen-of-tears-first-look")
    moves_to(old, "/articles/queen-of-tears-first-look/")
    assert get("/articles/queen-of-tears-first-look/").status_code == 200


def test_the_query_string_and_what_lies_below_the_old_address_follow():
    article = make_article(slug="before")
    rename(article, "after")
    moves_to("/articles/before/", "/articles/after/?utm_source=share", utm_source="share")
    show = make_show(slug="queen-of-tear")
    rename(show, "queen-of-tears")
    moves_to("/shows/queen-of-tear/feed/", "/shows/queen-of-tears/feed/")


def test_drafts_and_scheduled_articles_leave_no_redirect():
    draft = make_article(slug="draft-one", status=Article.Status.DRAFT, publish_at=None)
    rename(draft, "draft-two")
    later = make_article(slug="later-one", publish_at=timezone.now() + dt.timedelta(days=1))
    rename(later, "later-two")
    assert not Redirect.objects.exists()
    assert get("/articles/draft-one/").status_code == 404


def test_a_chain_is_served_in_one_hop():
    article = make_article(slug="a")
    rename(article, "b")
    rename(article, "c")
    moves_to("/articles/a/", "/articles/c/")
    moves_to("/articles/b/", "/articles/c/")


def test_going_back_to_an_old_slug_takes_the_address_back_without_a_loop():
    article = make_article(slug="a")
    rename(article, "b")
    rename(article, "a")
    assert get("/articles/a/").status_code == 200
    moves_to("/articles/b/", "/articles/a/")
    assert list(Redirect.objects.values_list("old_path", "new_path")) == [("/articles/b/", "/articles/a/")]


def test_an_old_address_reused_by_a_new_article_belongs_to_the_new_article():
    first = make_article(slug="finale-review", headline="The first review")
    rename(first, "finale-review-2024")
    second = make_article(slug="finale-review", headline="The second review")
    page = get("/articles/finale-review/")
    assert page.status_code == 200 and "The second review" in page.text
    assert not Redirect.objects.filter(old_path="/articles/finale-review/").exists()
    assert get(first.get_absolute_url()).status_code == 200
    assert second.get_absolute_url() == "/articles/finale-review/"


def test_a_draft_taking_an_old_address_leaves_the_redirect_until_it_goes_live():
    first = make_article(slug="old-name")
    rename(first, "new-name")
    second = make_article(slug="old-name", status=Article.Status.DRAFT, publish_at=None)
    moves_to("/articles/old-name/", "/articles/new-name/")
    second.status = Article.Status.PUBLISHED
    second.save()
    assert get("/articles/old-name/").status_code == 200


def test_shows_and_people_keep_their_old_addresses_too():
    show = make_show(slug="queen-of-tear", title="Queen of Tears")
    person = make_person(slug="kim-soohyun", name="Kim Soo Hyun")
    rename(show, "queen-of-tears")
    rename(person, "kim-soo-hyun")
    moves_to("/shows/queen-of-tear/", "/shows/queen-of-tears/")
    moves_to("/people/kim-soohyun/", "/people/kim-soo-hyun/")
    moves_to("/people/kim-soohyun/feed/atom/", "/people/kim-soo-hyun/feed/atom/")


def test_deleting_a_page_removes_the_redirects_that_led_to_it():
    article = make_article(slug="old")
    rename(article, "new")
    article.delete()
    assert not Redirect.objects.exists()
    assert get("/articles/old/").status_code == 404


def test_feeds_sitemaps_and_canonical_links_use_only_the_current_address():
    article = make_article(slug="old-address", headline="Ratings climb")
    rename(article, "new-address")
    canonical = parse(get("/articles/new-address/").text).find("link", rel="canonical").attrs["href"]
    assert canonical.endswith("/articles/new-address/")
    for path in (reverse("articles:feed"), reverse("articles:feed-atom"), "/sitemap.xml", "/sitemap-news.xml"):
        response = get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"old-address" not in body, path


def test_only_a_404_is_redirected_and_only_for_reading():
    article = make_article(slug="old")
    rename(article, "new")
    other = make_article(slug="taken")
    Redirect.objects.create(old_path="/articles/taken/", new_path="/articles/new/")
    assert get(other.get_absolute_url()).status_code == 200  # the page answers: the redirect is never used
    assert Client().post("/articles/old/").status_code in {404, 405}


def test_an_editor_made_redirect_means_its_address_alone():
    make_article(slug="festival")
    Redirect.objects.create(old_path="/events/", new_path="/articles/festival/")
    moves_to("/events/", "/articles/festival/")
    assert get("/events/2026/").status_code == 404


# The admin ----------------------------------------------------------------------------


def test_editors_see_and_remove_redirects():
    article = make_article(slug="old")
    rename(article, "new")
    client = editor_client()
    listing = client.get(REDIRECTS)
    assert listing.status_code == 200
    assert "/articles/old/" in listing.text and "/articles/new/" in listing.text
    redirect = Redirect.objects.get()
    assert client.post(f"{REDIRECTS}{redirect.pk}/delete/", {"post": "yes"}).status_code == 302
    assert get("/articles/old/").status_code == 404


def test_editors_add_a_redirect_and_it_points_to_the_end_of_a_chain():
    article = make_article(slug="b")
    rename(article, "c")
    client = editor_client()
    data = form_data(client.get(f"{REDIRECTS}add/"))
    data.update(old_path="/articles/a/", new_path="/articles/b/")
    assert client.post(f"{REDIRECTS}add/", data).status_code == 302
    moves_to("/articles/a/", "/articles/c/")


@pytest.mark.parametrize(
    ("old_path", "new_path", "message"),
    [
        ("/articles/b/", "/articles/a/", "readers would go round in a loop"),
        ("/articles/x/", "/articles/x/", "readers would go round in a circle"),
        ("/articles/x/", "https://elsewhere.example/", "An address on this site"),
        ("/articles/x/", "//elsewhere.example/", "An address on this site"),
        ("articles/x/", "/articles/c/", "An address on this site"),
        ("/articles/a/", "/articles/c/", "Redirect with this Old address already exists"),
        ("/articles/x/", "", "This field is required"),
    ],
    ids=["loop", "itself", "another site", "scheme-relative", "no slash", "taken", "empty"],
)
def test_a_bad_redirect_is_refused_next_to_its_field_and_nothing_is_saved(old_path, new_path, message):
    article = make_article(slug="a")
    rename(article, "b")  # /articles/a/ → /articles/b/
    client = editor_client()
    data = form_data(client.get(f"{REDIRECTS}add/"))
    data.update(old_path=old_path, new_path=new_path)
    response = client.post(f"{REDIRECTS}add/", data)
    assert response.status_code == 200
    errors = " ".join(node.text() for node in parse(response.text).find_all("ul", cls="errorlist"))
    assert message in errors
    assert list(Redirect.objects.values_list("old_path", "new_path")) == [("/articles/a/", "/articles/b/")]


@pytest.mark.parametrize("group", ["Writers", "Moderators"])
def test_writers_and_moderators_cannot_see_or_change_redirects(group):
    article = make_article(slug="old")
    rename(article, "new")
    redirect = Redirect.objects.get()
    client = Client()
    client.force_login(make_staff(group))
    assert client.get(REDIRECTS).status_code == 403
    assert client.get(f"{REDIRECTS}{redirect.pk}/change/").status_code == 403
    assert client.post(f"{REDIRECTS}{redirect.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"{REDIRECTS}add/", {"old_path": "/x/", "new_path": "/articles/new/"}).status_code == 403
    assert Redirect.objects.count() == 1


def test_an_editor_renaming_a_live_article_in_the_admin_leaves_the_redirect():
    article = make_article(slug="teaser", author=make_staff("Writers"))
    url = f"/admin/articles/article/{article.pk}/change/"
    client = editor_client()
    data = form_data(client.get(url))
    data["slug"] = "official-teaser"
    assert client.post(url, data).status_code == 302
    moves_to("/articles/teaser/", "/articles/official-teaser/")
