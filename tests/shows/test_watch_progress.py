"""“I've watched up to episode N” on the show page: a plain form POST that sets one cookie.

The page itself never reads the cookie (it is one cached page for every reader);
static/js/watch_progress.js shows the reader's progress, tested in tests/browser/.
"""

import pytest
from django.test import Client
from django.urls import reverse

from rehearsal.html import parse
from shows.models import Episode
from shows.watch_progress import COOKIE_NAME, MAX_SHOWS
from tests.factories import make_article, make_show


def progress_url(show):
    return reverse("shows:progress", kwargs={"slug": show.slug})


def page(client, show):
    response = client.get(show.get_absolute_url())
    assert response.status_code == 200
    return parse(response.content.decode())


@pytest.mark.django_db
def test_show_page_has_a_labelled_progress_form(client):
    """A labelled number field (0 to the episode count) posts to the progress address; no per-reader token."""
    show = make_show(title="Queen of Tears", episode_count=16)
    section = page(client, show).find("section", id="watch-progress")
    assert section.find("h2").text() == "How far have you watched?"
    form = section.find("form")
    assert form.attrs["method"] == "post"
    assert form.attrs["action"] == progress_url(show)
    # The page is cached for all anonymous readers: Fetch Metadata guards the post instead of a token.
    assert form.find_all("input", name="csrfmiddlewaretoken") == []
    field = form.find("input", name="episode")
    assert field.attrs["type"] == "number"
    assert (field.attrs["min"], field.attrs["max"]) == ("0", "16")
    label = form.find("label", for_=field.attrs["id"])
    assert label.text() == "I've watched up to episode"
    assert form.find("button", type="submit").text() == "Save"
    # Offered to every reader (the page cannot know who has progress); the script hides it for those without.
    assert form.find("button", name="clear").text() == "Forget my progress"
    assert section.attrs["data-show"] == str(show.pk)


@pytest.mark.django_db
def test_saving_progress_sets_the_cookie_and_redirects_back(client):
    """A valid POST answers 303 to the show page and stores show:episode in one long-lived cookie.

    Not HttpOnly: the page's script reads it to lift shields on a page shared by every reader.
    """
    show = make_show(episode_count=16)
    response = client.post(progress_url(show), {"episode": "8"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{show.get_absolute_url()}?progress=saved&episode=8#watch-progress"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == f"{show.pk}:8"
    assert not cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert int(cookie["max-age"]) >= 30 * 24 * 3600


@pytest.mark.django_db
def test_after_saving_the_page_confirms_and_shows_progress(client):
    """Following the redirect, the reader sees what was saved (from the address, so without JavaScript too)."""
    show = make_show(title="Queen of Tears", episode_count=16)
    response = client.post(progress_url(show), {"episode": "8"}, follow=True)
    tree = parse(response.content.decode())
    section = tree.find("section", id="watch-progress")
    assert section.find(role="status").text() == "Saved: you've watched up to episode 8 of Queen of Tears."
    assert section.find("button", name="clear").text() == "Forget my progress"
    # The address alone says it: any value but a real episode of the show confirms nothing.
    for query in ("progress=saved&episode=99", "progress=saved&episode=abc", "progress=saved", "episode=8"):
        other = parse(client.get(f"{show.get_absolute_url()}?{query}").content.decode())
        assert other.find("section", id="watch-progress").find(role="status").text() == ""


@pytest.mark.django_db
def test_progress_for_several_shows_shares_one_cookie(client):
    """Saving a second show keeps the first; saving the first again moves it last."""
    first, second = make_show(), make_show()
    client.post(progress_url(first), {"episode": "3"})
    client.post(progress_url(second), {"episode": "5"})
    assert client.cookies[COOKIE_NAME].value == f"{first.pk}:3.{second.pk}:5"
    client.post(progress_url(first), {"episode": "4"})
    assert client.cookies[COOKIE_NAME].value == f"{second.pk}:5.{first.pk}:4"


@pytest.mark.django_db
def test_the_cookie_never_holds_more_than_the_cap(client):
    """A reader at the cap who adds a show loses their oldest one; the cookie stays small."""
    show = make_show()
    client.cookies[COOKIE_NAME] = ".".join(f"{n}:1" for n in range(100000, 100000 + MAX_SHOWS))
    client.post(progress_url(show), {"episode": "2"})
    value = client.cookies[COOKIE_NAME].value
    pairs = value.split(".")
    assert len(pairs) == MAX_SHOWS
    assert pairs[0] == "100001:1"
    assert pairs[-1] == f"{show.pk}:2"


@pytest.mark.django_db
def test_a_malformed_cookie_is_replaced_cleanly(client):
    """Junk in the cookie is dropped when the reader saves."""
    show = make_show()
    client.cookies[COOKIE_NAME] = "junk.-1:2.7:99999"
    response = client.post(progress_url(show), {"episode": "2"})
    assert response.status_code == 303
    assert response.cookies[COOKIE_NAME].value == f"{show.pk}:2"


@pytest.mark.parametrize(
    ("episode", "message"),
    [
        ("", "Enter the last episode you have watched, or 0."),
        ("eight", "Enter a whole number, like 8."),
        ("8.5", "Enter a whole number, like 8."),
        ("-1", "greater than or equal to 0"),
        ("17", "has 16 episodes"),
        ("99999999999999999999", "has 16 episodes"),
    ],
)
@pytest.mark.django_db
def test_invalid_progress_is_a_400_with_the_error_on_the_form(client, episode, message):
    """Bad input re-renders the show page as a 400 with the error tied to the field; no cookie is set."""
    show = make_show(title="Queen of Tears", episode_count=16)
    response = client.post(progress_url(show), {"episode": episode})
    assert response.status_code == 400
    assert COOKIE_NAME not in response.cookies
    tree = parse(response.content.decode())
    assert tree.find("h1").text() == "Queen of Tears"
    field = tree.find("input", name="episode")
    assert field.attrs["aria-invalid"] == "true"
    error = tree.find(id=field.attrs["aria-describedby"])
    assert message in error.text()


@pytest.mark.django_db
def test_a_show_without_an_episode_count_accepts_up_to_the_cap(client):
    """With no announced episode count, any episode up to 9999 is accepted."""
    show = make_show(episode_count=None)
    assert client.post(progress_url(show), {"episode": "9999"}).status_code == 303
    assert client.post(progress_url(show), {"episode": "10000"}).status_code == 400


@pytest.mark.django_db
def test_forgetting_progress_removes_only_that_show(client):
    """“Forget my progress” (or saving 0) drops the show; the last one gone deletes the cookie."""
    first, second = make_show(), make_show()
    client.cookies[COOKIE_NAME] = f"{first.pk}:3.{second.pk}:5"
    response = client.post(progress_url(first), {"clear": "1"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("?progress=cleared#watch-progress")
    assert response.cookies[COOKIE_NAME].value == f"{second.pk}:5"
    response = client.post(progress_url(second), {"episode": "0"})
    assert response.cookies[COOKIE_NAME].value == ""
    assert response.cookies[COOKIE_NAME]["max-age"] == 0
    tree = page(client, second)
    assert "forgotten" not in tree.text()  # no confirmation without the redirect's flag


@pytest.mark.django_db
def test_cross_site_posts_are_refused():
    """A POST from another site is refused (403, no cookie); the same POST from the show page works."""
    show = make_show()
    client = Client(enforce_csrf_checks=True)
    for headers in (
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "https://evil.example"},
    ):
        refused = client.post(progress_url(show), {"episode": "3"}, **headers)
        assert refused.status_code == 403
        assert COOKIE_NAME not in refused.cookies
    response = client.post(progress_url(show), {"episode": "3"}, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 303
    assert response.cookies[COOKIE_NAME].value == f"{show.pk}:3"


@pytest.mark.django_db
def test_only_post_and_only_real_shows(client):
    """GET is not allowed; an unknown show is a 404."""
    show = make_show()
    assert client.get(progress_url(show)).status_code == 405
    assert client.post(reverse("shows:progress", kwargs={"slug": "no-such-show"}), {"episode": "1"}).status_code == 404


@pytest.mark.django_db
def test_the_show_page_is_the_same_for_every_reader(client):
    """With or without progress, the same bytes, public and with no Vary: Cookie, so every cache keeps one copy."""
    show = make_show()
    plain = client.get(show.get_absolute_url())
    client.cookies[COOKIE_NAME] = f"{show.pk}:2"
    response = client.get(show.get_absolute_url())
    assert response.content == plain.content
    assert "Cookie" not in response.headers.get("Vary", "")
    assert "private" not in response.headers["Cache-Control"]


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.django_db
def test_show_page_query_budget_with_progress(client, django_assert_max_num_queries, rows):
    """The progress box adds no queries: the show page stays within 10 with 1 or 30 episodes."""
    show = make_show(episode_count=40)
    Episode.objects.bulk_create(Episode(show=show, number=n) for n in range(1, rows + 1))
    client.cookies[COOKIE_NAME] = f"{show.pk}:{rows}"
    with django_assert_max_num_queries(10):
        response = client.get(show.get_absolute_url())
    assert "How far have you watched?" in response.content.decode()


@pytest.mark.django_db
def test_end_to_end_progress_is_what_the_article_pages_lift_by(client):
    """Saved progress of 8 is in the cookie the article pages' script reads, and each shield says its episode."""
    show = make_show(title="Queen of Tears", episode_count=16)
    older = make_article(has_spoilers=True, spoiler_show=show, spoiler_through_episode=8)
    newer = make_article(has_spoilers=True, spoiler_show=show, spoiler_through_episode=9)
    client.post(progress_url(show), {"episode": "8"})
    assert client.cookies[COOKIE_NAME].value == f"{show.pk}:8"
    for article, episode in ((older, "8"), (newer, "9")):
        shield = parse(client.get(article.get_absolute_url()).content.decode()).find("details", cls="spoiler-shield")
        assert (shield.attrs["data-lifts-for-show"], shield.attrs["data-lifts-through"]) == (str(show.pk), episode)
