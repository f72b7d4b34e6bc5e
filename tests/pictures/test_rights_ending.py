"""When a photo's rights end, every page that shows it leaves it out the next day, by itself,
and the newsroom is told beforehand: beside the pick on each use, and on the admin's front page."""

import datetime as dt
import json
import time

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles import share_cards
from articles.models import ArticleImage, ArticlePerson, ArticleShow
from pagecache import pages, registry
from people.models import Person
from pictures.models import Photo, next_rights_end
from rehearsal.admin_forms import form_data
from rehearsal.html import parse
from shows.models import Show
from tests import factories as f
from tests.pictures.test_photo_library import change_url, errors_of, photo, show_with_posters
from tests.test_structured_data import ld_blocks, meta

pytestmark = pytest.mark.django_db

# The site's real date: the page cache's lifetimes are counted from the real clock.
TODAY = timezone.localdate()


@pytest.fixture
def on_day(monkeypatch):
    """Pretend the site's local date is the one given (the rights rule reads timezone.localdate())."""

    def travel(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    travel(TODAY)
    return travel


@pytest.fixture
def everywhere(media_root):
    """One photo whose last day is TODAY, as an article's lead, a show's poster and a person's portrait."""
    still = photo(alt_text="Key art of the finale", rights_until=TODAY)
    show = f.make_show(title="Queen of Tears", library_photo=still)
    person = f.make_person(name="Kim Ji Won", library_photo=still)
    article = f.make_article(headline="The finale in pictures", dek="What the last episode looked like.")
    ArticleImage.objects.create(article=article, library_photo=still, is_lead=True, caption="The last scene")
    ArticleShow.objects.create(article=article, show=show)
    ArticlePerson.objects.create(article=article, person=person)
    return still, article, show, person


def surfaces(article, show, person):
    return {
        "article": article.get_absolute_url(),
        "home": reverse("home"),
        "section": reverse("articles:section", args=[article.section]),
        "show": show.get_absolute_url(),
        "shows": reverse("shows:index"),
        "person": person.get_absolute_url(),
        "people": reverse("people:index"),
    }


def showing(still, article, show, person):
    """Which public pages carry the photo's file, in the markup or the share tags."""
    client = Client()
    stem = still.file.name.rsplit(".", 1)[0]
    return {name: stem in client.get(path).content.decode() for name, path in surfaces(article, show, person).items()}


def test_a_photo_is_shown_through_its_last_day_and_left_out_everywhere_the_day_after(on_day, everywhere):
    still, article, show, person = everywhere
    assert all(showing(*everywhere).values())
    on_day(TODAY + dt.timedelta(days=1))
    assert not any(showing(*everywhere).values()), showing(*everywhere)
    # The story keeps its text and the caption goes with the picture; the pages answer as before.
    page = parse(Client().get(article.get_absolute_url()).content.decode())
    assert "The finale in pictures" in page.text() and "The last scene" not in page.text()
    for path in surfaces(*everywhere[1:]).values():
        assert Client().get(path).status_code == 200
    # Nothing was deleted: the rows keep the picture, for when the rights are renewed.
    assert ArticleImage.objects.get().image.name == still.file.name


def test_the_share_tags_and_json_ld_fall_back_when_the_rights_end(on_day, everywhere):
    still, article, show, person = everywhere
    stem = still.file.name.rsplit(".", 1)[0]
    on_day(TODAY + dt.timedelta(days=1))
    tree = parse(Client().get(article.get_absolute_url()).content.decode())
    card = f"http://testserver{share_cards.card_path(article)}"
    assert meta(tree, "og:image") == meta(tree, "twitter:image") == [card]
    [data] = ld_blocks(tree)
    assert data["image"] == [card]
    for url in (show.get_absolute_url(), person.get_absolute_url()):
        tree = parse(Client().get(url).content.decode())
        assert not meta(tree, "og:image") and not meta(tree, "twitter:image")
        assert all(stem not in json.dumps(block) for block in ld_blocks(tree))


def test_renewed_rights_bring_the_picture_back_on_every_page(on_day, everywhere):
    still = everywhere[0]
    on_day(TODAY + dt.timedelta(days=1))
    assert not any(showing(*everywhere).values())
    still.rights_until = TODAY + dt.timedelta(days=365)
    still.save()
    assert all(showing(*everywhere).values())


def test_cached_pages_last_no_later_than_the_midnight_the_picture_goes(
    on_day, everywhere, settings, django_capture_on_commit_callbacks
):
    still = everywhere[0]
    midnight = timezone.make_aware(dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time.min))
    assert registry.earliest_next_change() == midnight
    settings.PAGE_CACHE = True
    cache.clear()
    try:
        lifetime = pages._lifetime(RequestFactory().get("/"))
        assert lifetime <= midnight.timestamp() - time.time() + 1
        # Renewing the rights moves that moment (the photo's save re-saves its uses, which bumps their pages).
        still.rights_until = TODAY + dt.timedelta(days=10)
        with django_capture_on_commit_callbacks(execute=True):
            still.save()
        later = midnight + dt.timedelta(days=10)
        assert registry.earliest_next_change() == later
        assert pages._next_go_live() == later.timestamp()
    finally:
        cache.clear()


def test_only_pictures_still_to_go_count_and_uses_without_an_end_never_do(on_day, media_root):
    f.make_show(library_photo=photo(rights_until=TODAY - dt.timedelta(days=1)))
    f.make_show(library_photo=photo())
    f.make_show(library_photo=photo(rights_until=TODAY + dt.timedelta(days=3)))
    assert next_rights_end(Show) == timezone.make_aware(dt.datetime.combine(TODAY + dt.timedelta(days=4), dt.time.min))


def test_a_use_takes_off_its_copy_of_the_end_when_its_photo_is_taken_off(client, on_day, media_root):
    show = f.make_show(library_photo=photo(rights_until=TODAY + dt.timedelta(days=3)))
    assert show.library_rights_until == TODAY + dt.timedelta(days=3)
    client.force_login(f.make_staff("Editors"))
    data = form_data(client.get(change_url(show)))
    data["library_photo"] = ""
    assert client.post(change_url(show), data).status_code == 302
    show.refresh_from_db()
    assert show.library_rights_until is None and not show.poster


def test_the_use_warns_beside_the_pick_before_and_after_the_rights_end(client, on_day, everywhere):
    still, article, show, person = everywhere
    client.force_login(f.make_staff("Editors"))
    for url in (change_url(show), change_url(person), change_url(article)):
        assert "Our rights to this photo end on" in client.get(url).content.decode()
    on_day(TODAY + dt.timedelta(days=1))
    text = parse(client.get(change_url(show)).content.decode()).text()
    assert "Our rights to this photo have ended: the site has left it out since" in text
    # The row can still be saved, and swapping the photo is the way back onto the page.
    fresh = photo(alt_text="New key art")
    data = form_data(client.get(change_url(show)))
    data["library_photo"] = str(fresh.pk)
    response = client.post(change_url(show), data)
    assert response.status_code == 302, errors_of(response)
    show.refresh_from_db()
    assert show.shown_picture.name == fresh.file.name
    assert "Our rights to this photo" not in client.get(change_url(show)).content.decode()


def test_a_photo_with_rights_far_off_gives_no_warning(client, on_day, media_root):
    show = f.make_show(library_photo=photo(rights_until=TODAY + dt.timedelta(days=31)))
    client.force_login(f.make_staff("Editors"))
    assert "Our rights to this photo" not in client.get(change_url(show)).content.decode()


def test_editors_front_page_lists_the_pictures_whose_rights_end(client, on_day, everywhere):
    """Soonest ends first (what can still be swapped before it goes), then recent ends, latest first."""
    still, article, show, person = everywhere
    gone = photo(alt_text="An old still", rights_until=TODAY - dt.timedelta(days=2))
    later = f.make_article(headline="An older story")
    ArticleImage.objects.create(article=later, library_photo=gone, position=1)
    long_gone = photo(alt_text="A still from last year", rights_until=TODAY - dt.timedelta(days=200))
    ArticleImage.objects.create(article=f.make_article(headline="Last year's story"), library_photo=long_gone)
    f.make_person(library_photo=photo(rights_until=TODAY + dt.timedelta(days=90)))
    client.force_login(f.make_staff("Editors"))
    page = parse(client.get(reverse("admin:index")).content.decode())
    panel = page.find(cls="rights-ending")
    rows = [row.text() for row in panel.find_all("tr")[1:]]
    assert len(rows) == 4, rows
    assert all("Until" in row for row in rows[:3])
    assert rows[3].startswith("Article: An older story (image after paragraph 1)") and "Off the site since" in rows[3]
    links = {a.attrs["href"] for a in panel.find_all("a")}
    assert {change_url(show), change_url(person), change_url(article), change_url(later), change_url(gone)} <= links
    assert change_url(long_gone) not in links  # under the Photos list's "rights → ended"


def test_an_end_set_on_one_photo_of_a_file_is_set_on_every_photo_of_it(client, on_day, media_root):
    """The library made a photo per description of a file: the rights are the picture's, not the description's."""
    first = photo(alt_text="The leads, for the recap")
    second = Photo.objects.create(file=first.file.name, width=40, height=30, alt_text="The leads", credit="tvN")
    show = f.make_show(library_photo=second)
    client.force_login(f.make_staff("Editors"))
    data = form_data(client.get(change_url(first)))
    data.update(rights_until=(TODAY - dt.timedelta(days=1)).isoformat(), rights_note="tvN press kit, until yesterday")
    response = client.post(change_url(first), data)
    assert response.status_code == 302, errors_of(response)
    second.refresh_from_db()
    show.refresh_from_db()
    assert (second.rights_until, second.rights_note) == (TODAY - dt.timedelta(days=1), "tvN press kit, until yesterday")
    assert not show.picture_may_be_shown()
    assert first.file.name.rsplit(".", 1)[0] not in Client().get(show.get_absolute_url()).content.decode()
    # A new photo of that file (a row linked when it is saved) starts with the same rights.
    person = f.make_person()
    Person.objects.filter(pk=person.pk).update(photo=first.file.name, photo_alt="Another description")
    person.refresh_from_db()
    person.save()
    assert person.library_photo.rights_until == TODAY - dt.timedelta(days=1) and not person.picture_may_be_shown()


@pytest.mark.parametrize("group", ["Writers", "Moderators"])
def test_the_rights_panel_is_for_those_who_may_correct_photos(client, on_day, everywhere, group):
    client.force_login(f.make_staff(group))
    assert "Pictures whose rights end" not in client.get(reverse("admin:index")).content.decode()


def test_a_restored_version_with_a_photo_whose_rights_ended_keeps_it_off_the_page(client, on_day, media_root):
    first, second = photo(alt_text="First key art"), photo(alt_text="Second key art")
    show, old = show_with_posters(client, first, second)
    Photo.objects.filter(pk=first.pk).update(rights_until=TODAY - dt.timedelta(days=1))
    history = f"{change_url(show).removesuffix('change/')}history/{old.pk}/"
    data = form_data(client.get(history))
    response = client.post(history, data)
    assert response.status_code == 302, errors_of(response)
    show.refresh_from_db()
    assert show.library_photo == first and show.library_rights_until == TODAY - dt.timedelta(days=1)
    assert first.file.name.rsplit(".", 1)[0] not in Client().get(show.get_absolute_url()).content.decode()
