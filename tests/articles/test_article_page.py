"""The public article page, checked element by element on the demo reference article."""

import datetime as dt
import tempfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import selectors
from articles.models import DEFAULT_SPOILER_WARNING, Article, ArticleCoAuthor, Contributor
from demo.content import REFERENCE_SLUG
from rehearsal.html import parse
from tests.factories import (
    make_article,
    make_article_image,
    make_availability,
    make_network,
    make_person,
    make_show,
    make_user,
)

LOGLINE = (
    "The queen of department stores and the prince of supermarkets weather a marital crisis "
    "— until love miraculously begins to bloom again."
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for this module, render the reference page, then roll everything back."""
    media = tempfile.TemporaryDirectory()
    with django_db_blocker.unblock(), media, override_settings(MEDIA_ROOT=media.name), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        article = Article.objects.get(slug=REFERENCE_SLUG)
        response = Client().get(reverse("articles:detail", kwargs={"slug": REFERENCE_SLUG}))
        page = {
            "status": response.status_code,
            "tree": parse(response.content.decode()),
            "publish_at": article.publish_at,
            "headline": article.headline,
            "show_url": reverse("shows:detail", kwargs={"slug": "queen-of-tears"}),
        }
        transaction.set_rollback(True)
    return page


@pytest.fixture
def page(demo):
    assert demo["status"] == 200
    return demo["tree"]


def body_of(page):
    return page.find("div", cls="article-body")


def body_paragraphs(page):
    """The article's own paragraphs: inside the body, not inside a figure."""
    return [p for p in body_of(page).find_all("p") if not any(a.tag == "figure" for a in p.ancestors())]


def test_headline(page, demo):
    """The headline is the page's one h1."""
    [h1] = page.find_all("h1")
    assert h1.text() == demo["headline"]


def test_dek(page):
    """The one-line dek sits under the headline."""
    assert page.find("p", cls="dek").text() == "Off camera, they are somehow even sweeter."


def test_byline_names_the_author_and_the_time(page, demo):
    """The byline names the writer and carries a machine-readable publish time."""
    byline = page.find("p", cls="byline")
    assert "Jamie Park" in byline.text()
    time = byline.find("time")
    assert dt.datetime.fromisoformat(time.attrs["datetime"]) == demo["publish_at"]
    assert time.text()


def test_spoiler_warning_comes_before_the_hidden_body(page):
    """Readers see the spoiler warning first; the body waits inside a disclosure they open themselves."""
    warning = page.find("section", cls="spoiler-warning")
    assert warning.find("h2").text() == "Spoiler Alert"
    assert DEFAULT_SPOILER_WARNING in warning.text()
    assert "Queen of Tears, up to episode 8" in warning.text()

    details = page.find("details")
    body = body_of(page)
    assert body.is_inside(details)
    summary = details.find("summary")
    assert summary.parent is details
    assert summary.text()
    assert warning.order < details.order < body.order
    assert not warning.is_inside(details)


def test_netflix_logline_is_a_credited_quote(page):
    """The official logline appears as a blockquote credited to Netflix in a cite."""
    [quote] = [q for q in body_of(page).find_all("blockquote") if LOGLINE in q.text()]
    figure = next(a for a in quote.ancestors() if a.tag == "figure")
    caption = figure.find("figcaption")
    assert "Netflix" in caption.find("cite").text()


def test_photo_has_alt_text_size_and_caption(page):
    """The photo has a description, fixed dimensions and the caption naming who is who."""
    figures = [
        f
        for f in body_of(page).find_all("figure")
        if f.find_all("img") and "Kim Soo Hyun (left) and Kim Ji Won (right)" in f.find("figcaption").text()
    ]
    assert len(figures) == 1
    img = figures[0].find("img")
    assert img.attrs["alt"].strip()
    assert int(img.attrs["width"]) > 0
    assert int(img.attrs["height"]) > 0
    assert img.attrs["src"].startswith("/media/")


def test_media_sit_after_their_paragraphs(page):
    """The quote follows paragraph 2 and the photo follows paragraph 3, as placed in the admin."""
    paragraphs = body_paragraphs(page)
    quote = next(f for f in body_of(page).find_all("figure") if f.find_all("blockquote"))
    photo = next(f for f in body_of(page).find_all("figure") if f.find_all("img"))
    assert paragraphs[1].order < quote.order < paragraphs[2].order
    assert paragraphs[2].order < photo.order < paragraphs[3].order


@pytest.mark.parametrize("name", ["Queen of Tears", "Kim Soo Hyun", "Kim Ji Won", "Baek Hyun Woo", "Hong Hae In"])
def test_body_paragraphs_tell_the_story(page, name):
    """The body paragraphs name the show, its stars and their characters."""
    assert any(name in p.text() for p in body_paragraphs(page))


def test_inline_spoiler_is_marked(page):
    """The plot twist inside a paragraph is wrapped in an inline spoiler span."""
    spoiler = body_of(page).find("span", cls="spoiler")
    assert spoiler.text() == "she has lost some of her memories"


def test_where_to_watch_line(page):
    """The article ends by telling readers where and when to watch, as things stood when it was published."""
    line = page.find("p", cls="where-to-watch").text()
    assert line == (
        "Queen of Tears is available to watch internationally on Netflix and in South Korea on TVING, "
        "with new episodes every Saturday and Sunday."
    )


def test_show_card_links_to_the_show(page, demo):
    """A card about the show links to its page."""
    card = page.find("aside", cls="show-card")
    link = card.find("a")
    assert link.attrs["href"] == demo["show_url"]
    assert "Queen of Tears" in link.text()


def test_tags_are_listed(page):
    """The article's tags are listed at the foot of the page."""
    tags = [li.text() for li in page.find("ul", cls="tags").find_all("li")]
    assert "Queen of Tears" in tags


def test_back_to_top_link_has_a_target(page):
    """'Back to top' jumps to an element that exists."""
    link = page.find("a", href="#top")
    assert link.text() == "Back to top"
    assert page.find_all(id="top")


# A plain article --------------------------------------------------------


@pytest.mark.django_db
def test_article_without_spoilers_shows_the_body_directly(client):
    """Without spoilers there is no warning and nothing to click: the story is right there."""
    article = make_article(body="<p>Plain news about a drama.</p>", has_spoilers=False)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    tree = parse(response.content.decode())
    assert tree.find_all("section", cls="spoiler-warning") == []
    assert tree.find_all("details", cls="spoiler-shield") == []  # the report form has a <details> of its own
    assert "Spoiler Alert" not in tree.text()
    body = tree.find("div", cls="article-body")
    assert body.parent.tag == "article"
    assert body.find("p").text() == "Plain news about a drama."


@pytest.mark.django_db
def test_spoiler_article_without_a_show_uses_the_standard_warning(client):
    """A spoiler article with no named show still warns, with the standard text and no scope line."""
    article = make_article(body="<p>Twist.</p>", has_spoilers=True)
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    warning = tree.find("section", cls="spoiler-warning")
    assert DEFAULT_SPOILER_WARNING in warning.text()
    assert warning.find_all("p", cls="spoiler-scope") == []
    assert tree.find("div", cls="article-body").is_inside(tree.find("details"))


# Byline dates -------------------------------------------------------------


@pytest.mark.django_db
def test_updated_date_only_after_a_meaningful_edit(client):
    """A quick fix soon after publishing shows no "Updated"; a later edit shows when it happened."""
    published = timezone.now() - dt.timedelta(days=2)
    article = make_article(publish_at=published)
    Article.objects.filter(pk=article.pk).update(updated_at=published + dt.timedelta(minutes=20))
    byline = parse(client.get(article.get_absolute_url()).content.decode()).find("p", cls="byline")
    assert "Updated" not in byline.text()

    later = published + dt.timedelta(hours=5)
    Article.objects.filter(pk=article.pk).update(updated_at=later)
    byline = parse(client.get(article.get_absolute_url()).content.decode()).find("p", cls="byline")
    updated = byline.find("span", cls="updated")
    assert updated.text().startswith("Updated")
    assert dt.datetime.fromisoformat(updated.find("time").attrs["datetime"]) == later.replace(microsecond=0)


# Related articles ---------------------------------------------------------


def related_headlines(client, article):
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    section = tree.find_all("section", cls="related")
    return [h.text() for h in section[0].find_all(cls="card-headline")] if section else []


@pytest.mark.django_db
def test_related_articles_share_a_show_person_or_tag(client):
    """Related stories share a show, a person or a tag; unrelated ones and the article itself are left out."""
    now = timezone.now()
    show, person = make_show(), make_person()
    article = make_article(headline="This one")
    article.shows.add(show)
    article.people.add(person)
    article.tags.add("casting")
    by_show = make_article(headline="Same show", publish_at=now - dt.timedelta(hours=2))
    by_show.shows.add(show)
    by_person = make_article(headline="Same person", publish_at=now - dt.timedelta(hours=3))
    by_person.people.add(person)
    by_tag = make_article(headline="Same tag", publish_at=now - dt.timedelta(hours=4))
    by_tag.tags.add("casting")
    make_article(headline="Unrelated").tags.add("ratings")

    assert related_headlines(client, article) == ["Same show", "Same person", "Same tag"]


@pytest.mark.django_db
def test_related_articles_are_live_only_and_at_most_four(client):
    """Only live articles are suggested, never drafts, reviews or scheduled ones, and no more than four."""
    now = timezone.now()
    show = make_show()
    article = make_article()
    article.shows.add(show)
    for n in range(6):
        make_article(headline=f"Live {n}", publish_at=now - dt.timedelta(hours=n + 2)).shows.add(show)
    for status, when in (
        (Article.Status.DRAFT, None),
        (Article.Status.IN_REVIEW, None),
        (Article.Status.PUBLISHED, now + dt.timedelta(hours=1)),
    ):
        make_article(headline=f"Hidden {status}", status=status, publish_at=when).shows.add(show)
    assert related_headlines(client, article) == ["Live 0", "Live 1", "Live 2", "Live 3"]


@pytest.mark.django_db
def test_a_busy_tag_does_not_crowd_out_newer_stories_sharing_a_person(client):
    """A tag on many articles is read only as far as its newest links; the newest related stories still win.

    Articles are tagged as they are written, so the most recently linked are the newest.
    """
    now = timezone.now()
    person = make_person()
    article = make_article(headline="This one")
    article.tags.add("ratings")
    article.people.add(person)
    for days_ago in range(selectors.RELATED_CANDIDATES + 30, 0, -1):
        make_article(headline=f"Ratings {days_ago} days ago", publish_at=now - dt.timedelta(days=days_ago)).tags.add(
            "ratings"
        )
    newest_by_tag = make_article(headline="New ratings", publish_at=now - dt.timedelta(hours=3))
    newest_by_tag.tags.add("ratings")
    by_person = make_article(headline="Same person", publish_at=now - dt.timedelta(hours=2))
    by_person.people.add(person)

    assert related_headlines(client, article) == [
        "Same person",
        "New ratings",
        "Ratings 1 days ago",
        "Ratings 2 days ago",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("link", ["shows", "people"])
def test_related_stories_by_show_or_person_go_by_date_not_by_when_linked(client, link):
    """An older story linked late (an archive import, a show added to it afterwards) does not push out
    a newer one linked early: a show's or person's candidates are its newest by publish time."""
    now = timezone.now()
    shared = make_show() if link == "shows" else make_person()
    article = make_article(headline="This one")
    getattr(article, link).add(shared)
    newest = make_article(headline="Newest, linked first", publish_at=now - dt.timedelta(hours=2))
    getattr(newest, link).add(shared)
    for n in range(selectors.RELATED_CANDIDATES + 5):
        older = make_article(headline=f"Old {n}", publish_at=now - dt.timedelta(days=30 + n))
        getattr(older, link).add(shared)
    assert related_headlines(client, article) == ["Newest, linked first", "Old 0", "Old 1", "Old 2"]


@pytest.mark.django_db
def test_an_article_with_hundreds_of_tags_still_gets_related_stories(client):
    """Related stories look through the first links only, so a huge tag list is neither an error nor slow."""
    show = make_show()
    article = make_article(headline="This one")
    article.shows.add(show)
    article.tags.add(*(f"tag {n}" for n in range(600)))
    make_article(headline="Same show").shows.add(show)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert related_headlines(client, article) == ["Same show"]


@pytest.mark.django_db
def test_related_spoiler_cards_hide_dek_and_image(client):
    """A related spoiler article shows its label and no dek or picture."""
    show = make_show(title="Lovely Runner")
    article = make_article()
    article.shows.add(show)
    spoiler = make_article(
        headline="Ep 1 recap",
        dek="Sol goes back in time",
        has_spoilers=True,
        spoiler_show=show,
        spoiler_through_episode=1,
    )
    spoiler.shows.add(show)
    make_article_image(spoiler, is_lead=True, alt_text="Time travel scene")
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    card = tree.find("section", cls="related").find("article", cls="card")
    assert card.find("p", cls="spoiler-label").text() == "Spoilers: Lovely Runner ep. 1"
    assert card.find_all("img") == []
    assert "Sol goes back in time" not in tree.text()


@pytest.mark.django_db
def test_no_related_section_when_nothing_is_related(client):
    """An article that shares nothing with others has no empty related block."""
    article = make_article()
    make_article()
    assert related_headlines(client, article) == []


# Query budget -------------------------------------------------------------


def _article_with(count):
    article = make_article(body="".join(f"<p>Paragraph {n}.</p>" for n in range(count)))
    make_article_image(article, is_lead=True)
    for n in range(count):
        make_article_image(article, position=n)
        show = make_show(slots=[(5, dt.time(21, 10)), (6, dt.time(21, 10))], network=make_network())
        make_availability(show)
        article.shows.add(show)
        article.people.add(make_person())
        article.tags.add(f"tag {n}")
        other = make_article()
        make_article_image(other, is_lead=True)
        other.shows.add(show)
    return article


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_article_query_budget(client, django_assert_max_num_queries, count):
    """The article page costs at most 8 queries with 1 or 30 tags, images, shows, people and related articles.

    Its images, quotes, videos, corrections and tags come with the article's own row (articles/page_relations.py);
    one query reads the linked people's credits in the linked shows, for the JSON-LD's PerformanceRoles.
    """
    article = _article_with(count)
    with django_assert_max_num_queries(8):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert len(parse(response.content.decode()).find("section", cls="related").find_all("article")) == min(count, 4)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_co_authors_cost_the_article_page_one_query_however_many(client, django_assert_max_num_queries, count):
    """Co-authors are fetched in one query, with their accounts and guest rows, only for an article that has some."""
    article = _article_with(count)
    for n in range(count):
        guest = Contributor.objects.create(name=f"Guest {n}", slug=f"guest-{n}")
        ArticleCoAuthor.objects.create(article=article, contributor=guest, position=n + 1)
        ArticleCoAuthor.objects.create(article=article, staff=make_user(is_staff=True), position=count + n + 1)
    with django_assert_max_num_queries(9):
        response = client.get(article.get_absolute_url())
    byline = parse(response.content.decode()).find("p", cls="byline")
    assert len(byline.find_all("a")) == 1 + 2 * count


@pytest.mark.django_db
def test_share_links_need_no_scripts(client):
    """Share links are plain links carrying the canonical address; the page loads no third-party script."""
    from urllib.parse import parse_qs, urlsplit

    article = make_article(headline="Big & bold news")
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    links = {a.text(): a.attrs["href"] for a in tree.find("nav", cls="share").find_all("a")}
    url = f"http://testserver{article.get_absolute_url()}"
    tweet = urlsplit(links["X (Twitter) (opens in a new tab)"])
    assert parse_qs(tweet.query) == {"url": [url], "text": ["Big & bold news"]}
    assert parse_qs(urlsplit(links["Facebook (opens in a new tab)"]).query) == {"u": [url]}
    assert parse_qs(urlsplit(links["Email"]).query)["body"] == [url]
    scripts = [s.attrs.get("src", "") for s in tree.find_all("script") if s.attrs.get("type") != "application/ld+json"]
    assert all(src.startswith("/static/") for src in scripts)
