"""The article editor: a news toolbar with a Spoiler style, under an admin-only CSP."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from articles.models import Article
from editing.richtext import sanitize_html
from rehearsal.html import parse
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

SPOILER_SPAN = '<span class="spoiler">Hong Hae In survives the surgery</span>'


def editor_client():
    user = make_user(is_staff=True, first_name="Han", last_name="Editor")
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client, user


def csp_directives(response):
    return {
        part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split(";") if part.strip()
    }


def test_default_toolbar_is_fit_for_news():
    """Headings, bold, italic, links, lists and blockquote are on the toolbar, plus the Styles menu."""
    config = settings.CKEDITOR_CONFIGS["default"]
    buttons = {button for group in config[f"toolbar_{config['toolbar']}"] for button in group}
    assert {"Format", "Styles", "Bold", "Italic", "Link", "NumberedList", "BulletedList", "Blockquote"} <= buttons
    assert set(config["format_tags"].split(";")) == {"p", "h2", "h3", "h4"}


def test_the_spoiler_style_makes_the_span_the_sanitiser_keeps():
    """The Styles menu's "Spoiler" wraps text in <span class="spoiler">, which survives sanitising as is."""
    [style] = [s for s in settings.CKEDITOR_CONFIGS["default"]["stylesSet"] if s["name"] == "Spoiler"]
    assert (style["element"], style["attributes"]) == ("span", {"class": "spoiler"})
    html = f"<p>In the finale, {SPOILER_SPAN}.</p>"
    assert sanitize_html(html) == html


def test_the_article_form_loads_the_news_editor():
    """The body field is a CKEditor with the default (news) config, Spoiler style included."""
    client, _ = editor_client()
    tree = parse(client.get("/admin/articles/article/add/").content.decode())
    body = tree.find("textarea", name="body")
    config = json.loads(body.attrs["data-config"])
    assert [s["name"] for s in config["stylesSet"]] == ["Spoiler"]
    scripts = [node.attrs.get("src", "") for node in tree.find_all("script")]
    assert any(src.endswith("ckeditor/ckeditor.js") and src.startswith("/static/") for src in scripts)


def test_an_inline_spoiler_written_in_the_admin_is_blurred_on_the_public_page():
    """A spoiler span saved through the admin reaches the live page as the blurred .spoiler element."""
    client, editor = editor_client()
    data = {
        "headline": "Finale recap",
        "slug": "finale-recap",
        "dek": "",
        "body": f"<p>In the finale, {SPOILER_SPAN}.</p><p>Then the credits roll.</p>",
        "section": "recap",
        "tags": "",
        "author": editor.pk,
        "status": "published",
        "publish_at_0": "",
        "publish_at_1": "",
        "spoiler_warning": "",
        "spoiler_through_episode": "",
    }
    for prefix in ("co_authors", "images", "quotes", "videos", "corrections"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    assert client.post("/admin/articles/article/add/", data).status_code == 302
    article = Article.objects.get(slug="finale-recap")
    assert SPOILER_SPAN in article.body

    page = parse(Client().get(article.get_absolute_url()).content.decode())
    spoiler = page.find("span", cls="spoiler")
    assert spoiler.text() == "Hong Hae In survives the surgery"
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert re.search(r"\.spoiler \{[^}]*filter: blur\(", css)


def test_admin_pages_get_the_editor_policy_and_public_pages_keep_the_strict_one():
    """CKEditor 4 needs inline script and style in the admin; the public site allows only its own scripts."""
    client, _ = editor_client()
    admin = csp_directives(client.get("/admin/articles/article/add/"))
    assert "'unsafe-inline'" in admin["script-src"] and "'self'" in admin["script-src"]
    assert "'unsafe-inline'" in admin["style-src"]
    assert admin["object-src"] == ["'none'"]

    public = csp_directives(Client().get(make_article().get_absolute_url()))
    assert "'unsafe-inline'" not in public["script-src"]
    # No public template runs inline script, so no nonce is needed (or cached): 'self' only.
    assert public["script-src"] == ["'self'"]
    assert public["frame-ancestors"] == ["'none'"]


def test_publish_time_help_names_the_time_zone():
    """Staff scheduling a story read that the time is Korean time."""
    client, _ = editor_client()
    tree = parse(client.get("/admin/articles/article/add/").content.decode())
    help_text = tree.find(id="id_publish_at_helptext").text()
    assert "KST, Asia/Seoul" in help_text
    assert "goes live then by itself" in help_text
