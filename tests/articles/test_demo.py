"""The load_demo command: a repeatable demo newsroom, with logins only on development machines."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleImage, PullQuote, SpoilerChange, SpoilerReport, TaggedArticle, VideoEmbed
from demo.content import DEMO_PASSWORD, REFERENCE_SLUG, STAFF
from people.models import Credit, Person
from shows.models import AirSlot, Availability, Episode, Genre, Network, Show, StreamingService
from tests.conftest import stored_files
from tests.factories import make_staff, password_login

pytestmark = pytest.mark.django_db

MODELS = [
    Show,
    Person,
    Credit,
    Article,
    ArticleImage,
    PullQuote,
    VideoEmbed,
    AirSlot,
    Availability,
    Episode,
    Network,
    StreamingService,
    Genre,
    Tag,
    TaggedArticle,
    Group,
    get_user_model(),
    SpoilerReport,
    SpoilerChange,
]


def load_demo(**options):
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_changes_nothing(settings, media_root):
    """Running load_demo again leaves the same rows, files and front page as the first run."""
    settings.DEBUG = True
    load_demo()
    first_counts = row_counts()
    first_files = stored_files(media_root)
    first_publish = Article.objects.get(slug=REFERENCE_SLUG).publish_at
    first_live = list(Article.objects.published().values_list("slug", flat=True))

    load_demo()

    assert row_counts() == first_counts
    assert stored_files(media_root) == first_files
    assert Article.objects.get(slug=REFERENCE_SLUG).publish_at == first_publish
    assert list(Article.objects.published().values_list("slug", flat=True)) == first_live
    # Something real was loaded, not an empty database twice.
    assert all(count > 0 for name, count in first_counts.items() if name != "VideoEmbed"), first_counts


def test_demo_has_live_draft_and_scheduled_articles():
    """The demo front page has live stories, and the newsroom has drafts and scheduled ones to work on."""
    load_demo()
    reference = Article.objects.get(slug=REFERENCE_SLUG)
    assert reference.is_published
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.scheduled().exists()
    assert Article.objects.published().count() < Article.objects.count()


def test_no_demo_logins_when_debug_is_off(settings):
    """On a production-like setup the demo staff are bylines only: no password, no admin access."""
    settings.DEBUG = False
    output = load_demo()
    users = get_user_model().objects.filter(username__in=[row["username"] for row in STAFF])
    assert users.count() == len(STAFF)
    for user in users:
        assert not user.has_usable_password()
        assert not user.is_staff
        assert not user.is_superuser
    assert DEMO_PASSWORD not in output
    assert "DEBUG is off, so no demo logins were created." in output


def test_reloading_with_debug_off_locks_out_earlier_demo_logins(client, settings):
    """Demo logins made on a DEBUG run stop working once the demo is reloaded with DEBUG off."""
    settings.DEBUG = True
    load_demo()
    settings.DEBUG = False
    load_demo()
    assert not password_login(client, "editor", DEMO_PASSWORD)
    assert not get_user_model().objects.filter(username__in=[row["username"] for row in STAFF], is_staff=True).exists()


def test_demo_logins_work_when_debug_is_on(client, settings):
    """On a development machine the printed demo login gets an editor into the admin."""
    settings.DEBUG = True
    load_demo()
    assert password_login(client, "editor", DEMO_PASSWORD)
    editor = get_user_model().objects.get(username="editor")
    assert editor.is_staff
    assert editor.groups.filter(name="Editors").exists()
    assert client.get("/admin/").status_code == 200


def test_output_prints_where_to_go_and_how_to_log_in(settings):
    """The command ends by printing the site, the demo article, the admin and the logins."""
    settings.DEBUG = True
    output = load_demo()
    assert "  Site:          http://127.0.0.1:8000/\n" in output
    assert f"  Demo article:  http://127.0.0.1:8000/articles/{REFERENCE_SLUG}/\n" in output
    assert "  Admin:         http://127.0.0.1:8000/admin/\n" in output
    assert f"password for all: {DEMO_PASSWORD}" in output
    for row in STAFF:
        assert f"    {row['username']:<10} {row['group']}\n" in output


def test_output_uses_the_given_site_url():
    """--site-url changes the printed links, with no doubled slash."""
    output = load_demo(site_url="https://dramasite.example/")
    assert "  Site:          https://dramasite.example/\n" in output
    assert f"https://dramasite.example/articles/{REFERENCE_SLUG}/" in output
    assert "https://dramasite.example/admin/" in output


def test_an_existing_real_account_is_never_taken_over(settings):
    """If a real account already uses a demo username, load_demo stops with a clear message and changes nothing."""
    settings.DEBUG = True
    real = get_user_model().objects.create_user("editor", email="boss@news.example", password="their-own-secret")
    with pytest.raises(CommandError, match="An account named 'editor' already exists and is not a demo account"):
        load_demo()
    real.refresh_from_db()
    assert real.check_password("their-own-secret")
    assert not real.is_staff
    assert not Article.objects.exists()


def test_demo_articles_read_as_unedited_since_publication():
    """Demo articles show no misleading “Updated” date: updated time is the publish time, or the latest note's."""
    load_demo()
    for article in Article.objects.exclude(publish_at=None):
        latest_note = article.corrections.order_by("-noted_at").values_list("noted_at", flat=True).first()
        assert article.updated_at == (latest_note or article.publish_at)


def test_the_demo_shows_a_correction_an_update_and_a_moved_address(client):
    """A corrected story, an updated one, the /corrections/ page and an old address that leads on."""
    load_demo()
    corrections = client.get("/corrections/").content.decode()
    assert "It aired on tvN." in corrections and "Rakuten Viki" in corrections
    old = client.get("/articles/queen-of-tears-finale-breaks-tvn-ratings-record/")
    assert (old.status_code, old["Location"]) == (301, "/articles/queen-of-tears-finale-ratings-record/")
    assert client.get(old["Location"]).status_code == 200


def test_the_demo_shows_a_photo_whose_rights_end_soon(client, media_root):
    """The bakery photo's pretend press-kit terms end in three weeks: every use knows, and editors are told."""
    load_demo()
    last_day = timezone.localdate() + dt.timedelta(days=21)
    uses = ArticleImage.objects.filter(library_rights_until=last_day)
    assert uses.count() == 2 and len({use.library_photo_id for use in uses}) == 1
    assert all(use.picture_may_be_shown() for use in uses)
    client.force_login(make_staff("Editors"))
    panel = client.get("/admin/").content.decode()
    assert "Pictures whose rights end (2)" in panel


def test_demo_content_starts_with_one_version_in_its_history(settings):
    """Each demo article, show and person has a first version to restore; reloading adds none."""
    from reversion.models import Version

    load_demo()
    reference = Article.objects.get(slug=REFERENCE_SLUG)
    [first] = Version.objects.get_for_object(reference)
    assert first.field_dict["headline"] == reference.headline
    assert Version.objects.get_for_object(reference.images.first()).count() == 1  # followed inlines
    assert all(Version.objects.get_for_object(show).count() == 1 for show in Show.objects.all())
    assert all(Version.objects.get_for_object(person).count() == 1 for person in Person.objects.all())
    load_demo()
    assert Version.objects.get_for_object(reference).count() == 1


def newsroom_edits():
    """What a day in the newsroom does to the demo: a draft published, a dek edited, a marking changed, a quote cut."""
    from django.utils import timezone

    from articles import spoiler_log

    editor = get_user_model().objects.get(username="editor")
    moderator = get_user_model().objects.get(username="moderator")
    draft = Article.objects.get(slug="kim-soo-hyun-roles-ranked")
    with spoiler_log.acting(editor, "article admin"):
        draft.status, draft.publish_at = Article.Status.PUBLISHED, timezone.now()
        draft.save()
    reference = Article.objects.get(slug=REFERENCE_SLUG)
    reference.dek = "An editor's better dek."
    reference.save()
    marked = Article.objects.filter(has_spoilers=True).exclude(pk=reference.pk).first()
    with spoiler_log.acting(moderator, "moderation", "Not a spoiler after all"):
        marked.has_spoilers, marked.spoiler_show, marked.spoiler_through_episode = False, None, None
        marked.save()
    quote = PullQuote.objects.first()
    quote.delete()
    return {"draft": draft, "reference": reference, "marked": marked, "quote": quote}


def test_a_second_run_keeps_the_newsrooms_work(settings, client):
    """make run twice: the published draft stays live, the dek and the marking stay, the cut quote stays cut."""
    settings.DEBUG = True
    load_demo()
    edits = newsroom_edits()
    log_before = SpoilerChange.objects.count()
    quotes_before = PullQuote.objects.count()

    out = load_demo()

    assert "Nothing to create" in out and "(load_demo --reset puts them back)" in out
    draft = Article.objects.get(pk=edits["draft"].pk)
    assert draft.is_published
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert Article.objects.get(pk=edits["reference"].pk).dek == "An editor's better dek."
    assert not Article.objects.get(pk=edits["marked"].pk).has_spoilers
    assert SpoilerChange.objects.count() == log_before  # nothing changed, so nothing logged
    assert not SpoilerChange.objects.filter(source="load_demo", at__gt=edits["draft"].updated_at).exists()
    assert PullQuote.objects.count() == quotes_before


def test_a_deleted_demo_article_is_made_again(settings):
    """Creating what is missing means a whole demo article someone deleted comes back, with its parts."""
    settings.DEBUG = True
    load_demo()
    images = ArticleImage.objects.filter(article__slug=REFERENCE_SLUG).count()
    Article.objects.get(slug=REFERENCE_SLUG).delete()
    out = load_demo()
    assert "Created what was missing: 1 articles" in out
    restored = Article.objects.get(slug=REFERENCE_SLUG)
    assert restored.images.count() == images and restored.is_published


def test_reset_puts_the_demo_back_and_says_what_it_changed(settings):
    """--reset undoes the edits, lists each one, and the spoiler log records the marking it restored."""
    settings.DEBUG = True
    load_demo()
    edits = newsroom_edits()

    out = load_demo(reset=True)

    assert "Put back as the demo has them" in out
    assert f"article “{edits['reference'].headline}”: dek" in out
    assert f"article “{edits['draft'].headline}”: status, publish time" in out
    assert f"article “{edits['marked'].headline}”: has spoilers" in out
    assert "pull quotes" in out or "Created what was missing: 1 pull quotes" in out
    assert not Article.objects.get(pk=edits["draft"].pk).is_published
    assert Article.objects.get(pk=edits["reference"].pk).dek == "Off camera, they are somehow even sweeter."
    assert Article.objects.get(pk=edits["marked"].pk).has_spoilers
    assert SpoilerChange.objects.filter(article=edits["marked"], source="load_demo").count() == 2  # first load, reset
    assert PullQuote.objects.filter(text=edits["quote"].text).exists()
    again = load_demo(reset=True)
    assert "Nothing to put back" in again
