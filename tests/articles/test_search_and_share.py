"""An editor's own search and share title, description and image, and the spoiler rule they cannot break."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from articles.models import Article
from rehearsal.admin_forms import change_form
from rehearsal.html import parse
from tests.factories import image_bytes, make_article, make_article_image, make_show, make_user, png_bytes, staff_client
from tests.factories import upload as uploaded

pytestmark = pytest.mark.django_db


def url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def shared(article):
    """What a share preview and a search engine read from the article page."""
    tree = parse(Client().get(article.get_absolute_url()).content.decode())
    meta = {}
    for node in tree.find_all("meta"):
        key = node.attrs.get("property") or node.attrs.get("name")
        if key:
            meta[key] = node.attrs.get("content")
    [news] = [
        data
        for script in tree.find_all("script", type="application/ld+json")
        if (data := json.loads(script.text())).get("@type") == "NewsArticle"
    ]
    return tree.find("title").text(), meta, news


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def errors_next_to_fields(response):
    tree = parse(response.content.decode())
    return {n.parent.text().strip() for n in tree.find_all("ul", cls="errorlist")}


@pytest.fixture
def live_article(media_root):
    article = make_article(
        author=make_user(is_staff=True),
        headline="Queen of Tears breaks tvN's all-time ratings record with its finale",
        dek="The last episode drew a 24.9% nationwide rating.",
    )
    make_article_image(article, is_lead=True, alt_text="The leads at the finale party")
    return article


def test_an_editor_sets_the_title_description_and_image_that_searches_and_shares_show(live_article):
    editor = staff_client("Editors")
    _, data = change_form(editor, url(live_article), "article_form")
    data.update(
        seo_title="Queen of Tears sets tvN's ratings record",
        meta_description="The finale of Queen of Tears is now the most watched episode in tvN's history.",
        social_image=uploaded("share.jpg", image_bytes(1200, 630, "JPEG")),
        social_image_alt="Kim Soo Hyun and Kim Ji Won on the poster",
    )
    assert editor.post(url(live_article), data).status_code == 302
    live_article.refresh_from_db()

    title, meta, news = shared(live_article)
    assert title == "Queen of Tears sets tvN's ratings record · Dramasite"
    assert meta["og:title"] == meta["twitter:title"] == "Queen of Tears sets tvN's ratings record"
    description = "The finale of Queen of Tears is now the most watched episode in tvN's history."
    assert meta["description"] == meta["og:description"] == meta["twitter:description"] == description
    assert news["description"] == description
    # The structured data keeps the headline the page shows.
    assert news["headline"] == live_article.headline
    image = f"http://testserver{live_article.social_image.url}"
    assert meta["og:image"] == meta["twitter:image"] == image and news["image"] == [image]
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == "Kim Soo Hyun and Kim Ji Won on the poster"
    assert (live_article.social_image_width, live_article.social_image_height) == (1200, 630)
    # The page itself still reads as written.
    page = Client().get(live_article.get_absolute_url()).content.decode()
    assert parse(page).find("h1").text() == live_article.headline


def test_without_them_the_headline_dek_and_lead_image_are_shared(live_article):
    title, meta, news = shared(live_article)
    assert title == f"{live_article.headline} · Dramasite"
    assert meta["og:description"] == live_article.dek == news["description"]
    assert meta["og:image"] == f"http://testserver{live_article.images.get().image.url}"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"social_image": ("share.png", png_bytes(1200, 630)), "social_image_alt": ""},
            "social_image_alt",
            "Describe the share image for readers who cannot see it.",
        ),
        (
            {"social_image": ("small.png", png_bytes(400, 300)), "social_image_alt": "A still"},
            "social_image",
            "This picture is 400 × 300 pixels; share previews need at least 600 × 315 (1200 × 630 is best).",
        ),
        (
            {"social_image": ("fake.png", b"<svg onload=alert(1)>"), "social_image_alt": "A still"},
            "social_image",
            "This file is not an image we can read.",
        ),
        ({"seo_title": "x" * 71}, "seo_title", "Ensure this value has at most 70 characters"),
    ],
    ids=["no alt text", "too small", "not a picture", "title too long"],
)
def test_bad_share_fields_are_refused_next_to_the_field_and_nothing_is_kept(
    live_article, media_root, changes, field, message
):
    editor = staff_client("Editors")
    _, data = change_form(editor, url(live_article), "article_form")
    data["headline"] = "Changed headline"
    for name, value in changes.items():
        data[name] = uploaded(*value) if isinstance(value, tuple) else value
    files_before = stored_files(media_root)
    response = editor.post(url(live_article), data)
    assert response.status_code == 200
    assert any(message in error for error in errors_next_to_fields(response)), errors_next_to_fields(response)
    assert f'name="{field}"' in response.content.decode()
    live_article.refresh_from_db()
    assert live_article.headline != "Changed headline"
    assert not live_article.social_image and not live_article.seo_title
    assert stored_files(media_root) == files_before


def test_a_spoiler_article_shares_its_card_and_teaser_whatever_the_editor_set(live_article):
    show = make_show(title="Queen of Tears", episode_count=16)
    live_article.seo_title = "How Queen of Tears ends"
    live_article.meta_description = "Hae In survives the surgery."  # a spoiler, written before the flag
    live_article.social_image = uploaded("share.jpg", image_bytes(1200, 630, "JPEG"))
    live_article.social_image_alt = "The hospital scene"
    live_article.save()
    # A moderator marks it later; the editor's description and picture must not go out.
    Article.objects.filter(pk=live_article.pk).update(
        has_spoilers=True, spoiler_show=show, spoiler_through_episode=16, spoiler_teaser="Our finale verdict."
    )
    live_article.refresh_from_db()
    title, meta, news = shared(live_article)
    assert "Hae In" not in json.dumps([meta, news])
    assert meta["description"] == meta["og:description"] == news["description"] == "Our finale verdict."
    assert "share-card.png" in meta["og:image"] and news["image"] == [meta["og:image"]]
    assert live_article.social_image.url not in json.dumps([meta, news])
    # The title is as public as the headline, which a spoiler article shows too.
    assert meta["og:title"] == "How Queen of Tears ends"


def test_a_writer_sets_them_on_a_draft_and_an_editor_sees_them(media_root):
    writer = staff_client("Writers")
    draft = make_article(
        author_id=writer.session["_auth_user_id"], status=Article.Status.DRAFT, publish_at=None, headline="Draft"
    )
    _, data = change_form(writer, url(draft), "article_form")
    data.update(seo_title="Shorter", meta_description="For search.")
    assert writer.post(url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.seo_title, draft.meta_description) == ("Shorter", "For search.")
    editor_form = staff_client("Editors").get(url(draft)).content.decode()
    assert 'value="Shorter"' in editor_form


def test_a_share_image_is_kept_whole_with_no_renditions(live_article, media_root, django_capture_on_commit_callbacks):
    """Previews fetch the share image whole, so none of the resized copies pages use is made for it."""
    editor = staff_client("Editors")
    _, data = change_form(editor, url(live_article), "article_form")
    data.update(social_image=uploaded("share.jpg", image_bytes(1200, 630, "JPEG")), social_image_alt="The poster")
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url(live_article), data).status_code == 302
    live_article.refresh_from_db()
    stored = stored_files(media_root)
    assert live_article.social_image.name in stored
    assert not [name for name in stored if name.startswith("renditions/articles/share/")]
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert not [name for name in stored_files(media_root) if name.startswith("renditions/articles/share/")]
