"""The show page: what a reader needs to know about a drama, and where to watch it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from people.models import Credit
from rehearsal.html import parse
from shows.models import Episode, Show
from tests.factories import (
    make_article,
    make_article_image,
    make_availability,
    make_network,
    make_person,
    make_service,
    make_show,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

SAT, SUN = 5, 6


def show_page(client, show):
    response = client.get(show.get_absolute_url())
    assert response.status_code == 200
    return parse(response.content.decode())


@pytest.fixture
def queen():
    show = make_show(
        title="Queen of Tears",
        original_title="눈물의 여왕",
        slug="queen-of-tears",
        network=make_network(name="tvN"),
        status=Show.Status.AIRING,
        premiere_date=timezone.localdate() - dt.timedelta(days=20),
        logline="The queen of department stores and the prince of supermarkets weather a marital crisis.",
        logline_attribution="Netflix",
        runtime_minutes=90,
        slots=[(SAT, dt.time(21, 10)), (SUN, dt.time(21, 10))],
    )
    make_availability(show, make_service(name="Netflix"), url="https://www.netflix.com/title/81707945")
    make_availability(show, make_service(name="TVING"), regions="South Korea")
    return show


def test_header_names_the_show(client, queen):
    """Hangul title, English title as the h1, network, status and schedule sentence."""
    tree = show_page(client, queen)
    assert tree.find("p", cls="original-title").text() == "눈물의 여왕"
    assert tree.find("p", cls="original-title").attrs["lang"] == "ko"
    [h1] = tree.find_all("h1")
    assert h1.text() == "Queen of Tears"
    meta = tree.find("p", cls="meta").text()
    assert "tvN" in meta and "Airing" in meta
    assert tree.find("p", cls="schedule").text() == "New episodes every Saturday and Sunday at 9:10 PM KST"


def test_logline_is_credited(client, queen):
    """The logline is a quote credited to its source."""
    figure = show_page(client, queen).find("figure", cls="logline")
    assert "marital crisis" in figure.find("blockquote").text()
    assert figure.find("cite").text() == "Netflix"


def test_poster_has_alt_text_and_size(client, queen):
    """The poster is shown with its description and fixed dimensions."""
    queen.poster = upload("poster.png", png_bytes(60, 90))
    queen.poster_alt = "Poster for Queen of Tears"
    queen.save()
    img = show_page(client, queen).find("picture", cls="poster").find("img")
    assert img.attrs["alt"] == "Poster for Queen of Tears"
    assert (img.attrs["width"], img.attrs["height"]) == ("60", "90")


def test_next_episode_in_kst_marked_for_local_time(client, queen):
    """The next episode is a <time> in KST (+09:00) with KST text, marked for the browser to localise."""
    time = show_page(client, queen).find("p", cls="next-episode").find("time")
    moment = dt.datetime.fromisoformat(time.attrs["datetime"])
    assert moment == queen.next_airing(timezone.now())
    assert moment.utcoffset() == dt.timedelta(hours=9)
    assert (moment.hour, moment.minute) == (21, 10)
    assert time.text() == f"{moment:%a, %b} {moment.day}, 9:10 PM KST"
    assert "data-local" in time.attrs
    assert time.attrs["title"] == time.text()


def test_upcoming_show_names_its_premiere(client):
    """A show that has not started says when it premieres: its first slot on or after the premiere date."""
    premiere = timezone.localdate() + dt.timedelta(days=10)
    show = make_show(status=Show.Status.UPCOMING, premiere_date=premiere, slots=[(SAT, dt.time(21, 0))])
    line = show_page(client, show).find("p", cls="next-episode")
    assert line.text().startswith("Premieres: ")
    moment = dt.datetime.fromisoformat(line.find("time").attrs["datetime"])
    assert moment.date() >= premiere and moment.weekday() == SAT


def test_ended_show_has_no_next_episode(client):
    """An ended show says when it aired, not when it airs next."""
    show = make_show(status=Show.Status.ENDED, slots=[(SAT, dt.time(21, 0))])
    tree = show_page(client, show)
    assert tree.find_all("p", cls="next-episode") == []
    assert tree.find("p", cls="schedule").text().startswith("Aired every Saturday")


def test_where_to_watch_by_region(client, queen):
    """Streaming services are grouped by region, international first, with links where known."""
    section = show_page(client, queen).find("section", id="where-to-watch")
    regions = [dt_.text() for dt_ in section.find_all("dt")]
    assert regions == ["International", "South Korea"]
    link = section.find("a", href="https://www.netflix.com/title/81707945")
    assert link.text() == "Netflix"
    assert "TVING" in section.text()


def test_cast_leads_first_in_billing_order_and_crew_apart(client, queen):
    """Leads come first in billing order, then supporting, then cameos; crew is listed separately."""
    cameo = make_person(name="Cameo Star")
    support = make_person(name="Park Sung Hoon")
    second = make_person(name="Kim Ji Won")
    first = make_person(name="Kim Soo Hyun")
    writer = make_person(name="Park Ji Eun")
    Credit.objects.create(person=cameo, show=queen, character_name="Doctor", kind="cameo", billing_order=1)
    Credit.objects.create(
        person=support, show=queen, character_name="Yoon Eun Sung", kind="supporting", billing_order=3
    )
    Credit.objects.create(person=second, show=queen, character_name="Hong Hae In", kind="lead", billing_order=2)
    Credit.objects.create(person=first, show=queen, character_name="Baek Hyun Woo", kind="lead", billing_order=1)
    Credit.objects.create(person=writer, show=queen, kind="writer", billing_order=90)

    tree = show_page(client, queen)
    cast = [li.text() for li in tree.find("section", cls="cast").find_all("li")]
    assert cast == [
        "Kim Soo Hyun as Baek Hyun Woo (lead)",
        "Kim Ji Won as Hong Hae In (lead)",
        "Park Sung Hoon as Yoon Eun Sung (supporting)",
        "Cameo Star as Doctor (cameo)",
    ]
    crew = tree.find("section", cls="crew")
    assert crew.find("li").text() == "Park Ji Eun (writer)"
    assert crew.find("a").attrs["href"] == writer.get_absolute_url()


def test_episode_list(client, queen):
    """Every episode is listed with its air date and an anchor; upcoming ones are marked."""
    today = timezone.localdate()
    Episode.objects.create(show=queen, number=1, air_date=today - dt.timedelta(days=7))
    Episode.objects.create(show=queen, number=2, air_date=today + dt.timedelta(days=7), title="The storm")
    rows = show_page(client, queen).find("section", cls="episodes").find("tbody").find_all("tr")
    assert [row.attrs["id"] for row in rows] == ["episode-1", "episode-2"]
    assert "upcoming" not in rows[0].classes
    assert "upcoming" in rows[1].classes
    assert "The storm" in rows[1].text()
    assert rows[0].find("time").attrs["datetime"] == (today - dt.timedelta(days=7)).isoformat()


def test_the_next_broadcast_days_episode_is_upcoming(client, queen):
    """An episode airing on the next broadcast day counts as upcoming, even when that day is today."""
    next_day = queen.next_airing(timezone.now()).date()
    Episode.objects.create(show=queen, number=5, air_date=next_day)
    row = show_page(client, queen).find("tr", id="episode-5")
    assert "upcoming" in row.classes


def test_articles_about_the_show_are_live_and_spoiler_safe(client, queen):
    """Only live articles about the show appear, and spoiler cards hide their dek and picture."""
    make_article(headline="Casting news", dek="Who joins").shows.add(queen)
    spoiler = make_article(
        headline="Ep 8 recap", dek="The memory loss", has_spoilers=True, spoiler_show=queen, spoiler_through_episode=8
    )
    spoiler.shows.add(queen)
    make_article_image(spoiler, is_lead=True, alt_text="Rain scene")
    make_article(headline="A draft", status=Article.Status.DRAFT, publish_at=None).shows.add(queen)
    make_article(headline="In review", status=Article.Status.IN_REVIEW, publish_at=None).shows.add(queen)
    make_article(headline="Scheduled", publish_at=timezone.now() + dt.timedelta(hours=2)).shows.add(queen)
    make_article(headline="Another show")

    tree = show_page(client, queen)
    section = tree.find("section", cls="show-articles")
    assert sorted(h.text() for h in section.find_all(cls="card-headline")) == ["Casting news", "Ep 8 recap"]
    card = next(c for c in section.find_all("article", cls="card") if "Ep 8 recap" in c.text())
    assert card.find("p", cls="spoiler-label").text() == "Spoilers: Queen of Tears ep. 8"
    assert card.find_all("img") == []
    assert "The memory loss" not in tree.text()


def test_at_most_ten_articles(client, queen):
    """The page lists the ten newest articles about the show."""
    now = timezone.now()
    for n in range(12):
        make_article(headline=f"Story {n}", publish_at=now - dt.timedelta(hours=n + 1)).shows.add(queen)
    headlines = [h.text() for h in show_page(client, queen).find_all(cls="card-headline")]
    assert headlines == [f"Story {n}" for n in range(10)]


def test_articles_are_newest_first_by_publish_time_not_by_when_they_were_linked(client, queen):
    """An old story linked today stays below newer ones; a story taken back or moved is listed as it is now."""
    now = timezone.now()
    newer = make_article(headline="Yesterday", publish_at=now - dt.timedelta(days=1))
    rescheduled = make_article(headline="Moved", publish_at=now - dt.timedelta(days=30))
    taken_back = make_article(headline="Taken back", publish_at=now - dt.timedelta(hours=2))
    queen.articles.add(newer, rescheduled, taken_back)
    make_article(headline="Last year", publish_at=now - dt.timedelta(days=365)).shows.add(queen)
    rescheduled.publish_at = now - dt.timedelta(hours=1)
    rescheduled.save()
    taken_back.status = Article.Status.DRAFT
    taken_back.save()
    make_article(headline="Goes live tomorrow", publish_at=now + dt.timedelta(days=1)).shows.add(queen)

    headlines = [h.text() for h in show_page(client, queen).find_all(cls="card-headline")]
    assert headlines == ["Moved", "Yesterday", "Last year"]


def test_calendar_link(client, queen):
    """The page offers the episode calendar for an airing show."""
    link = show_page(client, queen).find("p", cls="calendar-link").find("a")
    assert link.attrs["href"] == reverse("shows:calendar", kwargs={"slug": "queen-of-tears"})


def test_unknown_show_is_not_found(client):
    """A show that does not exist is a 404."""
    assert client.get(reverse("shows:detail", kwargs={"slug": "no-such-show"})).status_code == 404


def _fill_show(count):
    show = make_show(network=make_network(), status=Show.Status.AIRING, slots=[(SAT, dt.time(21, 0))])
    for n in range(count):
        Credit.objects.create(person=make_person(), show=show, character_name=f"Role {n}", billing_order=n)
        Episode.objects.create(show=show, number=n + 1, air_date=dt.date(2024, 1, 1) + dt.timedelta(days=n))
        article = make_article()
        article.shows.add(show)
        make_article_image(article, is_lead=True)
        make_availability(show)
        show.genres.add(f"genre {n}")
    return show


@pytest.mark.parametrize("count", [1, 30])
def test_show_query_budget(client, django_assert_max_num_queries, count):
    """The show page costs at most 10 queries with 1 or 30 credits, episodes, articles and services."""
    show = _fill_show(count)
    with django_assert_max_num_queries(10):
        response = client.get(show.get_absolute_url())
    assert response.status_code == 200


# The shows index ------------------------------------------------------------


def index_titles(client, **params):
    response = client.get(reverse("shows:index"), params)
    assert response.status_code == 200
    return [a.text() for a in parse(response.content.decode()).find("ul", cls="show-list").find_all("a")]


def test_index_filters_by_status(client):
    """Readers can narrow the index to airing, upcoming or ended shows."""
    make_show(title="Airing One", status=Show.Status.AIRING)
    make_show(title="Coming One", status=Show.Status.UPCOMING)
    make_show(title="Ended One", status=Show.Status.ENDED)
    assert index_titles(client, status="airing") == ["Airing One"]
    assert index_titles(client, status="upcoming") == ["Coming One"]
    assert index_titles(client, status="ended") == ["Ended One"]
    assert index_titles(client, status="bogus") == []
    assert len(index_titles(client)) == 3


def test_index_filters_combine_and_the_form_remembers_them(client):
    """Status and network filters combine, and the form shows the current choice."""
    tvn = make_network(name="tvN", slug="tvn")
    make_show(title="tvN Airing", status=Show.Status.AIRING, network=tvn)
    make_show(title="tvN Ended", status=Show.Status.ENDED, network=tvn)
    make_show(title="Other Airing", status=Show.Status.AIRING)
    assert index_titles(client, status="airing", network="tvn") == ["tvN Airing"]
    tree = parse(client.get(reverse("shows:index"), {"status": "airing"}).content.decode())
    selected = tree.find("select", id="filter-status").find("option", value="airing")
    assert "selected" in selected.attrs
    assert tree.find("label", for_="filter-network")


def test_index_pages_keep_their_filters(client):
    """Page links keep the chosen filters."""
    for n in range(50):
        make_show(title=f"Show {n:02}", status=Show.Status.ENDED)
    tree = parse(client.get(reverse("shows:index"), {"status": "ended"}).content.decode())
    assert tree.find("a", rel="next").attrs["href"] == "?page=2&status=ended"
    assert client.get(reverse("shows:index"), {"page": "9"}).status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_index_query_budget(client, django_assert_max_num_queries, count):
    """The shows index costs at most 8 queries with 1 or 30 shows, networks, services and genres."""
    for n in range(count):
        show = make_show(network=make_network(), status=Show.Status.AIRING)
        make_availability(show)
        show.genres.add(f"genre {n}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("shows:index"), {"status": "airing"})
    assert response.status_code == 200
