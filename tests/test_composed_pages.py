"""Show, person, listing and front pages kept for what they show (publicpages/composed.py): never stale.

As for the article page (tests/articles/test_composed_page.py): the page cache is
off (tests/settings.py), the second request for a page renders nothing, and a
change made by any path (here mostly update(), which no signal reports) is on
the page at the next request.
"""

import datetime as dt

import pytest
from django.db.models.signals import post_init
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from people.models import Credit, Person
from pictures import renditions
from rehearsal.admin_forms import change_form
from shows.models import AirSlot, Episode, Genre, Network, Show
from tests.factories import (
    make_article,
    make_article_image,
    make_availability,
    make_network,
    make_person,
    make_service,
    make_show,
    staff_client,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    network = make_network(name="tvN", slug="tvn")
    show = make_show(title="Queen of Tears", slug="queen-of-tears", network=network, status="airing",
                     premiere_date=dt.date(2026, 11, 1), slots=[(5, dt.time(21, 10))])  # fmt: skip
    show.genres.add(Genre.objects.create(name="Romance", slug="romance"))
    Episode.objects.create(show=show, number=1, air_date=dt.date(2026, 11, 1), title="The wedding")
    person = make_person(name="Kim Ji Won", slug="kim-ji-won")
    Credit.objects.create(person=person, show=show, kind="lead", character_name="Hong Hae In")
    article = make_article(headline="The record-breaking finale", slug="finale-record", section="news")
    article.shows.add(show)
    article.people.add(person)
    article.tags.add("romance")
    return {"show": show, "person": person, "article": article, "network": network}


# The template of each page: the part kept. (Show and person pages render their articles every time.)
PAGE_TEMPLATES = {"shows/show_detail.html", "people/person_detail.html", "articles/listing.html", "articles/home.html"}


def rendered(url):
    """(whether the page's own template was rendered for this request, the page's text)."""
    response = Client().get(url)
    assert response.status_code == 200, url
    return bool(PAGE_TEMPLATES & {template.name for template in response.templates}), response.content.decode()


def kept(url):
    """The page is rendered once, then kept: the next request does not render it."""
    rendered(url)
    assert not rendered(url)[0], f"{url} was rendered again with nothing changed"


def shows(url, text):
    used, page = rendered(url)
    assert text in page, f"{url} does not show {text!r}"


PAGES = {
    "show": lambda site: site["show"].get_absolute_url(),
    "person": lambda site: site["person"].get_absolute_url(),
    "tag": lambda site: "/tags/romance/",
    "section": lambda site: "/section/news/",
    "home": lambda site: "/",
}


def _rename_show(site):
    Show.objects.filter(pk=site["show"].pk).update(title="Queen of Tears, renamed")
    return "Queen of Tears, renamed", ["show", "person", "home"]


def _rename_network(site):
    Network.objects.filter(pk=site["network"].pk).update(name="tvN Drama")
    return "tvN Drama", ["show", "home"]


def _add_episode(site):
    Episode.objects.create(show=site["show"], number=2, air_date=dt.date(2026, 11, 2), title="The divorce papers")
    return "The divorce papers", ["show"]


def _stream_it(site):
    make_availability(site["show"], service=make_service(name="Netflix", slug="netflix"))
    return "Netflix", ["show"]


def _rename_genre(site):
    Genre.objects.filter(slug="romance").update(name="Romantic comedy")
    return "Romantic comedy", ["show"]


def _recast(site):
    Credit.objects.filter(person=site["person"]).update(character_name="Hong Hae-in")
    return "Hong Hae-in", ["show", "person"]


def _rename_person(site):
    Person.objects.filter(pk=site["person"].pk).update(name="Kim Ji-won")
    return "Kim Ji-won", ["show", "person"]


def _edit_headline(site):
    Article.objects.filter(pk=site["article"].pk).update(headline="The finale, as corrected")
    return "The finale, as corrected", ["show", "person", "tag", "section", "home"]


def _rename_tag(site):
    Tag.objects.filter(slug="romance").update(name="Slow-burn romance")
    return "Slow-burn romance", ["tag"]


def _new_article(site):
    newer = make_article(headline="A newer story", slug="newer-story", section="news")
    newer.shows.add(site["show"])
    newer.people.add(site["person"])
    newer.tags.add("romance")
    return "A newer story", ["show", "person", "tag", "section", "home"]


def _move_the_slot(site):
    AirSlot.objects.filter(show=site["show"]).update(local_time=dt.time(22, 30))
    return "22:30", ["show"]


@pytest.mark.parametrize(
    "change",
    [
        _rename_show, _rename_network, _add_episode, _stream_it, _rename_genre, _recast, _rename_person,
        _edit_headline, _rename_tag, _new_article, _move_the_slot,
    ],
)  # fmt: skip
def test_a_change_is_on_every_page_that_shows_it(site, change):
    urls = {name: page(site) for name, page in PAGES.items()}
    for url in urls.values():
        kept(url)
    text, where = change(site)
    for name in where:
        shows(urls[name], text)


def test_the_next_episode_moves_on_with_the_clock(site, monkeypatch):
    """Nothing is saved when an episode airs: the next one is part of the key."""
    url = site["show"].get_absolute_url()
    kept(url)
    before = rendered(url)[1]
    later = timezone.now() + dt.timedelta(days=7)
    monkeypatch.setattr(timezone, "now", lambda: later)
    used, after = rendered(url)
    assert used and after != before


def test_the_progress_confirmation_is_a_page_of_its_own(site):
    url = site["show"].get_absolute_url()
    kept(url)
    saved = "Saved: you've watched up to episode 1 of Queen of Tears."
    used, page = rendered(f"{url}?progress=saved&episode=1")
    assert used and saved in page
    assert saved not in rendered(url)[1]


def test_each_page_of_a_listing_is_its_own(site):
    for number in range(25):
        make_article(headline=f"Story {number}", slug=f"story-{number}", section="news")
    kept("/section/news/")
    kept("/section/news/?page=2")
    assert "Story 0" in rendered("/section/news/?page=2")[1]
    assert "Story 0" not in rendered("/section/news/")[1]


def test_the_front_pages_list_alone_changes(site):
    """An article only in the front page's list (not its lead, not in a section's newest three)."""
    for number in range(4):
        make_article(headline=f"Newer news {number}", slug=f"newer-news-{number}", section="news")
    kept("/")
    Article.objects.filter(pk=site["article"].pk).update(headline="Only the list shows this")
    shows("/", "Only the list shows this")


def test_a_save_in_the_admin_reaches_the_show_and_person_pages(site):
    """The show form with its cast inline: what an editor saves is on both pages at once."""
    show_url, person_url = site["show"].get_absolute_url(), site["person"].get_absolute_url()
    kept(show_url)
    kept(person_url)
    editor = staff_client("Editors")
    admin_url = f"/admin/shows/show/{site['show'].pk}/change/"
    _, data = change_form(editor, admin_url, "show_form")
    data["title"] = "Queen of Tears (saved in the admin)"
    data["credits-0-character_name"] = "Hong Hae-in, queen of Queens"
    assert editor.post(admin_url, data).status_code == 302
    for url in (show_url, person_url):
        shows(url, "Queen of Tears (saved in the admin)")
        shows(url, "Hong Hae-in, queen of Queens")


def _articles_made_for(url):
    """How many Article instances a request for url made."""
    made = []

    def count(sender, **kwargs):
        made.append(sender)

    post_init.connect(count, sender=Article)
    try:
        rendered(url)
    finally:
        post_init.disconnect(count, sender=Article)
    return len(made)


@pytest.mark.parametrize("page", ["tag", "section", "home", "show", "person"])
def test_a_kept_list_of_cards_is_found_by_its_rows_alone(site, page):
    """The key is the listing's rows as read (publicpages.prepared.RowsAsRead): no article is made for a kept page."""
    for number in range(3):
        more = make_article(headline=f"Story {number}", slug=f"story-{number}", section="news")
        more.shows.add(site["show"])
        more.people.add(site["person"])
        more.tags.add("romance")
    picture = make_article_image(more, is_lead=True).image  # on its card, and the front page's lead story
    url = PAGES[page](site)
    kept(url)
    assert picture.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] in rendered(url)[1]
    assert _articles_made_for(url) == 0


@pytest.mark.parametrize("page", ["tag", "section", "home", "show", "person"])
def test_a_cards_picture_made_later_is_on_the_kept_pages(site, page):
    """Renditions are made after the upload: no row changes when they appear, but the cards must offer them."""
    image = make_article_image(site["article"], is_lead=True, alt_text="The finale's last scene")
    renditions.remove(image.image.storage, image.image.name, image.width)
    url = PAGES[page](site)
    kept(url)
    webp = renditions.rendition_name(image.image.name, image.width, "webp")
    assert webp not in rendered(url)[1]
    renditions.make(image.image, image.width)
    used, page_html = rendered(url)
    assert webp in page_html


def test_a_kept_listing_still_tells_the_page_cache_whose_names_it_shows(site):
    """Its cards' bylines are kept with the page: a renamed author still empties a cached copy of it."""
    kept("/tags/romance/")
    response = Client().get("/tags/romance/")
    assert f"author:{site['article'].author_id}" in response.wsgi_request._page_cache_tags


def test_an_authors_sign_in_leaves_the_kept_lists_kept(site):
    """A sign-in writes last_login, which no card shows: the lists of their articles are not rendered again."""
    for url in ("/tags/romance/", "/section/news/", "/"):
        kept(url)
    type(site["article"].author).objects.filter(pk=site["article"].author_id).update(last_login=timezone.now())
    for url in ("/tags/romance/", "/section/news/", "/"):
        assert not rendered(url)[0], f"{url} was rendered again after a sign-in"
