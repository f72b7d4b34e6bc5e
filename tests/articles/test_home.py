"""The front page: lead story, latest articles, the airing rail and the section blocks."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from rehearsal.html import parse
from shows.models import Show
from tests.factories import make_article, make_article_image, make_network, make_show

pytestmark = pytest.mark.django_db

SAT = 5


def home(client, **params):
    response = client.get(reverse("home"), params)
    assert response.status_code == 200
    return parse(response.content.decode())


def latest_headlines(tree):
    section = tree.find("section", cls="latest")
    return [h.text() for h in section.find_all(cls="card-headline")]


def test_lead_story_is_the_newest_article_with_a_lead_image(client):
    """The lead story is the newest live article that has a lead image, shown large with its dek."""
    older = make_article(
        headline="Older with picture", dek="Older dek", publish_at=timezone.now() - dt.timedelta(days=2)
    )
    make_article_image(older, is_lead=True, alt_text="Older picture")
    lead = make_article(headline="Big story", dek="Why it matters", publish_at=timezone.now() - dt.timedelta(hours=3))
    make_article_image(lead, is_lead=True, alt_text="A red carpet")
    make_article(headline="Newest but no picture")

    tree = home(client)
    story = tree.find("article", cls="lead-story")
    assert story.find("h2").text() == "Big story"
    assert story.find("p", cls="dek").text() == "Why it matters"
    img = story.find("img")
    assert img.attrs["alt"] == "A red carpet"
    assert img.attrs["fetchpriority"] == "high"
    # Not repeated in the list below it.
    assert "Big story" not in latest_headlines(tree)
    assert "Newest but no picture" in latest_headlines(tree)


def test_spoiler_lead_story_shows_only_headline_and_label(client):
    """A spoiler article at the top shows its headline and spoiler label: no dek, no picture."""
    show = make_show(title="Queen of Tears")
    lead = make_article(
        headline="The finale, discussed",
        dek="She survives the surgery",
        has_spoilers=True,
        spoiler_show=show,
        spoiler_through_episode=16,
    )
    make_article_image(lead, is_lead=True, alt_text="The final scene")

    tree = home(client)
    story = tree.find("article", cls="lead-story")
    assert story.find("h2").text() == "The finale, discussed"
    assert story.find("p", cls="spoiler-label").text() == "Spoilers: Queen of Tears ep. 16"
    assert story.find_all("img") == []
    assert "She survives the surgery" not in tree.text()
    assert "The final scene" not in client.get(reverse("home")).content.decode()


def test_cards_are_spoiler_safe(client):
    """Spoiler cards show the label and a placeholder, never the dek or the lead image."""
    plain = make_article(headline="Casting news", dek="Who joins the cast")
    make_article_image(plain, is_lead=True, alt_text="Cast photo")
    spoiler = make_article(headline="Episode 8 recap", dek="The twist revealed", has_spoilers=True)
    make_article_image(spoiler, is_lead=True, alt_text="Twist photo")
    # A newer article with a lead image takes the lead slot, so both above are cards.
    make_article_image(make_article(headline="Lead", publish_at=timezone.now()), is_lead=True)

    tree = home(client)
    cards = {card.find(cls="card-headline").text(): card for card in tree.find_all("article", cls="card")}
    assert cards["Casting news"].find("p", cls="dek").text() == "Who joins the cast"
    assert cards["Casting news"].find("picture", cls="card-media").find("img")
    spoiler_card = cards["Episode 8 recap"]
    assert spoiler_card.find("p", cls="spoiler-label").text() == "Spoilers"
    assert spoiler_card.find_all("img") == []
    assert spoiler_card.find("div", cls="card-placeholder")
    assert "The twist revealed" not in tree.text()


def test_unpublished_articles_never_appear(client):
    """Drafts, articles in review and scheduled articles stay off the front page entirely."""
    make_article(headline="Live one")
    make_article(headline="A draft", status=Article.Status.DRAFT, publish_at=None)
    make_article(headline="In review", status=Article.Status.IN_REVIEW, publish_at=None)
    scheduled = make_article(headline="Scheduled", publish_at=timezone.now() + dt.timedelta(days=1))
    make_article_image(scheduled, is_lead=True)

    content = client.get(reverse("home")).content.decode()
    assert "Live one" in content
    for headline in ("A draft", "In review", "Scheduled"):
        assert headline not in content
    assert 'class="lead-story' not in content


def test_latest_is_paginated_by_twenty_newest_first(client):
    """Twenty articles a page, newest first; the rest on page 2, with links between pages."""
    now = timezone.now()
    for n in range(25):
        make_article(headline=f"Story {n:02}", publish_at=now - dt.timedelta(minutes=n + 1))
    first = home(client)
    assert latest_headlines(first) == [f"Story {n:02}" for n in range(20)]
    assert first.find("a", rel="next").attrs["href"] == "?page=2"
    second = home(client, page=2)
    assert latest_headlines(second) == [f"Story {n:02}" for n in range(20, 25)]
    assert second.find_all("section", cls="airing-rail") == []


@pytest.mark.parametrize("page", ["3", "0", "abc", "-1"])
def test_bad_page_numbers_are_not_found(client, page):
    """A page that does not exist is a 404, never a 500."""
    make_article()
    assert client.get(reverse("home"), {"page": page}).status_code == 404


def test_airing_rail_lists_airing_and_soon_premiering_shows(client):
    """The rail names airing shows and those premiering within a week, with network and next episode in KST."""
    today = timezone.localdate()
    tvn = make_network(name="tvN")
    make_show(title="On Air Now", status=Show.Status.AIRING, network=tvn, slots=[(SAT, dt.time(21, 10))])
    make_show(
        title="Starts Soon",
        status=Show.Status.UPCOMING,
        premiere_date=today + dt.timedelta(days=3),
        slots=[(SAT, dt.time(20, 0))],
    )
    make_show(title="Starts Later", status=Show.Status.UPCOMING, premiere_date=today + dt.timedelta(days=40))
    make_show(title="Long Over", status=Show.Status.ENDED)

    rail = home(client).find("section", cls="airing-rail")
    titles = [a.text() for a in rail.find_all("a", cls="rail-title")]
    assert set(titles) == {"On Air Now", "Starts Soon"}
    item = next(li for li in rail.find_all("li") if "On Air Now" in li.text())
    assert "tvN" in item.text()
    time = item.find("time")
    moment = dt.datetime.fromisoformat(time.attrs["datetime"])
    assert moment.utcoffset() == dt.timedelta(hours=9)
    assert moment.weekday() == SAT and (moment.hour, moment.minute) == (21, 10)
    assert moment > timezone.now()
    assert time.text() == "Sat 9:10 PM KST"
    assert "data-local" in time.attrs
    assert rail.find("a", href="/shows/?status=airing").text() == "All shows on air"


def test_sections_show_each_sections_newest(client):
    """Each section that has live articles gets a block with its newest few."""
    now = timezone.now()
    for n in range(5):
        make_article(headline=f"Review {n}", section="review", publish_at=now - dt.timedelta(hours=n + 1))
    make_article(headline="Only recap", section="recap")
    make_article(headline="Draft interview", section="interview", status=Article.Status.DRAFT, publish_at=None)

    blocks = home(client).find("section", cls="sections").find_all("section", cls="section-block")
    by_label = {block.find("h3").text(): [h.text() for h in block.find_all(cls="card-headline")] for block in blocks}
    assert by_label == {"Review": ["Review 0", "Review 1", "Review 2"], "Recap": ["Only recap"]}
    links = {block.find("h3").find("a").attrs["href"] for block in blocks}
    assert links == {reverse("articles:section", args=["review"]), reverse("articles:section", args=["recap"])}


def test_home_shares_a_canonical_link(client):
    """The front page declares its absolute canonical address and website share tags."""
    tree = home(client)
    assert tree.find("link", rel="canonical").attrs["href"] == "http://testserver/"
    assert tree.find("meta", property="og:type").attrs["content"] == "website"


def _fill(count):
    now = timezone.now()
    for n in range(count):
        article = make_article(section=["news", "review", "feature"][n % 3], publish_at=now - dt.timedelta(minutes=n))
        make_article_image(article, is_lead=True)
        make_show(status=Show.Status.AIRING, network=make_network(), slots=[(SAT, dt.time(21, 0)), (0, dt.time(20, 0))])
        article.tags.add(f"tag {n}", "shared")


@pytest.mark.parametrize("count", [1, 30])
def test_home_query_budget(client, django_assert_max_num_queries, count):
    """The front page costs at most 10 queries with 1 or with 30 articles, shows and tags."""
    _fill(count)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_demo_front_page_shows_off_every_element(client, settings):
    """On the demo, the fictional airing show leads and sits in the rail; the spoiler finale card stays safe."""
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    tree = home(client)
    lead = tree.find("article", cls="lead-story")
    assert lead.find("h2").text() == "Midnight Bakery, Seoul Opens Its Doors on JTBC"
    assert lead.find("img").attrs["alt"].startswith("Illustration of a baker")
    rail = tree.find("section", cls="airing-rail")
    assert "Midnight Bakery, Seoul" in rail.text() and "JTBC" in rail.text()
    assert rail.find("time").text().endswith("10:30 PM KST")
    finale = next(
        card for card in tree.find_all("article", cls="card") if "Most-Watched" in card.find(cls="card-headline").text()
    )
    assert finale.find_all("img") == []
    assert finale.find("p", cls="spoiler-label")
    assert tree.find("section", cls="sections").find_all("section", cls="section-block")
