"""Shows, networks, services, air slots and episodes: validation, names and addresses."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from articles.models import PullQuote
from people.models import Credit
from shows.models import AirSlot, Episode, Show
from tests.factories import make_article, make_availability, make_network, make_person, make_service, make_show

pytestmark = pytest.mark.django_db


def test_air_slot_rejects_a_made_up_time_zone():
    """An editor who types a bogus time zone gets an error on that field instead of a broken schedule."""
    slot = AirSlot(
        show=make_show(), weekday=AirSlot.Weekday.SATURDAY, local_time=dt.time(21, 10), time_zone="Mars/Base"
    )
    with pytest.raises(ValidationError) as error:
        slot.full_clean()
    assert "time_zone" in error.value.message_dict
    assert "IANA" in error.value.message_dict["time_zone"][0]


def test_air_slot_accepts_a_real_time_zone():
    """A real IANA zone such as Asia/Seoul is accepted."""
    slot = AirSlot(show=make_show(), weekday=AirSlot.Weekday.SUNDAY, local_time=dt.time(21, 10), time_zone="Asia/Seoul")
    slot.full_clean()


def test_show_finale_cannot_precede_premiere():
    """A finale dated before the premiere is refused with a message on the finale date."""
    show = Show(title="Backwards", slug="backwards", premiere_date=dt.date(2024, 4, 1), finale_date=dt.date(2024, 3, 1))
    with pytest.raises(ValidationError) as error:
        show.full_clean()
    assert "finale_date" in error.value.message_dict


def test_show_years_span():
    """Show cards print one year for a single-year run and a range across years."""
    assert Show(premiere_date=dt.date(2024, 3, 9), finale_date=dt.date(2024, 4, 28)).years == "2024"
    assert Show(premiere_date=dt.date(2019, 12, 14), finale_date=dt.date(2020, 2, 16)).years == "2019–2020"
    assert Show(premiere_date=dt.date(2025, 1, 1)).years == "2025"
    assert Show().years == ""


def test_network_and_service_names_and_links():
    """Networks and services are listed by name and link to the filtered show index."""
    network = make_network(name="tvN", slug="tvn")
    service = make_service(name="Netflix", slug="netflix")
    assert str(network) == "tvN"
    assert network.get_absolute_url() == "/shows/?network=tvn"
    assert str(service) == "Netflix"
    assert service.get_absolute_url() == "/shows/?service=netflix"


def test_show_name_and_link():
    """A show is named by its English title and lives at /shows/<slug>/."""
    show = make_show(title="Queen of Tears", slug="queen-of-tears")
    assert str(show) == "Queen of Tears"
    assert show.get_absolute_url() == "/shows/queen-of-tears/"


def test_show_page_answers_at_its_address(client):
    """The show's public address opens its page."""
    show = make_show(title="Queen of Tears", slug="queen-of-tears")
    response = client.get(show.get_absolute_url())
    assert response.status_code == 200
    assert "Queen of Tears" in response.content.decode()


def test_availability_name_and_phrase():
    """Availability reads 'internationally on Netflix' or 'in South Korea on TVING'."""
    show = make_show(title="Queen of Tears")
    international = make_availability(show, make_service(name="Netflix", slug="netflix"))
    local = make_availability(show, make_service(name="TVING", slug="tving"), regions="South Korea")
    assert str(international) == "Queen of Tears on Netflix (International)"
    assert international.is_international
    assert international.phrase() == "internationally on Netflix"
    assert not local.is_international
    assert local.phrase() == "in South Korea on TVING"


def test_air_slot_name():
    """An air slot reads as weekday, 24-hour time and zone."""
    slot = AirSlot.objects.create(
        show=make_show(), weekday=AirSlot.Weekday.SATURDAY, local_time=dt.time(21, 10), time_zone="Asia/Seoul"
    )
    assert str(slot) == "Saturday 21:10 (Asia/Seoul)"


def test_episode_name_and_link():
    """Episodes are named after their show and number, and link to an anchor on the show page."""
    show = make_show(title="Queen of Tears", slug="queen-of-tears")
    plain = Episode.objects.create(show=show, number=8)
    titled = Episode.objects.create(show=show, number=16, title="Finale")
    assert str(plain) == "Queen of Tears episode 8"
    assert str(titled) == "Queen of Tears episode 16: Finale"
    assert plain.get_absolute_url() == "/shows/queen-of-tears/#episode-8"


@pytest.mark.django_db
def test_show_index_filters_by_network_service_and_genre(client):
    """The links on networks, services and genres lead to the shows index narrowed to them."""
    tvn, jtbc = make_network(name="tvN", slug="tvn-f"), make_network(name="JTBC", slug="jtbc-f")
    netflix = make_service(name="Netflix", slug="netflix-f")
    queen = make_show(title="Queen of Tears", network=tvn)
    other = make_show(title="Other", network=jtbc)
    make_availability(queen, netflix)
    queen.genres.add("romance")
    genre = queen.genres.get()

    def titles(url):
        return [show.title for show in client.get(url).context["shows"]]

    assert titles(tvn.get_absolute_url()) == ["Queen of Tears"]
    assert titles(jtbc.get_absolute_url()) == ["Other"]
    assert titles(netflix.get_absolute_url()) == ["Queen of Tears"]
    assert titles(genre.get_absolute_url()) == ["Queen of Tears"]
    assert titles("/shows/?network=no-such-network") == []
    assert sorted(titles("/shows/")) == sorted([queen.title, other.title])


@pytest.mark.django_db
def test_rows_without_pages_link_to_the_page_they_appear_on():
    """Availability, air slots, credits and article media point at the page that shows them."""
    show = make_show(slots=[(5, dt.time(21, 10))])
    availability = make_availability(show)
    assert availability.get_absolute_url() == f"{show.get_absolute_url()}#where-to-watch"
    assert show.air_slots.get().get_absolute_url() == f"{show.get_absolute_url()}#schedule"
    person = make_person()
    credit = Credit.objects.create(person=person, show=show, character_name="Baek Hyun Woo")
    assert credit.get_absolute_url() == person.get_absolute_url()
    article = make_article()
    quote = PullQuote.objects.create(article=article, text="Words", attribution="Netflix")
    assert quote.get_absolute_url() == article.get_absolute_url()
