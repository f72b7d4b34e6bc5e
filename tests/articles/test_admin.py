"""The article admin: the basics a writer or editor relies on from day one."""

import datetime as dt

import pytest

from articles.models import Article, ArticleImage
from rehearsal.admin_forms import form_data
from tests.conftest import stored_files
from tests.factories import make_staff, make_user, png_bytes, upload

pytestmark = pytest.mark.django_db


def article_post(author, **extra):
    data = {
        "headline": "Two leads",
        "slug": "two-leads",
        "dek": "",
        "body": "<p>One.</p><p>Two.</p>",
        "section": "news",
        "tags": "",
        "author": author.pk,
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "spoiler_warning": "",
        "spoiler_through_episode": "",
    }
    for prefix in ("co_authors", "images", "quotes", "videos", "corrections"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(extra)
    return data


def image_row(n, is_lead):
    row = {
        f"images-{n}-image": upload(f"lead{n}.png", png_bytes(20, 10), "image/png"),
        f"images-{n}-alt_text": f"Picture {n}",
        f"images-{n}-caption": "",
        f"images-{n}-credit": "tvN",
        f"images-{n}-position": "0",
    }
    if is_lead:
        row[f"images-{n}-is_lead"] = "on"
    return row


def post_article_with_images(client, *lead_flags):
    """Add an article as an editor, with one new image row per flag (True = ticked as lead)."""
    editor = make_staff("Editors")
    client.force_login(editor)
    rows = {}
    for n, is_lead in enumerate(lead_flags):
        rows.update(image_row(n, is_lead))
    data = article_post(editor, **rows)
    data["images-TOTAL_FORMS"] = str(len(lead_flags))
    return client.post("/admin/articles/article/add/", data)


def test_two_lead_images_get_a_form_error_not_a_server_error(client, media_root):
    """Ticking “lead image” twice is explained on the form; nothing is saved or left on disk."""
    response = post_article_with_images(client, True, True)
    assert response.status_code == 200
    errors = [
        str(e) for formset in response.context["inline_admin_formsets"] for e in formset.formset.non_form_errors()
    ]
    assert errors == ["Only one image can be the lead image. Untick “lead image” on all but one."]
    assert not Article.objects.exists()
    assert not ArticleImage.objects.exists()
    assert stored_files(media_root) == []


def test_one_lead_image_saves_with_the_article(client, media_root):
    """A single lead image and a second picture save together with the article."""
    response = post_article_with_images(client, True, False)
    assert response.status_code == 302
    article = Article.objects.get(slug="two-leads")
    assert article.images.filter(is_lead=True).count() == 1
    assert article.images.count() == 2


def test_byline_is_chosen_by_name_from_staff_only(client):
    """Editors pick a byline from staff, listed by full name; readers' accounts are not offered."""
    editor = make_staff("Editors", first_name="Han", last_name="Seo-yeon")
    writer = make_staff("Writers", first_name="Jamie", last_name="Park")
    reader = make_user(first_name="Not", last_name="Staff")
    client.force_login(editor)
    field = client.get("/admin/articles/article/add/").context["adminform"].form.fields["author"]
    choices = {label for value, label in field.choices if value}
    assert {"Han Seo-yeon", "Jamie Park"} <= choices
    assert "Not Staff" not in choices
    assert writer.pk in {user.pk for user in field.queryset}
    assert reader.pk not in {user.pk for user in field.queryset}


@pytest.mark.parametrize(
    ("date", "accepted"),
    [("9999-12-31", False), ("2099-01-01", False), ("1899-12-31", False), ("1989-12-31", False), ("2026-06-01", True)],
)
def test_a_publish_time_out_of_a_sane_range_is_a_form_error(client, date, accepted):
    """9999-12-31 (for 2026) is refused next to the field, with the range; nothing is saved, and the list renders."""
    editor = make_staff("Editors")
    client.force_login(editor)
    data = article_post(editor, status="published", publish_at_0=date, publish_at_1="09:00:00")
    response = client.post("/admin/articles/article/add/", data)
    if accepted:
        assert response.status_code == 302
        assert Article.objects.get(slug="two-leads").publish_at.year == 2026
    else:
        assert response.status_code == 200
        (error,) = response.context["adminform"].form.errors["publish_at"]
        assert "Choose a publish time between 1 Jan 1990 and" in error
        assert not Article.objects.exists()
    assert client.get("/admin/articles/article/").status_code == 200


def test_an_unchanged_publish_time_outside_the_range_is_kept(client):
    """An article already holding an odd time (a shell write) can still be edited: the form leaves the time alone."""
    editor = make_staff("Editors")
    article = Article.objects.create(
        headline="Odd time",
        slug="odd-time",
        body="<p>Text.</p>",
        author=editor,
        publish_at=dt.datetime(9999, 12, 31, 3, tzinfo=dt.UTC),
    )
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(client.get(url))
    data["headline"] = "Odd time, edited"
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.publish_at.year) == ("Odd time, edited", 9999)
