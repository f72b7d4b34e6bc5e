"""The photo library as the newsroom uses it: upload once, place anywhere with its own caption,
correct or replace it in one place, never delete one still in use, never place one whose rights ended."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import ArticleImage
from people.models import Person
from pictures.models import Photo
from rehearsal.admin_forms import change_form, form_data
from rehearsal.html import parse
from shows.models import Show
from tests import factories as f
from tests.articles.test_admin import article_post
from tests.conftest import stored_files

pytestmark = pytest.mark.django_db

ADD_PHOTO = "/admin/pictures/photo/add/"


def photo(**kw):
    fields = {"file": f.upload("still.png", f.png_bytes(40, 30)), "alt_text": "A still", "credit": "tvN"}
    fields.update(kw)
    return Photo.objects.create(**fields)


def change_url(row):
    return reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_change", args=[row.pk])


def errors_of(response):
    """Every error message on an admin page, as a reader would see them."""
    return " ".join(node.text() for node in parse(response.content.decode()).find_all(class_="errorlist"))


def new_image_row(n, **fields):
    row = {f"images-{n}-caption": "", f"images-{n}-credit": "", f"images-{n}-alt_text": "", f"images-{n}-position": "0"}
    row.update({f"images-{n}-{name}": value for name, value in fields.items()})
    return row


def add_article(client, author, **row):
    data = article_post(author, **new_image_row(0, **row))
    data["images-TOTAL_FORMS"] = "1"
    return client.post("/admin/articles/article/add/", data)


# Uploading and placing ---------------------------------------------------------------


def test_an_upload_in_an_article_joins_the_library_with_its_alt_text_and_credit(client, media_root):
    writer = f.make_staff("Writers")
    client.force_login(writer)
    response = add_article(
        client, writer, image=f.upload("lead.png", f.png_bytes(60, 40), "image/png"), alt_text="The leads", credit="tvN"
    )
    assert response.status_code == 302, errors_of(response)
    [image] = ArticleImage.objects.all()
    library = image.library_photo
    assert (library.alt_text, library.credit, library.width) == ("The leads", "tvN", 60)
    assert image.image.name == library.file.name and library.file.name in stored_files(media_root)


def test_a_library_photo_is_placed_in_a_second_story_with_its_own_caption(client, media_root):
    still = photo(alt_text="Kim Soo Hyun under an umbrella", credit="tvN")
    writer = f.make_staff("Writers")
    client.force_login(writer)
    response = add_article(client, writer, library_photo=still.pk, caption="Episode 8's umbrella scene")
    assert response.status_code == 302, errors_of(response)
    [image] = ArticleImage.objects.all()
    assert image.library_photo == still
    assert (image.image.name, image.alt_text, image.credit) == (still.file.name, still.alt_text, "tvN")
    assert image.caption == "Episode 8's umbrella scene"
    assert len([name for name in stored_files(media_root) if not name.startswith("renditions/")]) == 1


def test_an_upload_without_a_credit_or_alt_text_is_refused_next_to_the_field(client, media_root):
    writer = f.make_staff("Writers")
    client.force_login(writer)
    response = add_article(client, writer, image=f.upload("lead.png", f.png_bytes(60, 40), "image/png"))
    assert response.status_code == 200
    text = errors_of(response)
    assert "Say who took the picture or where it comes from" in text
    assert "Describe the picture for readers who cannot see it." in text
    assert not Photo.objects.exists() and not ArticleImage.objects.exists()
    assert stored_files(media_root) == []


def test_an_upload_and_a_pick_at_once_is_refused(client, media_root):
    still = photo()
    writer = f.make_staff("Writers")
    client.force_login(writer)
    response = add_article(
        client,
        writer,
        library_photo=still.pk,
        image=f.upload("other.png", f.png_bytes(60, 40), "image/png"),
        alt_text="Other",
        credit="JTBC",
    )
    assert "Pick a photo from the library or upload a new one, not both." in errors_of(response)
    assert Photo.objects.count() == 1 and not ArticleImage.objects.exists()


def test_an_article_image_needs_a_picture_of_one_kind(client):
    writer = f.make_staff("Writers")
    client.force_login(writer)
    response = add_article(client, writer, caption="Nothing chosen")
    assert "Pick a photo from the library or upload one." in errors_of(response)
    assert not ArticleImage.objects.exists()


def test_a_photo_whose_rights_ended_cannot_be_placed_nor_found_in_the_picker(client):
    ended = photo(alt_text="Old press still", rights_until=timezone.localdate() - dt.timedelta(days=1))
    current = photo(alt_text="New press still", rights_until=timezone.localdate())
    writer = f.make_staff("Writers")
    client.force_login(writer)
    response = add_article(client, writer, library_photo=ended.pk)
    assert "Our rights to this photo ended on" in errors_of(response)
    assert not ArticleImage.objects.exists()
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "articleimage", "field_name": "library_photo", "term": "press"},
    ).json()
    assert [row["id"] for row in found["results"]] == [str(current.pk)]


def test_an_existing_use_of_a_photo_whose_rights_ended_can_still_be_saved(client):
    """The rule is about placing a photo; an editor fixing a typo in an old story is not stopped by it."""
    editor = f.make_staff("Editors")
    client.force_login(editor)
    still = photo(rights_until=timezone.localdate() + dt.timedelta(days=10))
    article = f.make_article(author=editor)
    ArticleImage.objects.create(article=article, library_photo=still, position=0)
    Photo.objects.filter(pk=still.pk).update(rights_until=timezone.localdate() - dt.timedelta(days=1))
    data = form_data(client.get(change_url(article)))
    data["headline"] = "Fixed a typo"
    response = client.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)


def test_alt_text_typed_on_a_use_is_refused_with_a_link_to_the_library(client):
    editor = f.make_staff("Editors")
    client.force_login(editor)
    still = photo(alt_text="The leads")
    article = f.make_article(author=editor)
    ArticleImage.objects.create(article=article, library_photo=still, position=0)
    data = form_data(client.get(change_url(article)))
    data["images-0-alt_text"] = "Something else"
    response = client.post(change_url(article), data)
    assert "kept in the library, for every place it appears" in errors_of(response)
    assert change_url(still) in response.content.decode()
    assert ArticleImage.objects.get().alt_text == "The leads"


# One photo, every use ------------------------------------------------------------------


def test_replacing_a_photos_file_or_text_updates_every_use(client, media_root):
    still = photo(alt_text="Old words", credit="tvN")
    article = f.make_article()
    image = ArticleImage.objects.create(article=article, library_photo=still, caption="Mine", position=0)
    show = f.make_show(library_photo=still)
    person = f.make_person(library_photo=still)
    editor = f.make_staff("Editors")
    client.force_login(editor)
    before = client.get(article.get_absolute_url()).content.decode()
    assert still.file.url in before

    data = form_data(client.get(change_url(still)))
    data.update(alt_text="New words", credit="Netflix", file=f.upload("new.png", f.png_bytes(80, 50), "image/png"))
    response = client.post(change_url(still), data)
    assert response.status_code == 302, errors_of(response)
    still.refresh_from_db()
    assert "new" in still.file.name and still.width == 80
    image.refresh_from_db()
    show.refresh_from_db()
    person.refresh_from_db()
    assert (image.image.name, image.width, image.alt_text, image.credit) == (
        still.file.name,
        80,
        "New words",
        "Netflix",
    )
    assert image.caption == "Mine"
    assert (show.poster.name, show.poster_alt, show.poster_credit) == (still.file.name, "New words", "Netflix")
    assert (person.photo.name, person.photo_alt, person.photo_credit) == (still.file.name, "New words", "Netflix")
    page = client.get(article.get_absolute_url()).content.decode()
    assert still.file.url in page and 'alt="New words"' in page


def test_the_photo_page_lists_every_use(client):
    still = photo()
    article = f.make_article(headline="Queen of Tears breaks a record")
    ArticleImage.objects.create(article=article, library_photo=still, position=2)
    show = f.make_show(title="Queen of Tears", library_photo=still)
    editor = f.make_staff("Editors")
    client.force_login(editor)
    page = client.get(change_url(still)).content.decode()
    assert "Article: Queen of Tears breaks a record (image after paragraph 2)" in page
    assert change_url(article) in page and change_url(show) in page


def test_a_photo_in_use_cannot_be_deleted_and_the_page_says_where_it_is_used(client):
    still = photo()
    article = f.make_article(headline="Queen of Tears breaks a record")
    ArticleImage.objects.create(article=article, library_photo=still, position=0)
    editor = f.make_staff("Editors")
    client.force_login(editor)
    delete = reverse("admin:pictures_photo_delete", args=[still.pk])
    page = client.get(delete).content.decode()
    assert "Article: Queen of Tears breaks a record" in page
    client.post(delete, {"post": "yes"})
    assert Photo.objects.filter(pk=still.pk).exists()
    response = client.post(
        reverse("admin:pictures_photo_changelist"),
        {"action": "delete_selected", "_selected_action": [still.pk], "post": "yes"},
    )
    assert Photo.objects.filter(pk=still.pk).exists(), response.status_code
    ArticleImage.objects.all().delete()
    client.post(delete, {"post": "yes"})
    assert not Photo.objects.filter(pk=still.pk).exists()


def test_a_photo_without_credit_is_refused_in_the_library_too(client, media_root):
    editor = f.make_staff("Editors")
    client.force_login(editor)
    response = client.post(
        ADD_PHOTO,
        {"file": f.upload("a.png", f.png_bytes(40, 30), "image/png"), "alt_text": "A still", "credit": " "},
    )
    assert response.status_code == 200
    assert "Say who took the picture or where it comes from." in errors_of(response)
    assert not Photo.objects.exists() and stored_files(media_root) == []


def test_a_file_that_is_not_a_picture_is_refused_in_the_library(client, media_root):
    editor = f.make_staff("Editors")
    client.force_login(editor)
    response = client.post(
        ADD_PHOTO, {"file": f.upload("a.png", b"<svg onload=alert(1)>", "image/png"), "alt_text": "A", "credit": "B"}
    )
    assert response.status_code == 200 and "file" in response.context["adminform"].form.errors
    assert not Photo.objects.exists() and stored_files(media_root) == []


# Shows and people ----------------------------------------------------------------------


def test_a_show_poster_and_a_portrait_come_from_the_library_and_can_be_taken_off(client):
    still = photo(alt_text="Queen of Tears key art", credit="tvN")
    show = f.make_show()
    person = f.make_person()
    editor = f.make_staff("Editors")
    client.force_login(editor)
    for row in (show, person):
        data = form_data(client.get(change_url(row)))
        data["library_photo"] = str(still.pk)
        response = client.post(change_url(row), data)
        assert response.status_code == 302, errors_of(response)
    show.refresh_from_db()
    person.refresh_from_db()
    assert (show.poster.name, show.poster_alt, show.poster_credit) == (still.file.name, still.alt_text, "tvN")
    assert (person.photo.name, person.photo_alt) == (still.file.name, still.alt_text)
    data = form_data(client.get(change_url(show)))
    data["library_photo"] = ""
    assert client.post(change_url(show), data).status_code == 302
    show.refresh_from_db()
    assert not show.poster and show.library_photo is None and show.poster_alt == ""
    assert Photo.objects.filter(pk=still.pk).exists()


def test_a_new_poster_upload_needs_its_credit(client, media_root):
    show = f.make_show()
    editor = f.make_staff("Editors")
    client.force_login(editor)
    data = form_data(client.get(change_url(show)))
    data.update(poster=f.upload("p.png", f.png_bytes(30, 45), "image/png"), poster_alt="The poster")
    response = client.post(change_url(show), data)
    assert "Say who took the picture or where it comes from" in errors_of(response)
    data.update(poster=f.upload("p.png", f.png_bytes(30, 45), "image/png"), poster_credit="tvN")
    assert client.post(change_url(show), data).status_code == 302
    show.refresh_from_db()
    assert show.library_photo.credit == "tvN" and show.poster.name == show.library_photo.file.name
    assert Show.objects.get().poster_credit == "tvN" and Person.objects.count() == 0


# Who may do what -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "view", "add", "change", "delete"),
    [
        ("Editors", 200, 200, 200, 200),
        ("Writers", 200, 200, 403, 403),
        ("Moderators", 403, 403, 403, 403),
    ],
)
def test_who_may_use_the_library(client, group, view, add, change, delete):
    still = photo()
    client.force_login(f.make_staff(group))
    assert client.get(reverse("admin:pictures_photo_changelist")).status_code == view
    assert client.get(ADD_PHOTO).status_code == add
    # With the version the form carries (a crafted post without it is refused as stale).
    post = client.post(change_url(still), {"alt_text": "Changed", "credit": "Changed", "lock_version": "0"})
    assert post.status_code in ({change} if change == 403 else {200, 302})
    still.refresh_from_db()
    assert (still.alt_text == "Changed") == (change == 200)
    assert client.post(reverse("admin:pictures_photo_delete", args=[still.pk]), {"post": "yes"}).status_code in (
        {delete} if delete == 403 else {302}
    )
    assert Photo.objects.filter(pk=still.pk).exists() == (delete == 403)


def test_nobody_signed_in_sees_nothing_of_the_library(client):
    still = photo()
    for url in (reverse("admin:pictures_photo_changelist"), change_url(still), ADD_PHOTO):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


# History ---------------------------------------------------------------------------------


def show_with_posters(client, *photos):
    """A show an editor gave each photo as its poster in turn; (show, the version with the first)."""
    show = f.make_show()
    client.force_login(f.make_staff("Editors"))
    for chosen in photos:
        _, data = change_form(client, change_url(show), "show_form")
        data["library_photo"] = str(chosen.pk)
        assert client.post(change_url(show), data).status_code == 302
    return show, Version.objects.get_for_object(show).order_by("pk").first()


def test_restoring_a_shows_earlier_version_brings_back_its_poster_and_its_library_photo(client):
    """A version saved with one poster, restored after the poster was swapped, shows that poster again,
    linked to its library photo; a version from before the library (no link in it) is linked on save."""
    first, second = photo(alt_text="First key art"), photo(alt_text="Second key art")
    show, old = show_with_posters(client, first, second)
    # As a version written before the library: the poster's file, and no link to a photo.
    fields = old.field_dict
    serialized = old.serialized_data.replace(f'"library_photo": {first.pk}', '"library_photo": null')
    assert serialized != old.serialized_data and fields["poster"] == first.file.name
    Version.objects.filter(pk=old.pk).update(serialized_data=serialized)
    history = f"{change_url(show).removesuffix('change/')}history/{old.pk}/"
    _, data = change_form(client, history, "show_form")
    response = client.post(history, data)
    assert response.status_code == 302, errors_of(response)
    show.refresh_from_db()
    assert (show.poster.name, show.library_photo, show.poster_alt) == (first.file.name, first, "First key art")


def test_a_form_opened_before_the_photo_was_corrected_saves_with_the_corrected_text(client):
    """Two editors: one corrects the photo's alt text in the library while the other has the article
    open. The second one's save is not refused for the text they never touched; the correction stays."""
    editor = f.make_staff("Editors")
    client.force_login(editor)
    still = photo(alt_text="Old words")
    article = f.make_article(author=editor)
    ArticleImage.objects.create(article=article, library_photo=still, position=0)
    data = form_data(client.get(change_url(article)))
    still.alt_text = "Corrected words"
    still.save()
    data["images-0-caption"] = "A caption added meanwhile"
    response = client.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    image = ArticleImage.objects.get()
    assert (image.alt_text, image.caption) == ("Corrected words", "A caption added meanwhile")


def test_restoring_a_version_whose_photo_was_deleted_since_is_a_form_error_not_a_500(client):
    gone, kept = photo(alt_text="Deleted since"), photo(alt_text="Still here")
    show, old = show_with_posters(client, gone, kept)
    gone.delete()
    history = f"{change_url(show).removesuffix('change/')}history/{old.pk}/"
    page = client.get(history)
    assert page.status_code == 200
    _, data = change_form(client, history, "show_form")
    data["library_photo"] = str(old.field_dict["library_photo_id"])  # as a crafted post would send it
    response = client.post(history, data)
    assert response.status_code == 200
    assert "Select a valid choice" in errors_of(response)
    show.refresh_from_db()
    assert show.library_photo == kept


def test_the_picker_offers_each_photo_with_its_thumbnail(client, media_root):
    """The autocomplete answers carry a small rendition of each photo for the picker (static/js/photo_picker.js)."""
    from pictures import renditions

    still = photo(alt_text="The leads under an umbrella", file=f.upload("umbrella.png", f.png_bytes(900, 600)))
    renditions.make(still.file, still.width)
    renditions.forget_local()
    client.force_login(f.make_staff("Writers"))
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "articleimage", "field_name": "library_photo", "term": "umbrella"},
    ).json()["results"]
    assert [(row["id"], row["text"]) for row in found] == [(str(still.pk), "The leads under an umbrella (tvN)")]
    assert found[0]["thumbnail"].endswith("_480w.webp") and "renditions/" in found[0]["thumbnail"]
    form_page = client.get("/admin/articles/article/add/").content.decode()
    assert "js/photo_picker" in form_page
