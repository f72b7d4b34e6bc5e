"""People and their credits: validation, names and addresses."""

import pytest
from django.core.exceptions import ValidationError

from people.models import Credit, Person
from tests.factories import make_person, make_show, png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [Credit.Kind.LEAD, Credit.Kind.SUPPORTING, Credit.Kind.CAMEO])
def test_acting_credit_needs_a_character_name(kind):
    """An acting credit without the character's name is refused with a message on that field."""
    credit = Credit(person=make_person(), show=make_show(), kind=kind, character_name="  ")
    with pytest.raises(ValidationError) as error:
        credit.full_clean()
    assert error.value.message_dict["character_name"] == ["Acting credits need the character's name."]


@pytest.mark.parametrize("kind", [Credit.Kind.DIRECTOR, Credit.Kind.WRITER])
def test_crew_credit_needs_no_character_name(kind):
    """Directors and writers are credited without a character."""
    Credit(person=make_person(), show=make_show(), kind=kind, character_name="").full_clean()


def test_credit_names():
    """Credits read 'Kim Soo Hyun as Baek Hyun Woo in Queen of Tears' or 'Park Ji Eun, writer of Queen of Tears'."""
    show = make_show(title="Queen of Tears")
    actor = Credit.objects.create(
        person=make_person(name="Kim Soo Hyun"), show=show, kind=Credit.Kind.LEAD, character_name="Baek Hyun Woo"
    )
    writer = Credit.objects.create(person=make_person(name="Park Ji Eun"), show=show, kind=Credit.Kind.WRITER)
    assert str(actor) == "Kim Soo Hyun as Baek Hyun Woo in Queen of Tears"
    assert str(writer) == "Park Ji Eun, writer of Queen of Tears"


def test_person_name_and_link(client):
    """A person is named as their agency writes it and has a working page at /people/<slug>/."""
    person = make_person(name="Kim Ji Won", slug="kim-ji-won")
    assert str(person) == "Kim Ji Won"
    assert person.get_absolute_url() == "/people/kim-ji-won/"
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "Kim Ji Won" in response.content.decode()


def test_person_photo_needs_alt_text():
    """A portrait without a description for screen-reader users is refused."""
    person = Person(name="Kim Ji Won", slug="kim-ji-won", photo=upload("kim.png", png_bytes(8, 8)), photo_alt="")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "photo_alt" in error.value.message_dict


def test_person_bio_is_sanitised_on_save():
    """Script typed into a biography never reaches the database."""
    person = make_person(bio='<p onclick="steal()">Actor.</p><script>alert(1)</script>')
    person.refresh_from_db()
    assert person.bio == "<p>Actor.</p>"
