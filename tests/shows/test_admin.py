"""The show and person admin: inlines, autocomplete, search and image previews."""

import pytest

from people.models import Credit
from rehearsal.admin_forms import change_form
from rehearsal.html import parse
from shows.models import AirSlot, Availability, Episode, Show
from tests.factories import (
    make_article,
    make_article_image,
    make_network,
    make_person,
    make_service,
    make_show,
    png_bytes,
    staff_client,
    upload,
)

pytestmark = pytest.mark.django_db


def autocomplete(client, app_label, model_name, field_name, term):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200, response.status_code
    return [row["text"] for row in response.json()["results"]]


def test_show_form_has_every_inline_with_autocomplete():
    """Editors manage where a show streams, when it airs, its episodes and its cast on one page."""
    show = make_show()
    response = staff_client("Editors").get(f"/admin/shows/show/{show.pk}/change/")
    prefixes = {inline.formset.prefix for inline in response.context["inline_admin_formsets"]}
    assert prefixes == {"availabilities", "air_slots", "episodes", "credits"}
    tree = parse(response.content.decode())
    assert "admin-autocomplete" in tree.find("select", name="network").classes
    assert "admin-autocomplete" in tree.find("select", name="credits-__prefix__-person").classes
    assert "admin-autocomplete" in tree.find("select", name="availabilities-__prefix__-service").classes


def test_a_show_is_saved_with_its_inlines():
    """One save stores the show's availability, air slot, episode and credit."""
    client = staff_client("Editors")
    show, service, person = make_show(title="Lovely Runner"), make_service(name="TVING"), make_person()
    url = f"/admin/shows/show/{show.pk}/change/"
    _, data = change_form(client, url, "show_form")
    data.update(
        {
            "availabilities-TOTAL_FORMS": "1",
            "availabilities-0-service": str(service.pk),
            "availabilities-0-regions": "South Korea",
            "air_slots-TOTAL_FORMS": "1",
            "air_slots-0-weekday": "0",
            "air_slots-0-local_time": "20:50",
            "air_slots-0-time_zone": "Asia/Seoul",
            "episodes-TOTAL_FORMS": "1",
            "episodes-0-number": "1",
            "credits-TOTAL_FORMS": "1",
            "credits-0-person": str(person.pk),
            "credits-0-kind": "lead",
            "credits-0-character_name": "Ryu Sun Jae",
            "credits-0-billing_order": "1",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Availability.objects.get(show=show).service == service
    assert AirSlot.objects.get(show=show).local_time.strftime("%H:%M") == "20:50"
    assert Episode.objects.filter(show=show, number=1).exists()
    assert Credit.objects.get(show=show).character_name == "Ryu Sun Jae"


def test_shows_are_found_by_korean_title_in_the_list():
    make_show(title="Queen of Tears", original_title="눈물의 여왕")
    make_show(title="Lovely Runner")
    response = staff_client("Editors").get("/admin/shows/show/", {"q": "눈물"})
    assert [show.title for show in response.context["cl"].result_list] == ["Queen of Tears"]


def test_autocomplete_finds_networks_services_shows_and_people():
    """The pickers behind autocomplete fields answer editors, and writers for shows and people."""
    make_network(name="tvN")
    make_service(name="Netflix")
    make_show(title="Queen of Tears")
    make_person(name="Kim Ji Won")
    editor, writer = staff_client("Editors"), staff_client("Writers")
    assert autocomplete(editor, "shows", "show", "network", "tv") == ["tvN"]
    assert autocomplete(editor, "shows", "availability", "service", "net") == ["Netflix"]
    assert autocomplete(editor, "people", "credit", "show", "queen") == ["Queen of Tears"]
    assert autocomplete(editor, "people", "credit", "person", "ji won") == ["Kim Ji Won"]
    # Writers tag their articles with shows and people.
    assert autocomplete(writer, "articles", "article", "shows", "queen") == ["Queen of Tears"]
    assert autocomplete(writer, "articles", "article", "people", "kim") == ["Kim Ji Won"]
    assert autocomplete(writer, "articles", "article", "spoiler_show", "queen") == ["Queen of Tears"]


def test_poster_and_photo_previews():
    """The change forms show the stored poster and photo with their alt text; the lists show thumbnails."""
    client = staff_client("Editors")
    show = make_show(poster=upload("poster.png", png_bytes(60, 90)), poster_alt="Two leads in the rain")
    person = make_person(photo=upload("photo.png", png_bytes(40, 40)), photo_alt="Kim Ji Won smiling")
    show.refresh_from_db()
    person.refresh_from_db()

    tree = parse(client.get(f"/admin/shows/show/{show.pk}/change/").content.decode())
    preview = tree.find("img", cls="admin-thumbnail")
    assert (preview.attrs["src"], preview.attrs["alt"]) == (show.poster.url, "Two leads in the rain")
    listing = parse(client.get("/admin/shows/show/").content.decode())
    assert listing.find("img", cls="admin-thumbnail").attrs["src"] == show.poster.url

    tree = parse(client.get(f"/admin/people/person/{person.pk}/change/").content.decode())
    preview = tree.find("img", cls="admin-thumbnail")
    assert (preview.attrs["src"], preview.attrs["alt"]) == (person.photo.url, "Kim Ji Won smiling")
    listing = parse(client.get("/admin/people/person/").content.decode())
    assert listing.find("img", cls="admin-thumbnail").attrs["src"] == person.photo.url


def test_without_a_poster_the_preview_says_so_plainly():
    show = make_show()
    tree = parse(staff_client("Editors").get(f"/admin/shows/show/{show.pk}/change/").content.decode())
    assert not tree.find_all("img", cls="admin-thumbnail")


def test_article_image_inline_shows_a_thumbnail():
    """Each stored article image is previewed in its inline, with its alt text."""
    article = make_article()
    image = make_article_image(article, alt_text="The leads under an umbrella")
    tree = parse(staff_client("Editors").get(f"/admin/articles/article/{article.pk}/change/").content.decode())
    preview = tree.find("img", cls="admin-thumbnail")
    assert (preview.attrs["src"], preview.attrs["alt"]) == (image.image.url, "The leads under an umbrella")


def test_person_form_has_credits_and_the_person_list_filters_by_kind():
    person, other = make_person(name="Kim Soo Hyun"), make_person(name="Park Ji Eun")
    show = make_show()
    Credit.objects.create(person=person, show=show, kind="lead", character_name="Baek Hyun Woo")
    Credit.objects.create(person=person, show=make_show(), kind="cameo", character_name="Himself")
    Credit.objects.create(person=other, show=show, kind="writer")
    client = staff_client("Editors")
    response = client.get(f"/admin/people/person/{person.pk}/change/")
    [credits] = response.context["inline_admin_formsets"]
    assert len(credits.formset.forms) == 2
    listing = client.get("/admin/people/person/", {"credits__kind__exact": "lead"})
    assert [p.name for p in listing.context["cl"].result_list] == ["Kim Soo Hyun"]
    assert Show.objects.count() == 2
