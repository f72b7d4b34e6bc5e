"""The whole XSS corpus through every way content enters the database: admin POSTs
that bypass the editor, loaddata, and restores from history.

Rich text (article bodies, show synopses, person bios) must be stored exactly as
nh3 cleans it (editing.richtext.sanitize_html), whichever way it came in; plain
text is stored as typed and escaped when shown (the browser test
tests/browser/test_hostile_input.py renders all of it in Chromium). Nothing
here may answer with a 500.
"""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from reversion.models import Version

from articles.models import Article, PullQuote, VideoEmbed
from editing.richtext import sanitize_html
from people.models import Person
from rehearsal.admin_forms import change_form
from rehearsal.html import parse
from shows.models import Show
from tests.factories import make_article, make_article_image, make_person, make_show, make_user, staff_client
from tests.xss_corpus import PAYLOADS, pack

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not PAYLOADS, reason="XSS corpus not found beside the clone (an error under CI=true)"),
]

ALL = "\n".join(PAYLOADS)  # the whole corpus as one rich-text value
NOW = "2026-11-26T00:00:00Z"
STAMPS = {"created_at": NOW, "updated_at": NOW}
RICH_FIELDS = {Article: ["body"], Show: ["synopsis"], Person: ["bio"]}


def stored(model, pk, field):
    return model.objects.values_list(field, flat=True).get(pk=pk)


def post_change(client, url, form_id, **changes):
    _, data = change_form(client, url, form_id)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


# Raw POSTs -----------------------------------------------------------------


def test_raw_admin_posts_store_rich_text_as_nh3_cleans_it():
    """An editor's crafted POST (no CKEditor) with every payload in each rich-text field stores nh3's output."""
    editor = staff_client("Editors")
    article, show, person = make_article(author=make_user(is_staff=True)), make_show(), make_person()

    post_change(editor, f"/admin/articles/article/{article.pk}/change/", "article_form", body=ALL)
    post_change(editor, f"/admin/shows/show/{show.pk}/change/", "show_form", synopsis=ALL)
    post_change(editor, f"/admin/people/person/{person.pk}/change/", "person_form", bio=ALL)

    assert stored(Article, article.pk, "body") == sanitize_html(ALL)
    assert stored(Show, show.pk, "synopsis") == sanitize_html(ALL)
    assert stored(Person, person.pk, "bio") == sanitize_html(ALL)
    assert "<script" not in stored(Article, article.pk, "body").lower()


def test_raw_admin_posts_keep_plain_text_as_typed_and_the_change_form_shows_it_as_text():
    """Headline, dek, warning, captions, a photo's alt and credit, quote and video text are stored as typed,
    never as markup."""
    editor = staff_client("Editors")
    article = make_article(author=make_user(is_staff=True))
    image = make_article_image(article, position=1)
    quote = PullQuote.objects.create(article=article, text="q", attribution="a", position=1)
    video = VideoEmbed.objects.create(article=article, url="https://youtu.be/abcdefghijk", position=1)
    url = f"/admin/articles/article/{article.pk}/change/"
    for number, (headline, dek, alt, credit) in enumerate(
        zip(
            pack(PAYLOADS, 200)[:5],
            pack(PAYLOADS, 300)[:5],
            pack(PAYLOADS, 250)[:5],
            pack(PAYLOADS, 200)[5:10],
            strict=True,
        )
    ):
        values = {
            "headline": headline,
            "dek": dek,
            "spoiler_warning": dek,
            "images-0-caption": dek,
            "quotes-0-text": ALL,
            "quotes-0-attribution": credit,
            "videos-0-caption": dek,
            "tags": headline,
        }
        post_change(editor, url, "article_form", **values)
        # The picture's alt text and credit are the library photo's, for every place it appears.
        post_change(
            editor, f"/admin/pictures/photo/{image.library_photo_id}/change/", "photo_form", alt_text=alt, credit=credit
        )
        article.refresh_from_db()
        image.refresh_from_db()
        quote.refresh_from_db()
        video.refresh_from_db()
        assert (article.headline, article.dek, article.spoiler_warning) == (headline.strip(), dek.strip(), dek.strip())
        assert (image.alt_text, image.caption, image.credit) == (alt.strip(), dek.strip(), credit.strip())
        assert (quote.text, quote.attribution, video.caption) == (ALL.strip(), credit.strip(), dek.strip())
        # taggit splits the text at commas (or spaces) into tags; each is a piece of what was typed.
        tags = [tag.name for tag in article.tags.all()]
        assert tags and all(tag in headline for tag in tags), number

    # Shown again in the change form, each value is an attribute's or a textarea's text, not markup.
    response = editor.get(url)
    tree = parse(response.content.decode())
    form = tree.find("form", id="article_form")
    assert form.find("input", name="headline").attrs["value"] == article.headline
    assert not [node for node in form.iter() if node.tag in {"script", "img", "svg", "iframe"} and _from_payload(node)]


def _from_payload(node):
    """A node the admin did not write itself: one carrying an event handler or a javascript: URL."""
    return any(name.startswith("on") or "javascript:" in (value or "").lower() for name, value in node.attrs.items())


def test_raw_public_posts_of_every_payload_store_reports_as_typed():
    """The reader's report form takes any text up to 1,000 characters and stores it unchanged."""
    article = make_article()
    chunks = pack(PAYLOADS, 1000)
    for number, message in enumerate(chunks):
        # One client address per report: the form allows five an hour from one address.
        reader = Client(REMOTE_ADDR=f"10.9.{number // 250}.{number % 250}")
        response = reader.post(f"/articles/{article.slug}/report/", {"message": message})
        assert response.status_code == 303, response.status_code
    stored_messages = set(article.spoiler_reports.values_list("message", flat=True))
    assert stored_messages == {chunk.strip() for chunk in chunks}


# loaddata --------------------------------------------------------------------


def test_loaddata_stores_rich_text_as_nh3_cleans_it(tmp_path):
    """A fixture with every payload in every rich-text field is cleaned on the way in, as an admin save would be."""
    author = make_user()
    rows = [
        {
            "model": "articles.article",
            "pk": 9001,
            "fields": {"headline": "Fixture", "slug": "fixture", "body": ALL, "author": author.pk, **STAMPS},
        },
        {
            "model": "shows.show",
            "pk": 9001,
            "fields": {"title": "Fixture", "slug": "fixture", "synopsis": ALL, "updated_at": NOW},
        },
        {
            "model": "people.person",
            "pk": 9001,
            "fields": {"name": "Fixture", "slug": "fixture", "bio": ALL, "updated_at": NOW},
        },
    ]
    fixture = tmp_path / "hostile.json"
    fixture.write_text(json.dumps(rows))
    call_command("loaddata", str(fixture), verbosity=0)
    for model, fields in RICH_FIELDS.items():
        for field in fields:
            assert stored(model, 9001, field) == sanitize_html(ALL), f"{model.__name__}.{field}"


# Restores from history -------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "field", "admin_url", "form_id"),
    [
        (Article, "body", "/admin/articles/article/{pk}/", "article_form"),
        (Show, "synopsis", "/admin/shows/show/{pk}/", "show_form"),
        (Person, "bio", "/admin/people/person/{pk}/", "person_form"),
    ],
    ids=["article", "show", "person"],
)
def test_a_tampered_version_is_cleaned_when_restored(model, field, admin_url, form_id):
    """A stored version whose data carries every payload (an old or tampered row) is stored clean when restored."""
    editor = staff_client("Editors")
    obj = {Article: lambda: make_article(author=make_user(is_staff=True)), Show: make_show, Person: make_person}[
        model
    ]()
    base = admin_url.format(pk=obj.pk)
    post_change(editor, f"{base}change/", form_id)  # the admin save makes version 1
    version = Version.objects.get_for_object(obj).get()
    data = json.loads(version.serialized_data)
    data[0]["fields"][field] = ALL
    Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(data))

    # Opening the version shows the raw text only inside the form's textarea.
    response, form_data = change_form(editor, f"{base}history/{version.pk}/", form_id)
    assert response.status_code == 200
    post_change(editor, f"{base}history/{version.pk}/", form_id, **{field: form_data[field]})
    assert stored(model, obj.pk, field) == sanitize_html(ALL)


def test_a_raw_revert_of_a_tampered_version_is_cleaned():
    """Reversion's own revert (a raw save, as "Recover deleted" uses) stores the cleaned body too."""
    editor = staff_client("Editors")
    article = make_article(author=make_user(is_staff=True))
    post_change(editor, f"/admin/articles/article/{article.pk}/change/", "article_form")
    version = Version.objects.get_for_object(article).get()
    data = json.loads(version.serialized_data)
    data[0]["fields"]["body"] = ALL
    Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(data))
    Version.objects.get(pk=version.pk).revert()
    assert stored(Article, article.pk, "body") == sanitize_html(ALL)


# Links that came in without a form -------------------------------------------


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>"]
)
def test_a_link_field_loaded_without_validation_never_becomes_a_script_link(tmp_path, url):
    """A quote's source link or a where-to-watch link from loaddata is shown only if it is http(s)."""
    article = make_article()
    show = make_show()
    fixture = tmp_path / "links.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "articles.pullquote",
                    "pk": 9001,
                    "fields": {
                        "article": article.pk,
                        "position": 1,
                        "text": "Words",
                        "attribution": "tvN",
                        "source_url": url,
                    },
                },
                {"model": "shows.streamingservice", "pk": 9001, "fields": {"name": "Svc", "slug": "svc"}},
                {
                    "model": "shows.availability",
                    "pk": 9001,
                    "fields": {"show": show.pk, "service": 9001, "regions": "International", "url": url},
                },
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    for page in (f"/articles/{article.slug}/", f"/shows/{show.slug}/"):
        tree = parse(Client().get(page).content.decode())
        for node in tree.iter():
            for name in ("href", "cite", "src"):
                value = "".join((node.attrs.get(name) or "").split()).lower()
                assert not value.startswith(("javascript:", "data:")), f"{name}={node.attrs[name]!r} on {page}"
    # The quote itself is still shown, credited, just without the link.
    quote = parse(Client().get(f"/articles/{article.slug}/").content.decode()).find("figure", cls="pull-quote")
    assert "Words" in quote.text() and "tvN" in quote.text()
