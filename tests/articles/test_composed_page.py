"""The article page's composed copy (articles/article_page.py) is keyed by what it shows: no write path leaves it stale.

The page cache is off here (tests/settings.py), as on a page-cache miss: each
test asks for a page, checks that the next request used the copy (no template
rendered), changes something by one path, and checks that the page shows it.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models.signals import post_init
from django.test import Client
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, ArticleCoAuthor, Contributor, Correction, PullQuote, VideoEmbed
from people.models import Credit
from publicpages import composed
from rehearsal.admin_forms import change_form
from shows.models import AirSlot, Availability, Network
from tests.factories import (
    make_article,
    make_article_image,
    make_network,
    make_person,
    make_service,
    make_show,
    make_user,
    staff_client,
)

pytestmark = pytest.mark.django_db

TEMPLATE = "articles/article_detail.html"


@pytest.fixture
def article():
    show = make_show(title="Queen of Tears", slug="queen-of-tears", network=make_network(name="tvN", slug="tvn"))
    person = make_person(name="Kim Ji Won", slug="kim-ji-won")
    Credit.objects.create(person=person, show=show, kind="lead", character_name="Hong Hae In")
    article = make_article(headline="The record-breaking finale", slug="finale-record", author=make_user(is_staff=True))
    article.shows.add(show)
    article.people.add(person)
    article.tags.add("romance")
    PullQuote.objects.create(article=article, text="A quote as first printed", attribution="tvN", position=1)
    return Article.objects.get(pk=article.pk)


def rendered(url, **extra):
    """(whether the page template was rendered for this request, the page's text)."""
    response = Client().get(url, **extra)
    assert response.status_code == 200
    return TEMPLATE in [template.name for template in response.templates], response.content.decode()


def composed_copy_in_use(url, **extra):
    """Ask for the page, then check the next request is answered from the composed copy."""
    rendered(url, **extra)
    used_template, _ = rendered(url, **extra)
    assert not used_template, "the second request rendered the page again"


def shows(url, text):
    """After a change: the page says text (rendered anew, as its key changed)."""
    used_template, page = rendered(url)
    assert text in page
    assert used_template, "a changed page came from a copy"


def test_the_second_request_for_the_same_page_renders_nothing(article):
    url = article.get_absolute_url()
    first, page = rendered(url)
    again, same = rendered(url)
    assert first and not again
    assert same == page


def test_what_the_request_changes_is_a_copy_of_its_own(article, settings):
    """The host (absolute links), ?spoilers=show: each a page of its own."""
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    url = article.get_absolute_url()
    composed_copy_in_use(url)
    used, page = rendered(url, HTTP_HOST="other.example")
    assert used and "http://other.example/articles/finale-record/" in page
    assert rendered(f"{url}?spoilers=show")[0]


# Every write path ------------------------------------------------------------


def test_a_save_in_the_shell(article):
    url = article.get_absolute_url()
    composed_copy_in_use(url)
    article.headline = "Saved from the shell"
    article.save()
    shows(url, "Saved from the shell")


def test_an_update_that_skips_every_signal(article):
    """QuerySet.update() bumps nothing: the copy still goes, as what the page shows changed."""
    url = article.get_absolute_url()
    composed_copy_in_use(url)
    Article.objects.filter(pk=article.pk).update(dek="Changed behind the models' backs")
    shows(url, "Changed behind the models&#x27; backs")


def test_a_save_in_the_admin(article):
    url = article.get_absolute_url()
    composed_copy_in_use(url)
    editor = staff_client("Editors")
    admin_url = f"/admin/articles/article/{article.pk}/change/"
    _, data = change_form(editor, admin_url, "article_form")
    data["headline"] = "Saved in the admin"
    assert editor.post(admin_url, data).status_code == 302
    shows(url, "Saved in the admin")


def test_a_bulk_action_on_the_moderation_screen(article):
    url = article.get_absolute_url()
    composed_copy_in_use(url)
    moderator = staff_client("Moderators")
    response = moderator.post(
        "/admin/articles/spoilermoderation/",
        {"action": "mark_spoilers", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).has_spoilers
    shows(url, "Spoiler Alert")


def test_a_history_restore(article):
    url = article.get_absolute_url()
    editor = staff_client("Editors")
    admin_url = f"/admin/articles/article/{article.pk}/change/"
    for headline in ("First take", "Second take"):
        _, data = change_form(editor, admin_url, "article_form")
        data["headline"] = headline
        assert editor.post(admin_url, data).status_code == 302
    composed_copy_in_use(url)
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    _, data = change_form(editor, revision_url, "article_form")
    assert editor.post(revision_url, data).status_code == 302
    shows(url, "First take")


def test_an_import(article, tmp_path):
    """A backup restored over the site brings back what it held, and the page with it."""
    url = article.get_absolute_url()
    archive = tmp_path / "site.tar.gz"
    call_command("export_content", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    article.headline = "Written after the backup"
    article.save()
    composed_copy_in_use(url)
    call_command(
        "import_content", str(archive), "--replace", "--skip-renditions", stdout=io.StringIO(), stderr=io.StringIO()
    )
    shows(url, "The record-breaking finale")


# What the page shows of other rows ---------------------------------------------


def _edit_quote(article):
    PullQuote.objects.filter(article=article).update(text="A quote as corrected")
    return "A quote as corrected"


def _add_video(article):
    VideoEmbed.objects.create(article=article, url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", caption="Teaser")
    return "Play video: Teaser"


def _add_correction(article):
    Correction.objects.create(article=article, kind="correction", text="An earlier version misnamed the network.")
    return "misnamed the network"


def _add_image(article):
    make_article_image(article, alt_text="The leads at the press day", caption="At the press day")
    return "At the press day"


def _rename_tag(article):
    Tag.objects.filter(name="romance").update(name="Slow-burn romance")
    return "Slow-burn romance"


def _rename_show(article):
    article.shows.get().__class__.objects.filter(slug="queen-of-tears").update(title="Queen of Tears (2024)")
    return "Queen of Tears (2024)"


def _rename_network(article):
    Network.objects.filter(slug="tvn").update(name="tvN Drama")
    return "tvN Drama"


def _stream_it(article):
    Availability.objects.create(show=article.shows.get(), service=make_service(name="Netflix", slug="netflix"))
    return "available to watch internationally on Netflix"


def _air_slot(article):
    AirSlot.objects.create(show=article.shows.get(), weekday=AirSlot.Weekday.SATURDAY, local_time=dt.time(21, 10))
    return "Saturday"


def _rename_person(article):
    article.people.get().__class__.objects.filter(slug="kim-ji-won").update(name="Kim Ji-won")
    return "Kim Ji-won"


def _recast(article):
    Credit.objects.filter(person__slug="kim-ji-won").update(character_name="Hong Hae-in")
    return "Hong Hae-in"


def _rename_author(article):
    type(article.author).objects.filter(pk=article.author_id).update(first_name="Mina", last_name="Seo")
    return "Mina Seo"


def _add_co_author(article):
    contributor = Contributor.objects.create(name="Guest Writer", slug="guest-writer")
    ArticleCoAuthor.objects.create(article=article, contributor=contributor, position=1)
    return "Guest Writer"


@pytest.mark.parametrize(
    "change",
    [
        _edit_quote, _add_video, _add_correction, _add_image, _rename_tag, _rename_show, _rename_network,
        _stream_it, _air_slot, _rename_person, _recast, _rename_author, _add_co_author,
    ],
)  # fmt: skip
def test_every_row_the_page_shows(article, change):
    """Written with update() where it can be, so no signal is what makes the copy go."""
    url = article.get_absolute_url()
    composed_copy_in_use(url)
    shows(url, change(Article.objects.get(pk=article.pk)))


def test_a_photo_whose_rights_end_leaves_the_page_the_next_day(article, monkeypatch):
    """Nothing is saved when a day passes: the date is part of the key."""
    image = make_article_image(article, alt_text="Press still", caption="A press still")
    # The use's copy of its library photo's last day (pictures.models.FromTheLibrary).
    type(image).objects.filter(pk=image.pk).update(library_rights_until=timezone.localdate())
    url = article.get_absolute_url()
    composed_copy_in_use(url)
    assert "A press still" in rendered(url)[1]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    used, page = rendered(url)
    assert used and "A press still" not in page


def test_a_message_for_one_reader_is_never_in_the_copy(article):
    """The report form's thank-you is for the reader who reported: their page is rendered for them."""
    url = article.get_absolute_url()
    composed_copy_in_use(url)
    reader = Client()
    response = reader.post(f"{url}report/", {"message": "Names the killer in the second paragraph."}, follow=True)
    assert "A moderator will look at your report" in response.content.decode()
    assert "A moderator will look at your report" not in rendered(url)[1]


def test_related_stories_are_put_in_fresh_every_time(article):
    url = article.get_absolute_url()
    composed_copy_in_use(url)
    newer = make_article(headline="A newer story about the same show", slug="newer-story")
    newer.shows.add(article.shows.get())
    used, page = rendered(url)
    assert not used, "the article itself did not change"
    assert "A newer story about the same show" in page


def test_kept_related_stories_are_found_by_their_rows_alone(article):
    """Only the article itself is made on a kept page: its related cards are kept for their rows as read."""
    for number in range(3):
        make_article(headline=f"More about the show {number}", slug=f"more-{number}").shows.add(article.shows.get())
    url = article.get_absolute_url()
    composed_copy_in_use(url)
    made = []
    post_init.connect(lambda sender, **kwargs: made.append(sender), sender=Article, weak=False, dispatch_uid="count")
    try:
        used, page = rendered(url)
    finally:
        post_init.disconnect(sender=Article, dispatch_uid="count")
    assert "More about the show 2" in page
    assert len(made) == 1


def test_the_lru_keeps_a_bounded_number_of_pages(article, monkeypatch):
    monkeypatch.setattr(composed.pages, "size", 2)
    for number in range(4):
        make_article(headline=f"Story {number}", slug=f"story-{number}")
        rendered(f"/articles/story-{number}/")
    assert len(composed.pages.pages) == 2


def test_staff_previews_are_never_composed(article):
    draft = make_article(headline="Secret finale", status="draft")
    editor = staff_client("Editors", is_superuser=True)
    for _ in range(2):
        response = editor.get(f"/articles/preview/{draft.pk}/")
        assert response.status_code == 200 and TEMPLATE in [t.name for t in response.templates]
