"""The person page and the people index."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from people.models import Credit
from rehearsal.html import parse
from tests.factories import make_article, make_article_image, make_person, make_show, png_bytes, upload

pytestmark = pytest.mark.django_db


def person_page(client, person):
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    return parse(response.content.decode())


@pytest.fixture
def kim():
    return make_person(name="Kim Soo Hyun", slug="kim-soo-hyun", hangul_name="김수현", birth_date=dt.date(1988, 2, 16))


def test_header_names_the_person(client, kim):
    """Name as the h1, Hangul name marked as Korean, and a machine-readable birth date."""
    tree = person_page(client, kim)
    [h1] = tree.find_all("h1")
    assert h1.text() == "Kim Soo Hyun"
    hangul = tree.find("span", cls="hangul-name")
    assert hangul.text() == "김수현"
    assert hangul.attrs["lang"] == "ko"
    born = tree.find("p", cls="meta").find("time")
    assert born.attrs["datetime"] == "1988-02-16"
    assert born.text() == "February 16, 1988"


def test_other_spellings_are_shown(client):
    """Readers who know another romanisation see it on the page."""
    person = make_person(name="Kim Soo Hyun", alternative_names="Kim Soo-hyun, Kim Su-hyeon")
    assert person_page(client, person).find("p", cls="aka").text() == "Also written Kim Soo-hyun, Kim Su-hyeon"


def test_photo_with_alt_size_and_credit(client, kim):
    """The portrait has its description, its dimensions and its photographer's credit."""
    kim.photo = upload("kim.png", png_bytes(40, 50))
    kim.photo_alt = "Kim Soo Hyun at a press event"
    kim.photo_credit = "Gold Medalist"
    kim.save()
    tree = person_page(client, kim)
    img = tree.find("picture", cls="portrait").find("img")
    assert img.attrs["alt"] == "Kim Soo Hyun at a press event"
    assert (img.attrs["width"], img.attrs["height"]) == ("40", "50")
    assert "Gold Medalist" in tree.find("figure", cls="portrait-figure").text()


def test_filmography_grouped_by_show_newest_first(client, kim):
    """Each show appears once, newest first, listing every role the person had on it."""
    older = make_show(title="It's Okay to Not Be Okay", premiere_date=dt.date(2020, 6, 20))
    newer = make_show(title="Queen of Tears", premiere_date=dt.date(2024, 3, 9))
    Credit.objects.create(person=kim, show=older, character_name="Moon Gang Tae", kind="lead", billing_order=1)
    Credit.objects.create(person=kim, show=newer, character_name="Baek Hyun Woo", kind="lead", billing_order=1)
    Credit.objects.create(person=kim, show=newer, character_name="Young Hyun Woo", kind="cameo", billing_order=50)

    shows = person_page(client, kim).find("section", cls="filmography").find_all("li", cls="filmography-show")
    assert [show.find("a").text() for show in shows] == ["Queen of Tears", "It's Okay to Not Be Okay"]
    roles = [li.text() for li in shows[0].find("ul", cls="roles").find_all("li")]
    assert roles == ["as Baek Hyun Woo (lead)", "as Young Hyun Woo (cameo)"]
    assert shows[0].find("a").attrs["href"] == newer.get_absolute_url()


def test_crew_credits_name_the_job(client):
    """A writer's credit names the job instead of a character."""
    writer = make_person(name="Park Ji Eun")
    Credit.objects.create(person=writer, show=make_show(title="Queen of Tears"), kind="writer")
    roles = person_page(client, writer).find("ul", cls="roles")
    assert roles.text() == "Writer"


def test_articles_about_the_person_are_live_and_spoiler_safe(client, kim):
    """Only live articles about the person appear; spoiler cards hide their dek and picture."""
    make_article(headline="Interview", dek="On fame").people.add(kim)
    spoiler = make_article(headline="Finale talk", dek="He lives", has_spoilers=True)
    spoiler.people.add(kim)
    make_article_image(spoiler, is_lead=True, alt_text="Finale")
    make_article(headline="A draft", status=Article.Status.DRAFT, publish_at=None).people.add(kim)
    make_article(headline="In review", status=Article.Status.IN_REVIEW, publish_at=None).people.add(kim)
    make_article(headline="Scheduled", publish_at=timezone.now() + dt.timedelta(hours=3)).people.add(kim)
    make_article(headline="Not about him")

    tree = person_page(client, kim)
    section = tree.find("section", cls="person-articles")
    assert sorted(h.text() for h in section.find_all(cls="card-headline")) == ["Finale talk", "Interview"]
    card = next(c for c in section.find_all("article", cls="card") if "Finale talk" in c.text())
    assert card.find("p", cls="spoiler-label").text() == "Spoilers"
    assert card.find_all("img") == []
    assert "He lives" not in tree.text()


def test_articles_are_newest_first_by_publish_time_not_by_when_they_were_linked(client, kim):
    """An old story linked today stays below newer ones; a story taken back or moved is listed as it is now."""
    now = timezone.now()
    newer = make_article(headline="Yesterday", publish_at=now - dt.timedelta(days=1))
    rescheduled = make_article(headline="Moved", publish_at=now - dt.timedelta(days=30))
    taken_back = make_article(headline="Taken back", publish_at=now - dt.timedelta(hours=2))
    kim.articles.add(newer, rescheduled, taken_back)
    make_article(headline="Last year", publish_at=now - dt.timedelta(days=365)).people.add(kim)
    rescheduled.publish_at = now - dt.timedelta(hours=1)
    rescheduled.save()
    taken_back.status = Article.Status.DRAFT
    taken_back.save()
    make_article(headline="Goes live tomorrow", publish_at=now + dt.timedelta(days=1)).people.add(kim)

    headlines = [h.text() for h in person_page(client, kim).find_all(cls="card-headline")]
    assert headlines == ["Moved", "Yesterday", "Last year"]


def test_unknown_person_is_not_found(client):
    """A person who does not exist is a 404."""
    assert client.get(reverse("people:detail", kwargs={"slug": "nobody"})).status_code == 404


def _fill_person(count):
    person = make_person(hangul_name="김수현", birth_date=dt.date(1988, 2, 16))
    for n in range(count):
        show = make_show(premiere_date=dt.date(2000, 1, 1) + dt.timedelta(days=n))
        Credit.objects.create(person=person, show=show, character_name=f"Role {n}")
        article = make_article()
        article.people.add(person)
        article.shows.add(show)
        make_article_image(article, is_lead=True)
    return person


@pytest.mark.parametrize("count", [1, 30])
def test_person_query_budget(client, django_assert_max_num_queries, count):
    """The person page costs at most 8 queries with 1 or 30 credits and articles."""
    person = _fill_person(count)
    with django_assert_max_num_queries(8):
        response = client.get(person.get_absolute_url())
    assert response.status_code == 200


# The people index -----------------------------------------------------------


def test_people_index_lists_and_paginates(client):
    """People are listed by name with their Hangul names, sixty a page."""
    for n in range(61):
        make_person(name=f"Person {n:02}", hangul_name="김")
    response = client.get(reverse("people:index"))
    tree = parse(response.content.decode())
    names = [a.text() for a in tree.find("main").find("ul").find_all("a")]
    assert names == [f"Person {n:02}" for n in range(60)]
    assert tree.find("a", rel="next").attrs["href"] == "?page=2"
    assert tree.find("link", rel="canonical").attrs["href"] == "http://testserver/people/"
    second = parse(client.get(reverse("people:index"), {"page": 2}).content.decode())
    assert second.find("link", rel="canonical").attrs["href"] == "http://testserver/people/?page=2"
    assert client.get(reverse("people:index"), {"page": "x"}).status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_people_index_query_budget(client, django_assert_max_num_queries, count):
    """The people index costs at most 8 queries with 1 or 30 people."""
    for _ in range(count):
        make_person()
    with django_assert_max_num_queries(8):
        assert client.get(reverse("people:index")).status_code == 200
