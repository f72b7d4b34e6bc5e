"""RSS 2.0 and Atom feeds, parsed as XML: published articles only, spoiler-safe summaries."""

import datetime as dt
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from rehearsal.html import parse
from tests.factories import make_article, make_person, make_show, make_user

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_BUDGET = 6


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    return channel, channel.findall("item")


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}")
    return root, root.findall(f"{ATOM}entry")


def unpublished(**kw):
    now = timezone.now()
    return [
        make_article(headline="Draft story", status=Article.Status.DRAFT, publish_at=now - dt.timedelta(days=1), **kw),
        make_article(
            headline="Story in review", status=Article.Status.IN_REVIEW, publish_at=now - dt.timedelta(days=1), **kw
        ),
        make_article(headline="Scheduled story", publish_at=now + dt.timedelta(hours=3), **kw),
    ]


@pytest.fixture
def spoiler_article():
    show = make_show(title="Queen of Tears")
    return make_article(
        headline="Queen of Tears episode 14 recap",
        dek="Hae-in loses her memory",
        body="<p>Hae-in loses her memory and Hyun-woo is heartbroken.</p>",
        has_spoilers=True,
        spoiler_show=show,
        spoiler_through_episode=14,
    )


# The site feed -----------------------------------------------------------------------


def test_rss_feed_lists_live_articles_newest_first_with_their_details(client):
    now = timezone.now()
    older = make_article(headline="Older story", dek="The older dek", publish_at=now - dt.timedelta(days=2))
    newer = make_article(
        headline="Newer story",
        dek="The newer dek",
        publish_at=now - dt.timedelta(hours=1),
        author=make_user(first_name="Mina", last_name="Cho"),
    )
    newer.tags.add("Queen of Tears", "Ratings")
    unpublished()
    channel, items = rss_items(client, reverse("articles:feed"))
    assert [item.findtext("title") for item in items] == [newer.headline, older.headline]
    first = items[0]
    assert first.findtext("link").endswith(newer.get_absolute_url())
    assert first.findtext("description") == "The newer dek"
    assert first.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Mina Cho"
    assert sorted(c.text for c in first.findall("category")) == ["Queen of Tears", "Ratings"]
    assert parsedate_to_datetime(first.findtext("pubDate")) == newer.publish_at.replace(microsecond=0)
    guids = [item.findtext("guid") for item in items]
    assert len(set(guids)) == len(guids) == 2


def test_feeds_hold_at_most_twenty_items(client):
    for _ in range(23):
        make_article()
    _, items = rss_items(client, reverse("articles:feed"))
    _, entries = atom_entries(client, reverse("articles:feed-atom"))
    assert len(items) == len(entries) == 20


def test_atom_feed_has_ids_dates_authors_and_summaries(client):
    article = make_article(headline="Atom story", dek="Atom dek", author=make_user(first_name="Mina", last_name="Cho"))
    article.tags.add("Ratings")
    unpublished()
    _, entries = atom_entries(client, reverse("articles:feed-atom"))
    [entry] = entries
    assert entry.findtext(f"{ATOM}title") == "Atom story"
    assert entry.findtext(f"{ATOM}summary") == "Atom dek"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Mina Cho"
    assert entry.findtext(f"{ATOM}id")
    assert dt.datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == article.publish_at
    assert entry.findtext(f"{ATOM}updated")
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Ratings"]
    assert entry.find(f"{ATOM}link").get("href").endswith(article.get_absolute_url())


@pytest.mark.parametrize("name", ["articles:feed", "articles:feed-atom"])
def test_spoiler_items_carry_the_label_never_the_dek_or_body(client, spoiler_article, name):
    response = client.get(reverse(name))
    assert b"Hae-in loses her memory" not in response.content
    assert b"heartbroken" not in response.content
    root = ET.fromstring(response.content)
    summaries = [el.text for el in root.iter() if el.tag in ("description", f"{ATOM}summary")]
    assert "Spoilers: Queen of Tears ep. 14" in summaries


@pytest.mark.parametrize("name", ["articles:feed", "articles:feed-atom"])
def test_no_unpublished_article_reaches_a_feed(client, name):
    unpublished()
    content = client.get(reverse(name)).content
    for headline in (b"Draft story", b"Story in review", b"Scheduled story"):
        assert headline not in content


# Section, tag, show and person feeds ---------------------------------------------------


def feeds_for(route, *args):
    return [reverse(route, args=args), reverse(f"{route}-atom", args=args)]


def titles_in(client, url):
    """Item titles of an RSS or Atom feed, in order."""
    root = ET.fromstring(client.get(url).content)
    if root.tag == "rss":
        return [item.findtext("title") for item in root.iter("item")]
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_section_feeds_hold_only_their_section(client):
    review = make_article(section=Section.REVIEW, headline="A review")
    make_article(section=Section.NEWS, headline="Some news")
    unpublished(section=Section.REVIEW)
    for url in feeds_for("articles:section-feed", "review"):
        assert titles_in(client, url) == [review.headline]


def test_tag_feeds_hold_only_their_tag(client):
    tagged = make_article(headline="Tagged story")
    tagged.tags.add("Wedding")
    make_article(headline="Untagged story")
    for article in unpublished():
        article.tags.add("Wedding")
    for url in feeds_for("articles:tag-feed", "wedding"):
        assert titles_in(client, url) == [tagged.headline]


def test_tag_feeds_list_newest_first(client):
    """Tag feeds read the tag's articles newest first, whatever order they were written or tagged in."""
    now = timezone.now()
    for hours, headline in [(3, "Three hours ago"), (1, "An hour ago"), (2, "Two hours ago")]:
        make_article(headline=headline, publish_at=now - dt.timedelta(hours=hours)).tags.add("Wedding")
    for url in feeds_for("articles:tag-feed", "wedding"):
        assert titles_in(client, url) == ["An hour ago", "Two hours ago", "Three hours ago"]


def test_feed_items_list_their_tags_by_name(client):
    """Categories come in one stable order, the tags' names, whatever order they were added in."""
    make_article().tags.add("Zelkova Tree", "Ahn Hyo-seop", "Mask Girl")
    for url in feeds_for("articles:feed"):
        root = ET.fromstring(client.get(url).content)
        names = [c.text for c in root.iter("category")] or [c.get("term") for c in root.iter(f"{ATOM}category")]
        assert names == ["Ahn Hyo-seop", "Mask Girl", "Zelkova Tree"]


def test_show_feeds_hold_only_articles_about_the_show(client):
    show = make_show(slug="queen-of-tears", title="Queen of Tears")
    about = make_article(headline="About the show")
    about.shows.add(show)
    make_article(headline="About something else")
    for article in unpublished():
        article.shows.add(show)
    for url in feeds_for("articles:show-feed", "queen-of-tears"):
        assert titles_in(client, url) == [about.headline]


def test_person_feeds_hold_only_articles_about_the_person(client):
    person = make_person(slug="kim-soo-hyun", name="Kim Soo Hyun")
    about = make_article(headline="About him")
    about.people.add(person)
    make_article(headline="About someone else")
    for article in unpublished():
        article.people.add(person)
    for url in feeds_for("articles:person-feed", "kim-soo-hyun"):
        assert titles_in(client, url) == [about.headline]


def test_show_and_person_feeds_list_newest_first(client):
    """Show and person feeds read their articles newest first, whatever order they were written or linked in,
    from either side of the link, and follow a change of publish time."""
    show = make_show(slug="queen-of-tears", title="Queen of Tears")
    person = make_person(slug="kim-soo-hyun", name="Kim Soo Hyun")
    now = timezone.now()
    articles = {
        headline: make_article(headline=headline, publish_at=now - dt.timedelta(hours=hours))
        for hours, headline in [(3, "Three hours ago"), (1, "An hour ago"), (2, "Two hours ago")]
    }
    show.articles.add(articles["Two hours ago"], articles["Three hours ago"])
    articles["An hour ago"].shows.add(show)
    person.articles.set(articles.values())
    moved = articles["Three hours ago"]
    moved.publish_at = now - dt.timedelta(minutes=5)
    moved.save()
    for url in [*feeds_for("articles:show-feed", "queen-of-tears"), *feeds_for("articles:person-feed", "kim-soo-hyun")]:
        assert titles_in(client, url) == ["Three hours ago", "An hour ago", "Two hours ago"], url


def test_author_feeds_hold_only_the_authors_articles(client):
    author = make_user(username="mina", first_name="Mina", last_name="Cho")
    mine = make_article(author=author, headline="Mina's scoop")
    make_article(headline="Someone else's story")
    unpublished(author=author)
    for url in feeds_for("articles:author-feed", "mina"):
        assert titles_in(client, url) == [mine.headline]


def test_author_feed_for_someone_with_only_drafts_is_404(client):
    """Like the author page, the feed never names staff who have published nothing."""
    unpublished(author=make_user(username="ghost", first_name="Secret", last_name="Hire"))
    for url in feeds_for("articles:author-feed", "ghost"):
        response = client.get(url)
        assert response.status_code == 404
        assert b"Secret Hire" not in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/section/gossip/feed/",
        "/authors/nobody/feed/",
        "/section/gossip/feed/atom/",
        "/tags/no-such-tag/feed/",
        "/shows/no-such-show/feed/atom/",
        "/people/no-such-person/feed/",
    ],
)
def test_feeds_for_unknown_things_are_404(client, url):
    assert client.get(url).status_code == 404


def test_tag_feed_for_a_draft_only_tag_is_404(client):
    """Like the tag page, the feed does not announce a tag only unpublished work uses."""
    for article in unpublished():
        article.tags.add("Secret Casting")
    for url in feeds_for("articles:tag-feed", "secret-casting"):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        (
            lambda show, person: show.get_absolute_url(),
            lambda show, person: reverse("articles:show-feed", args=[show.slug]),
        ),
        (
            lambda show, person: person.get_absolute_url(),
            lambda show, person: reverse("articles:person-feed", args=[person.slug]),
        ),
        (lambda show, person: "/", lambda show, person: reverse("articles:feed")),
    ],
)
def test_pages_announce_their_feeds(client, page, feed):
    show, person = make_show(), make_person()
    tree = parse(client.get(page(show, person)).content.decode())
    rss = tree.find("head").find("link", rel="alternate", type="application/rss+xml")
    atom = tree.find("head").find("link", rel="alternate", type="application/atom+xml")
    assert rss.attrs["href"] == feed(show, person)
    assert client.get(rss.attrs["href"]).status_code == 200
    assert client.get(atom.attrs["href"]).status_code == 200


# Query budgets -------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_feed_query_budgets_do_not_grow(client, django_assert_max_num_queries, rows):
    """Each feed costs the same with 1 or 30 articles, each carrying 1 or 30 tags."""
    show = make_show(slug="budget-show")
    person = make_person(slug="budget-person")
    author = make_user(username="budget-author")
    for n in range(rows):
        article = make_article(section=Section.NEWS, has_spoilers=bool(n % 2), spoiler_show=show, author=author)
        article.tags.add("Wedding", *[f"tag {t}" for t in range(rows)])
        article.shows.add(show)
        article.people.add(person)
    urls = [
        *feeds_for("articles:feed"),
        *feeds_for("articles:section-feed", "news"),
        *feeds_for("articles:tag-feed", "wedding"),
        *feeds_for("articles:author-feed", "budget-author"),
        *feeds_for("articles:show-feed", "budget-show"),
        *feeds_for("articles:person-feed", "budget-person"),
    ]
    for url in urls:
        with django_assert_max_num_queries(FEED_BUDGET):
            response = client.get(url)
        assert response.status_code == 200
        assert len(titles_in(client, url)) == min(rows, 20)


def test_control_characters_typed_by_staff_never_break_a_feed(client):
    """A vertical tab pasted into a headline or a tag name: the feeds still answer and parse."""
    article = make_article(headline="Clean headline")
    article.tags.add("Bad\x0btag")
    # update() skips save(), as a fixture load or a bulk edit would.
    Article.objects.filter(pk=article.pk).update(headline="Queen of Tears\x0b finale", dek="Dek\x01 here")
    _, items = rss_items(client, reverse("articles:feed"))
    assert items[0].findtext("title") == "Queen of Tears finale"
    assert items[0].findtext("description") == "Dek here"
    assert [c.text for c in items[0].findall("category")] == ["Badtag"]
    _, entries = atom_entries(client, reverse("articles:feed-atom"))
    assert entries[0].findtext(f"{ATOM}title") == "Queen of Tears finale"


def test_saving_an_article_strips_control_characters_from_its_plain_text():
    article = make_article(headline="Tab\tstays, bell\x07 goes", dek="Form\x0cfeed")
    article.refresh_from_db()
    assert article.headline == "Tab\tstays, bell goes"
    assert article.dek == "Formfeed"
