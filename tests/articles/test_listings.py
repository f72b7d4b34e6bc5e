"""Tag, section and author pages: what they list, what they never list, and what they cost."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from rehearsal.html import parse
from tests.factories import logged_in, make_article, make_article_image, make_show, make_staff, make_user

pytestmark = pytest.mark.django_db

LISTING_BUDGET = 8


def unpublished(**kw):
    """A draft, an article in review and a scheduled one, each with the given fields."""
    now = timezone.now()
    return [
        make_article(status=Article.Status.DRAFT, publish_at=now - dt.timedelta(days=1), **kw),
        make_article(status=Article.Status.IN_REVIEW, publish_at=now - dt.timedelta(days=1), **kw),
        make_article(status=Article.Status.PUBLISHED, publish_at=now + dt.timedelta(hours=1), **kw),
    ]


def card_headlines(response):
    return [h.text() for h in parse(response.content.decode()).find_all("h2", cls="card-headline")]


def tagged(article, *names):
    article.tags.add(*names)
    return article


def tag_url(slug="wedding"):
    return reverse("articles:tag", args=[slug])


# Tag pages -----------------------------------------------------------------


def test_tag_page_lists_live_tagged_articles_under_the_tag_name(client):
    """The tag page is headed by the tag and lists its published articles, and nothing else."""
    live = tagged(make_article(headline="The wedding of the year"), "Wedding")
    make_article(headline="Untagged story")
    hidden = [tagged(article, "Wedding") for article in unpublished()]
    response = client.get(tag_url())
    assert response.status_code == 200
    tree = parse(response.content.decode())
    assert tree.find("h1").text() == "Wedding"
    assert card_headlines(response) == [live.headline]
    for article in hidden:
        assert article.headline not in response.content.decode()


def test_unknown_tag_is_404(client):
    assert client.get(tag_url("no-such-tag")).status_code == 404


def test_tag_used_only_on_drafts_is_404(client):
    """A tag on unpublished work only must not reveal its name."""
    for article in unpublished():
        tagged(article, "Secret Casting")
    response = client.get(tag_url("secret-casting"))
    assert response.status_code == 404
    assert b"Secret Casting" not in response.content


def test_hangul_and_punctuation_tags_never_break_a_page(client):
    """A Hangul tag gets a working page; a tag with no usable slug is shown unlinked, not a 500."""
    article = tagged(make_article(), "눈물의 여왕", "!!!")
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    items = tree.find("ul", cls="tags").find_all("li")
    links = {li.text(): li.find_all("a") for li in items}
    assert links["!!!"] == []
    [hangul] = links["눈물의 여왕"]
    response = client.get(hangul.attrs["href"])
    assert response.status_code == 200
    assert parse(response.content.decode()).find("h1").text() == "눈물의 여왕"
    assert client.get(hangul.attrs["href"] + "feed/").status_code == 200


def test_tag_page_follows_publishing_rescheduling_and_unpublishing(client):
    """The tag page orders by the articles' publish times and drops what is no longer live, as they change."""
    now = timezone.now()
    older = tagged(make_article(headline="Older", publish_at=now - dt.timedelta(hours=2)), "Wedding")
    newer = tagged(make_article(headline="Newer", publish_at=now - dt.timedelta(hours=1)), "Wedding")
    draft = tagged(make_article(headline="Draft", status=Article.Status.DRAFT, publish_at=None), "Wedding")
    assert card_headlines(client.get(tag_url())) == ["Newer", "Older"]

    older.publish_at = now - dt.timedelta(minutes=30)
    older.save()
    assert card_headlines(client.get(tag_url())) == ["Older", "Newer"]

    draft.status = Article.Status.PUBLISHED
    draft.publish_at = now - dt.timedelta(minutes=10)
    draft.save()
    assert card_headlines(client.get(tag_url())) == ["Draft", "Older", "Newer"]

    newer.status = Article.Status.DRAFT
    newer.save()
    draft.publish_at = now + dt.timedelta(hours=1)  # scheduled: not live yet
    draft.save()
    assert card_headlines(client.get(tag_url())) == ["Older"]

    older.status = Article.Status.IN_REVIEW
    older.save(update_fields=["status"])
    assert client.get(tag_url()).status_code == 404


def test_tag_page_follows_the_publish_and_unpublish_actions(client):
    """The admin's list actions save only a few fields; the tag page still follows them."""
    editor = logged_in(make_staff("Editors"))
    scheduled = tagged(make_article(headline="Scheduled", publish_at=timezone.now() + dt.timedelta(days=1)), "Wedding")
    assert client.get(tag_url()).status_code == 404
    editor.post("/admin/articles/article/", {"action": "publish_now", "_selected_action": [scheduled.pk], "index": 0})
    assert card_headlines(client.get(tag_url())) == ["Scheduled"]
    editor.post("/admin/articles/article/", {"action": "unpublish", "_selected_action": [scheduled.pk], "index": 0})
    assert client.get(tag_url()).status_code == 404


def test_tag_page_orders_like_the_other_listings(client):
    """Newest first and, for articles published at the same moment, the later one first, as on a section page."""
    moment = timezone.now() - dt.timedelta(hours=1)
    for n in range(6):
        at = moment if n % 2 else moment - dt.timedelta(minutes=n)
        tagged(make_article(headline=f"Story {n}", section=Section.NEWS, publish_at=at), "Wedding")
    section = card_headlines(client.get(reverse("articles:section", args=["news"])))
    assert card_headlines(client.get(tag_url())) == section
    assert section[:3] == ["Story 5", "Story 3", "Story 1"]


def test_article_page_lists_its_tags_by_name(client):
    article = tagged(make_article(), "Zelkova Tree", "Ahn Hyo-seop", "Mask Girl")
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    assert [li.text() for li in tree.find("ul", cls="tags").find_all("li")] == [
        "Ahn Hyo-seop",
        "Mask Girl",
        "Zelkova Tree",
    ]


# Section pages ---------------------------------------------------------------


def test_section_page_lists_only_that_sections_live_articles(client):
    review = make_article(section=Section.REVIEW, headline="A fair review")
    make_article(section=Section.NEWS, headline="Some news")
    unpublished(section=Section.REVIEW)
    response = client.get(reverse("articles:section", args=["review"]))
    assert response.status_code == 200
    tree = parse(response.content.decode())
    assert tree.find("h1").text() == "Review"
    assert card_headlines(response) == [review.headline]


def test_section_nav_marks_the_current_section(client):
    """The section page offers every section and marks the one the reader is in."""
    tree = parse(client.get(reverse("articles:section", args=["recap"])).content.decode())
    nav = tree.find("nav", cls="section-nav")
    links = {a.text(): a for a in nav.find_all("a")}
    assert set(links) == {label for _, label in Section.choices}
    assert links["Recap"].attrs.get("aria-current") == "page"
    assert client.get(links["News"].attrs["href"]).status_code == 200


def test_empty_section_is_shown_as_empty(client):
    """Sections are a fixed public list, so one without articles is a page, not an error."""
    response = client.get(reverse("articles:section", args=["interview"]))
    assert response.status_code == 200
    assert card_headlines(response) == []


def test_unknown_section_is_404(client):
    assert client.get("/section/gossip/").status_code == 404


# Author pages ----------------------------------------------------------------


def test_author_page_names_the_author_and_lists_their_live_articles(client):
    author = make_user(username="mina", first_name="Mina", last_name="Cho")
    mine = make_article(author=author, headline="Mina's scoop")
    make_article(headline="Someone else's story")
    unpublished(author=author)
    response = client.get(reverse("articles:author", args=["mina"]))
    assert response.status_code == 200
    assert parse(response.content.decode()).find("h1").text() == "Articles by Mina Cho"
    assert card_headlines(response) == [mine.headline]


def test_author_with_only_drafts_has_no_page(client):
    """Staff with nothing published stay unnamed: 404, and their name appears nowhere."""
    author = make_user(username="ghost", first_name="Secret", last_name="Hire")
    unpublished(author=author)
    response = client.get(reverse("articles:author", args=["ghost"]))
    assert response.status_code == 404
    assert b"Secret Hire" not in response.content


def test_unknown_author_is_404(client):
    assert client.get(reverse("articles:author", args=["nobody"])).status_code == 404


# Pagination ------------------------------------------------------------------


def test_listings_show_twenty_per_page_newest_first(client):
    now = timezone.now()
    articles = [
        tagged(make_article(publish_at=now - dt.timedelta(minutes=n), headline=f"Story {n:02}"), "Wedding")
        for n in range(1, 23)
    ]
    first = client.get(tag_url())
    second = client.get(tag_url() + "?page=2")
    assert card_headlines(first) == [a.headline for a in articles[:20]]
    assert card_headlines(second) == [a.headline for a in articles[20:]]
    older = parse(first.content.decode()).find("a", rel="next")
    assert client.get(tag_url() + older.attrs["href"]).status_code == 200


@pytest.mark.parametrize("page", ["abc", "0", "99", "-1", "1.5"])
def test_bad_page_numbers_are_404_not_errors(client, page):
    tagged(make_article(), "Wedding")
    make_article(section=Section.NEWS, author=make_user(username="writer9"))
    for url in (tag_url(), reverse("articles:section", args=["news"]), reverse("articles:author", args=["writer9"])):
        assert client.get(url, {"page": page}).status_code == 404


# Spoiler safety and links ------------------------------------------------------


def test_spoiler_card_shows_the_label_not_the_dek(client):
    """On a listing, a spoiler article's dek never appears: only its spoiler label."""
    show = make_show(title="Queen of Tears")
    tagged(
        make_article(
            dek="Hae-in loses her memory",
            has_spoilers=True,
            spoiler_show=show,
            spoiler_through_episode=14,
        ),
        "Wedding",
    )
    content = client.get(tag_url()).content.decode()
    assert "Hae-in loses her memory" not in content
    assert "Spoilers: Queen of Tears ep. 14" in content


def test_listing_cards_show_lead_images_except_on_spoiler_articles(client):
    """Cards carry the lead image, but a spoiler article's picture could give the twist away."""
    plain = tagged(make_article(headline="Plain story"), "Wedding")
    spoiler = tagged(
        make_article(headline="Spoiler story", has_spoilers=True, spoiler_show=make_show(title="Queen of Tears")),
        "Wedding",
    )
    for article in (plain, spoiler):
        make_article_image(article, is_lead=True, alt_text=f"Lead of {article.headline}")
    tree = parse(client.get(tag_url()).content.decode())
    cards = {card.find(cls="card-headline").text(): card for card in tree.find_all("article", cls="card")}
    assert cards["Plain story"].find_all("img")
    assert cards["Spoiler story"].find_all("img") == []


def test_listing_pages_have_a_canonical_address(client):
    tagged(make_article(), "Wedding")
    tree = parse(client.get(tag_url(), {"utm_source": "x"}).content.decode())
    assert tree.find("link", rel="canonical").attrs["href"] == "http://testserver" + tag_url()


@pytest.mark.parametrize(
    ("url", "feed"),
    [
        (lambda: tag_url(), lambda: reverse("articles:tag-feed", args=["wedding"])),
        (lambda: reverse("articles:section", args=["news"]), lambda: reverse("articles:section-feed", args=["news"])),
        (lambda: reverse("articles:author", args=["mina"]), lambda: reverse("articles:author-feed", args=["mina"])),
    ],
)
def test_listings_announce_their_feeds(client, url, feed):
    tagged(make_article(section=Section.NEWS, author=make_user(username="mina")), "Wedding")
    tree = parse(client.get(url()).content.decode())
    rss = tree.find("link", rel="alternate", type="application/rss+xml")
    atom = tree.find("link", rel="alternate", type="application/atom+xml")
    assert rss.attrs["href"] == feed()
    assert client.get(rss.attrs["href"]).status_code == 200
    assert client.get(atom.attrs["href"]).status_code == 200


def test_article_page_links_its_tags_section_and_author(client):
    """From an article, the tags, the section kicker and the byline each lead to a working listing."""
    author = make_user(username="jamie")
    article = tagged(make_article(author=author, section=Section.FEATURE), "Queen of Tears")
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    tag_link = tree.find("ul", cls="tags").find("a")
    kicker_link = tree.find("p", cls="kicker").find("a")
    byline_link = tree.find("p", cls="byline").find("a", cls="author")
    assert tag_link.attrs["href"] == tag_url("queen-of-tears")
    assert kicker_link.attrs["href"] == reverse("articles:section", args=["feature"])
    assert byline_link.attrs["href"] == reverse("articles:author", args=["jamie"])
    for link in (tag_link, kicker_link, byline_link):
        assert client.get(link.attrs["href"]).status_code == 200


# Query budgets ---------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_listing_query_budgets_do_not_grow(client, django_assert_max_num_queries, rows):
    """Tag, section and author pages cost the same with 1 or 30 articles, each with 1 or 30 tags."""
    author = make_user(username="prolific")
    show = make_show()
    tags = [f"tag {n}" for n in range(rows)]
    for n in range(rows):
        article = make_article(
            author=author, section=Section.NEWS, has_spoilers=bool(n % 2), spoiler_show=show if n % 2 else None
        )
        article.tags.add("Wedding", *tags)
    for url in (tag_url(), reverse("articles:section", args=["news"]), reverse("articles:author", args=["prolific"])):
        with django_assert_max_num_queries(LISTING_BUDGET):
            response = client.get(url)
        assert response.status_code == 200
        assert len(card_headlines(response)) == min(rows, 20)


def test_tag_and_author_pages_ask_no_exists_before_their_page(client, django_assert_num_queries):
    """Two queries: what the page is about, then the page itself (one row past it); an empty list is a 404 alike.

    A 404 asks one more: whether the address moved (addresses/middleware.py). An author page asks
    one more too: which articles they co-wrote, a few ids, so that the page's own query stays an
    OR of two indexed lookups (ArticleQuerySet.by_staff).
    """
    author = make_user(username="mina")
    tagged(make_article(author=author), "Wedding")
    for article in unpublished():
        tagged(article, "Secret Casting")
    for url, expected_queries, status in [
        (tag_url(), 2, 200),
        (reverse("articles:author", args=["mina"]), 3, 200),
        (tag_url("secret-casting"), 3, 404),
    ]:
        with django_assert_num_queries(expected_queries):
            assert client.get(url).status_code == status
