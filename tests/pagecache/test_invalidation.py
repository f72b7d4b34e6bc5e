"""Every change a reader could see makes the affected stored pages fresh as soon as it commits."""

import datetime as dt
import json
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleCoAuthor, Contributor, Correction, PullQuote, VideoEmbed
from pagecache import pages
from people.models import Credit
from rehearsal.admin_forms import form_data, with_checkbox
from rehearsal.html import parse
from shows.models import AirSlot, Episode, Network
from tests.factories import (
    logged_in,
    make_article,
    make_article_image,
    make_availability,
    make_person,
    make_service,
    make_show,
    make_staff,
)
from tests.pagecache.conftest import anonymous_get, served_from_cache, settle_commits
from tests.pagecache.site import build_site, public_urls

pytestmark = pytest.mark.django_db

# Pages that list or show articles: an article change reaches all of them.
ARTICLE_PAGES = [
    "home", "section", "tag", "author", "show", "person", "search", "feed", "atom feed", "section feed",
    "tag feed", "author feed", "show feed", "person feed", "news sitemap",
]  # fmt: skip


@pytest.fixture
def site():
    built = build_site()
    settle_commits()
    return built


def prime(*urls):
    """Store each page, and check that the next reader would get the stored copy."""
    for url in urls:
        assert anonymous_get(url).status_code == 200
        assert served_from_cache(anonymous_get(url)), url


def text(url):
    response = anonymous_get(url)
    assert not served_from_cache(response), f"{url} still served the stored copy"
    return response.status_code, response.content.decode()


def urls_of(site, names):
    return [public_urls(site)[name] for name in names]


# Articles -------------------------------------------------------------------


def test_publishing_puts_the_article_on_every_list_at_once(site, commit):
    draft = make_article(
        headline="Queen of Tears finale date", slug="qot-finale", status="draft", author=site["author"]
    )
    draft.shows.add(site["show"])
    draft.people.add(site["person"])
    draft.tags.add("romance")
    urls = [*urls_of(site, ARTICLE_PAGES), "/sitemap-articles.xml"]
    prime(*urls)
    with commit():
        draft.status = Article.Status.PUBLISHED
        draft.save()
    for url in urls:
        assert "qot-finale" in text(url)[1], url
    assert text(draft.get_absolute_url())[0] == 200


def test_editing_a_headline_reaches_the_article_and_every_list(site, commit):
    article = site["article"]
    urls = [article.get_absolute_url(), *urls_of(site, ARTICLE_PAGES)]
    prime(*urls)
    with commit():
        article.headline = "Queen of Tears sets another record"
        article.save()
    for url in urls:
        assert "Queen of Tears sets another record" in text(url)[1], url


def test_editing_in_the_admin_is_fresh_too(site, commit):
    """The real path: an editor saves the change form (article, then its inlines and relations)."""
    article = site["article"]
    urls = [article.get_absolute_url(), "/", "/tags/romance/"]
    prime(*urls)
    editor = logged_in(make_staff("Editors", is_superuser=True))
    change = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor.get(change))
    data.update(headline="Edited in the newsroom", tags="romance, finale", author=article.author_id)
    with commit():
        assert editor.post(change, data).status_code == 302
    rendered = {url: text(url)[1] for url in urls}
    assert all("Edited in the newsroom" in page for page in rendered.values())
    assert "/tags/finale/" in rendered[article.get_absolute_url()]


@pytest.mark.parametrize("how", ["unpublish", "schedule", "delete"])
def test_taking_an_article_down_removes_it_everywhere(site, commit, how):
    article = site["article"]
    urls = urls_of(site, ["home", "section", "show", "person", "feed", "show feed", "news sitemap"])
    prime(article.get_absolute_url(), *urls)
    with commit():
        if how == "delete":
            article.delete()
        else:
            article.status = Article.Status.DRAFT if how == "unpublish" else Article.Status.PUBLISHED
            article.publish_at = timezone.now() + dt.timedelta(days=1) if how == "schedule" else article.publish_at
            article.save()
    assert text(article.get_absolute_url())[0] == 404
    for url in urls:
        assert "qot-record" not in text(url)[1], url
    # Pages that listed only it are gone too, not kept as stale copies.
    assert text("/tags/romance/")[0] == 404


def test_moving_an_article_to_another_section_refreshes_both(site, commit):
    article = site["article"]
    prime("/section/news/", "/section/review/")
    with commit():
        article.section = "review"
        article.save()
    assert "qot-record" not in text("/section/news/")[1]
    assert "qot-record" in text("/section/review/")[1]


def test_spoiler_marking_on_the_moderation_screen(site, commit):
    article, show = site["article"], site["show"]
    urls = [article.get_absolute_url(), "/", "/section/news/", show.get_absolute_url()]
    prime(*urls)
    moderator = logged_in(make_staff("Moderators"))
    url = f"/admin/articles/spoilermoderation/{article.pk}/change/"
    data = with_checkbox(form_data(moderator.get(url)), "has_spoilers", True)
    data.update(spoiler_show=show.pk, spoiler_through_episode="8", reason="Reader report")
    with commit():
        assert moderator.post(url, data).status_code == 302
    assert parse(text(article.get_absolute_url())[1]).find("details", cls="spoiler-shield")
    for url in urls[1:]:
        assert "Spoilers: Queen of Tears ep. 8" in text(url)[1], url


@pytest.mark.parametrize("action", ["mark_spoilers", "unmark_spoilers"])
def test_spoiler_bulk_actions(site, commit, action):
    article = site["article"]
    if action == "unmark_spoilers":
        Article.objects.filter(pk=article.pk).update(has_spoilers=True)
    prime(article.get_absolute_url(), "/")
    moderator = logged_in(make_staff("Moderators"))
    with commit():
        response = moderator.post(
            "/admin/articles/spoilermoderation/", {"action": action, "_selected_action": [article.pk], "index": 0}
        )
        assert response.status_code == 302
    shielded = parse(text(article.get_absolute_url())[1]).find_all("details", cls="spoiler-shield")
    assert bool(shielded) == (action == "mark_spoilers")


def test_images_quotes_and_videos(site, commit):
    article = site["article"]
    url = article.get_absolute_url()
    prime(url, "/", "/section/news/")
    with commit():
        make_article_image(article, is_lead=True, alt_text="Kim Ji Won on set")
    assert "Kim Ji Won on set" in text(url)[1]
    assert "Kim Ji Won on set" in text("/")[1]  # the lead story now has a picture
    prime(url)
    with commit():
        PullQuote.objects.create(article=article, text="It was the hardest scene", attribution="Kim Ji Won")
    assert "It was the hardest scene" in text(url)[1]
    prime(url)
    with commit():
        VideoEmbed.objects.create(article=article, url="https://youtu.be/dQw4w9WgXcQ", caption="The teaser")
    assert "The teaser" in text(url)[1]
    prime(url)
    with commit():
        PullQuote.objects.filter(article=article).delete()
    assert "It was the hardest scene" not in text(url)[1]


def test_tags_added_removed_and_renamed(site, commit):
    article = site["article"]
    prime(article.get_absolute_url(), "/tags/romance/")
    with commit():
        article.tags.add("ratings")
    assert "/tags/ratings/" in text(article.get_absolute_url())[1]
    prime(article.get_absolute_url(), "/tags/ratings/")
    with commit():
        article.tags.remove("romance")
    assert text("/tags/romance/")[0] == 404
    assert "/tags/romance/" not in text(article.get_absolute_url())[1]
    prime(article.get_absolute_url())
    with commit():
        tag = Tag.objects.get(slug="ratings")
        tag.name = "Viewer ratings"
        tag.save()
    assert "Viewer ratings" in text(article.get_absolute_url())[1]


def test_related_articles_follow_a_new_story(site, commit):
    """A new story sharing a show joins the “related” cards of the stories about that show."""
    article = site["article"]
    prime(article.get_absolute_url())
    with commit():
        other = make_article(headline="Kim Ji Won picks her next drama", slug="kjw-next")
        other.shows.add(site["show"])
    assert "kjw-next" in text(article.get_absolute_url())[1]


def test_renaming_an_author_changes_every_byline(site, commit):
    author = site["author"]
    urls = [site["article"].get_absolute_url(), "/", "/section/news/", f"/authors/{author.username}/"]
    prime(*urls)
    with commit():
        author.first_name = "Minseo"
        author.save()
    for url in urls:
        assert "Minseo Seo" in text(url)[1], url


def test_co_authors_reach_every_byline_and_their_own_pages(site, commit):
    """Naming a co-author, renaming them and taking them off: the article, the lists and their pages follow."""
    article = site["article"]
    guest = Contributor.objects.create(name="Moon Ha Rin", slug="moon-ha-rin")
    colleague = make_staff("Writers", username="jamie", first_name="Jamie", last_name="Park")
    lists = [article.get_absolute_url(), "/", "/section/news/", "/feed/", f"/authors/{site['author'].username}/"]
    prime(*lists)
    with commit():
        ArticleCoAuthor.objects.create(article=article, contributor=guest, position=1)
        named = ArticleCoAuthor.objects.create(article=article, staff=colleague, position=2)
    for url in lists:
        assert "Moon Ha Rin" in text(url)[1], url
    prime(*lists, "/contributors/moon-ha-rin/", "/authors/jamie/")
    with commit():
        guest.name = "Moon Harin"
        guest.save()
    for url in [*lists, "/contributors/moon-ha-rin/"]:
        assert "Moon Harin" in text(url)[1], url
    prime(*lists, "/authors/jamie/")
    with commit():
        colleague.last_name = "Parker"
        colleague.save()
    assert "Jamie Parker" in text("/section/news/")[1]
    prime("/authors/jamie/", "/section/news/")
    with commit():
        named.delete()
    assert text("/authors/jamie/")[0] == 404  # nothing of theirs is live any more
    assert "Jamie Parker" not in text("/section/news/")[1]


def test_a_login_alone_keeps_the_pages(site, commit):
    """Saving last_login on sign-in is not a change readers see."""
    prime("/")
    with commit():
        editor = logged_in(make_staff("Editors"))
        assert editor.get("/admin/").status_code == 200
    assert served_from_cache(anonymous_get("/"))


# Shows and people -------------------------------------------------------------


def test_a_shows_schedule(site, commit):
    show = site["show"]
    show.status = "airing"
    show.save()
    page, calendar = show.get_absolute_url(), f"{show.get_absolute_url()}calendar.ics"
    prime(page, calendar, "/")
    assert parse(anonymous_get(page).content.decode()).find("p", cls="next-episode")
    with commit():
        AirSlot.objects.filter(show=show).delete()
    assert parse(text(page)[1]).find_all("p", cls="next-episode") == []
    assert "X-WR-TIMEZONE:UTC" in text(calendar)[1]
    prime(page, calendar)
    with commit():
        AirSlot.objects.create(show=show, weekday=0, local_time=dt.time(20, 50), time_zone="Asia/Seoul")
    assert parse(text(page)[1]).find("p", cls="next-episode")
    assert "X-WR-TIMEZONE:Asia/Seoul" in text(calendar)[1]


def test_episodes(site, commit):
    show = site["show"]
    page, calendar = show.get_absolute_url(), f"{show.get_absolute_url()}calendar.ics"
    prime(page, calendar)
    with commit():
        Episode.objects.create(
            show=show,
            number=1,
            title="The Queen of Department Stores",
            air_date=timezone.localdate() + dt.timedelta(days=3),
        )
    assert "The Queen of Department Stores" in text(page)[1]
    assert "BEGIN:VEVENT" in text(calendar)[1]


def test_cast_changes_reach_show_and_person_pages(site, commit):
    show, person = site["show"], site["person"]
    newcomer = make_person(name="Park Sung Hoon", slug="park-sung-hoon")
    prime(show.get_absolute_url(), newcomer.get_absolute_url())
    with commit():
        Credit.objects.create(person=newcomer, show=show, kind="supporting", character_name="Yoon Eun Seong")
    assert "Park Sung Hoon" in text(show.get_absolute_url())[1]
    assert "queen-of-tears" in text(newcomer.get_absolute_url())[1]
    prime(show.get_absolute_url(), person.get_absolute_url())
    with commit():
        Credit.objects.filter(person=person).delete()
    assert "Kim Ji Won" not in parse(text(show.get_absolute_url())[1]).find("main").text()


def test_where_to_watch(site, commit):
    show, article = site["show"], site["article"]
    prime(show.get_absolute_url(), article.get_absolute_url())
    service = make_service(name="Streamly", slug="streamly")
    with commit():
        make_availability(show, service=service)
    assert "Streamly" in text(show.get_absolute_url())[1]
    assert "Streamly" in text(article.get_absolute_url())[1]
    prime(show.get_absolute_url(), article.get_absolute_url())
    with commit():
        service.name = "Streamly Plus"
        service.save()
    assert "Streamly Plus" in text(show.get_absolute_url())[1]
    assert "Streamly Plus" in text(article.get_absolute_url())[1]


def test_show_edits(site, commit):
    show, article = site["show"], site["article"]
    Article.objects.filter(pk=article.pk).update(has_spoilers=True, spoiler_show=show)
    urls = [show.get_absolute_url(), article.get_absolute_url(), "/", "/section/news/", "/shows/", "/search/?q=queen"]
    prime(*urls)
    with commit():
        show.title = "Queen of Tears (2024)"
        show.save()
    for url in urls:
        assert "Queen of Tears (2024)" in text(url)[1], url


def test_network_edits(site, commit):
    show = site["show"]
    network = Network.objects.create(name="tvN", slug="tvn")
    show.network = network
    show.save()
    prime(show.get_absolute_url(), "/shows/")
    with commit():
        network.name = "tvN Drama"
        network.save()
    assert "tvN Drama" in text(show.get_absolute_url())[1]
    assert "tvN Drama" in text("/shows/")[1]


def test_person_edits(site, commit):
    person, show, article = site["person"], site["show"], site["article"]
    urls = [person.get_absolute_url(), show.get_absolute_url(), article.get_absolute_url(), "/people/"]
    prime(*urls)
    with commit():
        person.name = "Kim Jiwon"
        person.save()
    for url in urls:
        assert "Kim Jiwon" in text(url)[1], url


def test_a_new_show_or_person_joins_the_indexes(site, commit):
    prime("/shows/", "/people/", "/sitemap-shows.xml", "/sitemap-people.xml")
    with commit():
        make_show(title="Lovely Runner", slug="lovely-runner")
        make_person(name="Byeon Woo Seok", slug="byeon-woo-seok")
    assert "Lovely Runner" in text("/shows/")[1]
    assert "Byeon Woo Seok" in text("/people/")[1]
    assert "lovely-runner" in text("/sitemap-shows.xml")[1]
    assert "byeon-woo-seok" in text("/sitemap-people.xml")[1]


# Bulk loads, commands and time ------------------------------------------------


def test_loaddata_makes_every_page_stale(site, commit, tmp_path):
    """Fixture rows are saved raw (no per-model receivers): the load bumps everything once."""
    article = site["article"]
    prime(article.get_absolute_url(), "/")
    fixture = tmp_path / "fix.json"
    row = {"model": "articles.article", "pk": article.pk, "fields": {"headline": "Loaded from a fixture"}}
    fields = {f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields if f.attname != "id"}
    row["fields"] = {**json.loads(json.dumps(fields, default=str)), "headline": "Loaded from a fixture"}
    row["fields"]["author"] = row["fields"].pop("author_id")
    row["fields"]["spoiler_show"] = row["fields"].pop("spoiler_show_id")
    fixture.write_text(json.dumps([row]))
    with commit():
        call_command("loaddata", str(fixture), verbosity=0)
    assert "Loaded from a fixture" in text(article.get_absolute_url())[1]
    assert "Loaded from a fixture" in text("/")[1]


def test_a_load_that_rolled_back_does_not_silence_the_next(site, commit, tmp_path):
    """A failed load schedules nothing; the next load still makes every page stale."""
    article = site["article"]
    with pytest.raises(RuntimeError), transaction.atomic():
        article.save_base(raw=True)
        raise RuntimeError("the fixture's next row was bad")
    prime(article.get_absolute_url())
    with commit():
        Article.objects.filter(pk=article.pk).update(headline="Loaded after a failed load")
        Article.objects.get(pk=article.pk).save_base(raw=True)  # what loaddata does with each row
    assert "Loaded after a failed load" in text(article.get_absolute_url())[1]


def test_clear_page_cache_command(site, commit):
    """After a bulk change that skips signals (QuerySet.update), one command makes every page fresh."""
    article = site["article"]
    prime(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(headline="Changed behind the models' back")
    assert served_from_cache(anonymous_get(article.get_absolute_url()))
    call_command("clear_page_cache", verbosity=0)
    assert "Changed behind the models" in text(article.get_absolute_url())[1]


def test_a_scheduled_article_appears_on_time_without_any_save(site, commit):
    """Stored lists expire when the next scheduled article goes live."""
    go_live = timezone.now() + dt.timedelta(seconds=6)
    make_article(headline="Timed announcement", slug="timed", publish_at=go_live, author=site["author"])
    prime("/", "/feed/")
    assert "timed" not in anonymous_get("/").content.decode()
    time.sleep(max(0.0, (go_live - timezone.now()).total_seconds()) + 0.1)
    assert "timed" in text("/")[1]
    assert "timed" in text("/feed/")[1]


def test_time_sensitive_pages_are_kept_only_briefly(site, settings):
    """Show pages and calendars (next episode, airing now) live PAGE_CACHE_TIME_SENSITIVE_TIMEOUT."""
    settings.PAGE_CACHE_TIME_SENSITIVE_TIMEOUT = 2
    show = site["show"]
    prime(show.get_absolute_url(), site["article"].get_absolute_url())
    time.sleep(2.2)
    assert not served_from_cache(anonymous_get(show.get_absolute_url()))
    assert served_from_cache(anonymous_get(site["article"].get_absolute_url()))


def test_a_change_committed_during_a_render_is_not_hidden(site, commit, monkeypatch):
    """A page whose render started before a change commits is not stored as current."""
    from articles import views

    article = site["article"]
    original = views.related_articles

    def edit_while_rendering(current, *ids):
        # Another editor's save commits while this reader's page is half rendered.
        with commit():
            Article.objects.get(pk=current.pk).save()
        return original(current, *ids)

    monkeypatch.setattr(views, "related_articles", edit_while_rendering)
    anonymous_get(article.get_absolute_url())
    monkeypatch.setattr(views, "related_articles", original)
    assert not served_from_cache(anonymous_get(article.get_absolute_url()))


# Addresses ------------------------------------------------------------------


def test_a_renamed_articles_stored_page_gives_way_to_the_redirect(site, commit):
    """The old address was stored as a page; after the rename a reader there is sent on, not shown the old copy."""
    article = site["article"]
    old = article.get_absolute_url()
    prime(old, *urls_of(site, ["home", "show"]))
    with commit():
        article.slug = "queen-of-tears-renamed"
        article.save()
    response = anonymous_get(old)
    assert not served_from_cache(response)
    assert (response.status_code, response["Location"]) == (301, "/articles/queen-of-tears-renamed/")
    for url in urls_of(site, ["home", "show"]):
        status, page = text(url)
        assert status == 200 and "/articles/queen-of-tears-renamed/" in page and f'href="{old}"' not in page, url


def test_a_correction_refreshes_its_article_and_the_corrections_page(site, commit):
    article = site["article"]
    urls = [article.get_absolute_url(), "/corrections/", "/corrections/feed/"]
    prime(*urls)
    with commit():
        note = Correction.objects.create(article=article, kind="correction", text="It aired on tvN, not JTBC.")
    for url in urls:
        status, body = text(url)
        assert status == 200 and "It aired on tvN, not JTBC." in body, url
    prime(*urls)
    with commit():
        note.delete()
    for url in urls:
        assert "It aired on tvN, not JTBC." not in text(url)[1], url


def test_a_writer_whose_clock_runs_behind_still_makes_pages_stale(site, commit, monkeypatch):
    """Versions come from one counter in the cache, not from the writer's clock (another server's may be off)."""
    url = site["article"].get_absolute_url()
    prime(url)
    an_hour_ago = time.time() - 3600
    with monkeypatch.context() as skewed:
        skewed.setattr(time, "time", lambda: an_hour_ago)
        with commit():
            article = Article.objects.get(pk=site["article"].pk)
            article.headline = "Saved by a server an hour behind"
            article.save()
    status, page = text(url)
    assert status == 200 and "Saved by a server an hour behind" in page


def test_a_publish_is_one_bump_whatever_it_saves(site, commit, monkeypatch):
    """The article, its shows, people and tags commit together: one version, so each page renders once for it."""
    bumps = []
    original = pages.bump_now
    monkeypatch.setattr(pages, "bump_now", lambda tags: bumps.append(set(tags)) or original(tags))
    with commit():
        article = make_article(headline="Published with everything", slug="everything", author=site["author"])
        article.shows.add(site["show"])
        article.people.add(site["person"])
        article.tags.add("finale")
    assert len(bumps) == 1
    assert {"articles", f"article:{article.pk}", f"show:{site['show'].pk}", f"person:{site['person'].pk}"} <= bumps[0]
    assert "tag:finale" in bumps[0]
