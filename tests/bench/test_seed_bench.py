"""manage.py seed_bench: a small seeded newsroom is consistent, renders, and keeps the query budgets."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleImage, ArticlePerson, ArticleShow, SpoilerChange, TaggedArticle
from bench import seed
from bench.management.commands.seed_bench import Command as SeedBench
from bench.seed import BENCH_EDITOR
from editing.names import search_key
from editing.richtext import sanitize_html
from people.models import Credit, Person
from pictures import renditions
from shows.models import Show
from tests.conftest import stored_files
from tests.factories import password_login

pytestmark = pytest.mark.django_db

ARTICLES, PEOPLE, SHOWS = 300, 60, 12
PASSWORD = "bench-editor-test-password"


@pytest.fixture(autouse=True)
def two_pictures(monkeypatch):
    """Two shared lead pictures instead of twelve: each is a real upload with six renditions to encode."""
    monkeypatch.setattr(seed, "LEAD_PICTURES", 2)


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    """A seeded database; returns what the command printed to stderr (the progress bar)."""
    err = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # renditions are made after commit
        call_command(
            SeedBench(),
            articles=ARTICLES,
            people=PEOPLE,
            shows=SHOWS,
            seed=3,
            editor_password=PASSWORD,
            stdout=io.StringIO(),
            stderr=err,
        )
    return err.getvalue()


def live_sample(count=5):
    return list(Article.objects.published().order_by("pk")[:: ARTICLES // count][:count])


def test_most_articles_lead_with_a_real_picture(seeded, media_root):
    """Three in four articles have a lead image; they share a few real uploads that have their renditions."""
    leads = ArticleImage.objects.filter(is_lead=True)
    assert 0.6 * ARTICLES < leads.count() < 0.9 * ARTICLES
    names = set(leads.values_list("image", flat=True))
    assert len(names) == seed.LEAD_PICTURES
    for image in [leads.filter(image=name).first() for name in names]:
        assert (media_root / image.image.name).is_file() and (image.width, image.height) == (1200, 675)
        assert len(renditions.available(image.image, image.width)) == 9  # AVIF, WebP and JPEG at 3 widths


def test_counts_and_publication_mix(seeded):
    """The counts asked for are made, and drafts, articles in review and scheduled ones stay off the site."""
    assert (Article.objects.count(), Person.objects.count(), Show.objects.count()) == (ARTICLES, PEOPLE, SHOWS)
    live = Article.objects.published().count()
    assert 0.85 * ARTICLES < live < ARTICLES
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.filter(status=Article.Status.IN_REVIEW).exists()
    assert Article.objects.scheduled().exists()
    assert set(Article.objects.values_list("section", flat=True)) == set(Article.Section.values)
    years = {a.publish_at.year for a in Article.objects.published()}
    assert len(years) >= 4, "publication is spread over years"


def test_progress_bar_on_stderr(seeded):
    assert "articles" in seeded and f"{ARTICLES}/{ARTICLES}" in seeded


def test_articles_point_at_their_shows_people_and_tags(seeded):
    """Every article is about at least one show, its people are in that show's cast, and it carries tags."""
    cast = {}
    for show_id, person_id in Credit.objects.values_list("show_id", "person_id"):
        cast.setdefault(show_id, set()).add(person_id)
    for article in Article.objects.prefetch_related("shows", "people", "tags"):
        show_ids = {show.pk for show in article.shows.all()}
        assert show_ids, article.slug
        people = {person.pk for person in article.people.all()}
        assert people <= set().union(*(cast[pk] for pk in show_ids))
        assert len(article.tags.all()) >= 2
    # Raw inserts skip the links' save() and .add(): each link must still carry its article's live time.
    for link in TaggedArticle.objects.select_related("content_object"):
        assert link.live_from == link.content_object.live_from, link.content_object.slug
    for links in (ArticleShow, ArticlePerson):
        for link in links.objects.select_related("article"):
            assert link.live_from == link.article.live_from, link.article.slug


def test_slugs_unique_and_derived_fields_as_save_would_make_them(seeded):
    """Bulk inserts skip save(): slugs, sanitised bodies, search keys and versions must still be right."""
    for model in (Article, Show, Person, Tag):
        slugs = list(model.objects.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs)) and all(slugs)
    for show in Show.objects.all():
        assert show.search_titles == search_key(show.title, show.original_title)
        assert show.version == 0
    for person in Person.objects.all():
        assert person.search_names == search_key(person.name, person.hangul_name, *person.alternative_names.split(","))
    for article in Article.objects.all()[:50]:
        assert article.body == sanitize_html(article.body) and len(article.body) > 2000
        assert article.version == 0
        if article.publish_at and not article.is_scheduled:
            assert article.created_at <= article.updated_at and article.created_at == article.publish_at


def test_spoiler_articles_are_marked_and_audited(seeded):
    """Spoiler articles name a show they are about, an episode it has, and have their first audit row."""
    spoilers = Article.objects.filter(has_spoilers=True).select_related("spoiler_show")
    assert spoilers.exists()
    for article in spoilers:
        assert article.shows.filter(pk=article.spoiler_show_id).exists()
        through = article.spoiler_through_episode
        assert through is None or 1 <= through <= article.spoiler_show.episode_count
        change = SpoilerChange.objects.get(article=article)
        assert change.after["spoiler_show_id"] == article.spoiler_show_id and not change.before["has_spoilers"]
    assert SpoilerChange.objects.count() == spoilers.count()


def test_shows_have_schedules_episodes_and_cast(seeded):
    for show in Show.objects.annotate(episodes_made=Count("episodes")).prefetch_related("air_slots"):
        assert show.episodes_made == show.episode_count
        assert show.air_slots.all()
        assert show.credits.filter(kind=Credit.Kind.LEAD).count() == 2
        assert show.availabilities.exists()
        last = show.episodes.order_by("-number").first()
        if show.status != Show.Status.UPCOMING:
            assert show.finale_date == last.air_date
        if show.status == Show.Status.ENDED:
            assert show.finale_date < timezone.localdate()


def public_urls():
    article = live_sample(1)[0]
    show = article.shows.first()
    busiest_tag = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n").first()
    return {
        "home": (reverse("home"), 10),
        "article": (article.get_absolute_url(), 12),  # tests/articles/test_article_page.py: 12
        "show": (show.get_absolute_url(), 10),
        "person": (show.people.first().get_absolute_url(), 8),
        "tag": (reverse("articles:tag", args=[busiest_tag.slug]), 8),
        "section": (reverse("articles:section", args=["news"]), 8),
        "author": (reverse("articles:author", args=[article.author.username]), 8),
        "search": (reverse("search") + "?q=" + show.title.split()[-1], 8),
    }


def test_pages_render_within_their_query_budgets(seeded, client, django_assert_max_num_queries):
    """Every public page renders from seeded data within the budget its own tests set."""
    for name, (url, budget) in public_urls().items():
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200, name
    assert b"<picture" in client.get(reverse("home")).content, "the home page leads with a picture"
    for article in live_sample():
        assert client.get(article.get_absolute_url()).status_code == 200
    draft = Article.objects.filter(status=Article.Status.DRAFT).first()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("articles:feed")).status_code == 200


def test_bench_editor_can_open_the_article_admin(seeded, client):
    """The benchmark times the admin list as this editor; no other seeded account can log in."""
    assert password_login(client, BENCH_EDITOR, PASSWORD)
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    client.logout()
    assert not password_login(client, "bench-writer-001", PASSWORD)


def test_refuses_a_database_with_content_and_flush_replaces_it(seeded, media_root, django_capture_on_commit_callbacks):
    """Seeding twice needs --flush; --flush with the same seed gives the same data and leaves no stray file."""
    files = stored_files(media_root)
    headlines = list(Article.objects.order_by("slug").values_list("headline", flat=True))
    with pytest.raises(CommandError, match="--flush"):
        call_command(SeedBench(), articles=10, people=5, shows=2, stdout=io.StringIO(), stderr=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            SeedBench(), articles=ARTICLES, people=PEOPLE, shows=SHOWS, seed=3, flush=True,
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    assert list(Article.objects.order_by("slug").values_list("headline", flat=True)) == headlines
    assert Person.objects.count() == PEOPLE
    assert stored_files(media_root) == files


def test_the_rare_word_is_in_the_same_few_articles_at_every_scale(seeded, client):
    """The benchmark's rare-word search finds the same handful of stories at 1,000 articles and 100,000."""
    holding = Article.objects.filter(body__contains=seed.RARE_WORD)
    numbers = sorted(int(article.slug.rsplit("-", 1)[1]) for article in holding)
    assert numbers == sorted(n for n in seed.RARE_WORD_ARTICLES if n <= ARTICLES) == [97, 211]
    assert Article.objects.published().filter(pk__in=holding).exists()
    page = client.get(reverse("search"), {"q": seed.RARE_WORD.lower()}).content.decode()
    for article in holding:
        assert (article.headline in page) == (article in Article.objects.published()), article.headline
