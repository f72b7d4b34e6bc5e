"""Public details a reader notices: run dates, cast labels, the roles in an article's graph, times with a zone."""

import datetime as dt
import json

import pytest

from articles.models import VideoEmbed
from people.models import Credit
from rehearsal.html import parse
from tests.factories import make_article, make_person, make_show

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return parse(response.content.decode())


@pytest.mark.parametrize(
    ("status", "premiere", "finale", "expected"),
    [
        ("ended", dt.date(2024, 3, 9), dt.date(2024, 4, 28), "Premiered Mar 9, 2024 · finale Apr 28, 2024"),
        ("airing", dt.date(2026, 11, 7), dt.date(2026, 12, 27), "On air since Nov 7, 2026 (finale Dec 27, 2026)"),
        ("airing", dt.date(2026, 11, 7), None, "On air since Nov 7, 2026"),
        ("upcoming", dt.date(2027, 1, 9), None, "Premieres Jan 9, 2027"),
        ("ended", dt.date(2019, 12, 14), None, "Premiered Dec 14, 2019"),
    ],
)
def test_the_show_page_gives_premiere_and_finale_dates(client, status, premiere, finale, expected):
    show = make_show(status=status, premiere_date=premiere, finale_date=finale)
    run = page(client, show.get_absolute_url()).find("p", cls="run-dates")
    assert run.text() == expected
    assert run.find_all("time")[0].attrs["datetime"] == premiere.isoformat()


def test_every_cast_group_is_labelled(client):
    show = make_show()
    for kind, name in (("lead", "Kim Soo Hyun"), ("supporting", "Kwak Dong Yeon"), ("cameo", "Kim Soo Hyun")):
        person = make_person(name=f"{name} {kind}")
        Credit.objects.create(show=show, person=person, kind=kind, character_name=f"Role {kind}")
    cast = page(client, show.get_absolute_url()).find("section", cls="cast")
    assert [role.text() for role in cast.find_all("span", cls="role")] == ["(lead)", "(supporting)", "(cameo)"]


def test_an_articles_graph_carries_each_linked_persons_character_in_the_linked_show(client):
    show = make_show(title="Queen of Tears", slug="queen-of-tears")
    lead = make_person(name="Kim Soo Hyun", slug="kim-soo-hyun")
    other = make_person(name="Kim Ji Won", slug="kim-ji-won")
    elsewhere = make_person(name="Park Ji Eun", slug="park-ji-eun")  # a writer, no acting credit
    Credit.objects.create(show=show, person=lead, kind="lead", character_name="Baek Hyun Woo", billing_order=1)
    Credit.objects.create(show=show, person=other, kind="lead", character_name="Hong Hae In", billing_order=2)
    Credit.objects.create(show=show, person=elsewhere, kind="writer")
    article = make_article(headline="Chemistry behind the scenes")
    article.shows.add(show)
    article.people.add(lead, other, elsewhere)

    tree = page(client, article.get_absolute_url())
    [data] = [json.loads(n.text()) for n in tree.find_all("script", type="application/ld+json")]
    [series] = [thing for thing in data["about"] if thing["@type"] == "TVSeries"]
    people = {thing["name"]: thing["@id"] for thing in data["about"] if thing["@type"] == "Person"}
    assert series["actor"] == [
        {
            "@type": "PerformanceRole",
            "actor": {"@id": people["Kim Soo Hyun"]},
            "characterName": "Baek Hyun Woo",
            "roleName": "Lead",
        },
        {
            "@type": "PerformanceRole",
            "actor": {"@id": people["Kim Ji Won"]},
            "characterName": "Hong Hae In",
            "roleName": "Lead",
        },
    ]
    assert set(people) == {"Kim Soo Hyun", "Kim Ji Won", "Park Ji Eun"}


def test_the_updated_line_is_in_kst_and_marked_for_the_readers_zone(client):
    # Fixed dates: an update three days after publication, whenever the test runs.
    article = make_article(publish_at=dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC))
    type(article).objects.filter(pk=article.pk).update(updated_at=dt.datetime(2026, 11, 30, 3, 5, tzinfo=dt.UTC))
    updated = page(client, article.get_absolute_url()).find("span", cls="updated")
    time = updated.find("time")
    assert time.text() == "Nov 30, 2026, 12:05 PM KST"
    assert time.attrs["datetime"] == "2026-11-30T12:05:00+09:00"
    assert time.attrs["data-local"] == "dated"


def test_the_video_frame_is_named_by_words_not_the_play_glyph(client):
    article = make_article()
    VideoEmbed.objects.create(article=article, url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", caption="Teaser")
    facade = page(client, article.get_absolute_url()).find("a", cls="video-facade")
    # site.js names the player after .video-label; the ▶ beside it is aria-hidden decoration.
    assert facade.find("span", cls="video-label").text() == "Play video: Teaser (YouTube)"
    assert facade.find("span", cls="video-play").attrs["aria-hidden"] == "true"
