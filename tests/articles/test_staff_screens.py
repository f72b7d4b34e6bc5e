"""Every staff screen right for its role: locked rows say why, refused saves keep their word, one time format."""

import re

import pytest
from django.test import Client
from reversion.models import Version

from articles.models import Article, SpoilerChange, SpoilerReport, Status
from rehearsal.admin_forms import change_form, form_data
from rehearsal.html import parse
from tests.factories import make_article, make_article_image, make_staff, png_bytes, upload

pytestmark = pytest.mark.django_db

KST_TIME = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d KST")
DJANGO_DEFAULT_TIME = re.compile(r"\b[A-Z][a-z]{2}\.? \d{1,2}, \d{4}, \d{1,2}:\d\d [ap]\.m\.")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def edit(client, article, **changes):
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


@pytest.fixture
def writer():
    return make_staff("Writers", first_name="Min-ji", last_name="Seo")


@pytest.fixture
def editor():
    return make_staff("Editors", first_name="Hana", last_name="Lee")


@pytest.fixture
def published_by_writer(writer, editor):
    """A writer's draft, edited twice by them, then published by an editor: its history has the drafts."""
    article = make_article(author=writer, status=Status.DRAFT, publish_at=None, headline="Draft headline")
    writer_client = client_for(writer)
    assert edit(writer_client, article, body="<p>The <em>first</em> draft.</p>").status_code == 302
    assert edit(client_for(editor), article, status=Status.PUBLISHED).status_code == 302
    return article


def test_a_writer_sees_a_published_articles_old_version_read_only_and_why(published_by_writer, writer):
    first = Version.objects.get_for_object(published_by_writer).last()
    url = f"/admin/articles/article/{published_by_writer.pk}/history/{first.pk}/"
    client = client_for(writer)
    response = client.get(url)
    assert response.status_code == 200
    page = parse(response.content.decode())
    note = page.find("p", cls="locked-note")
    assert "shown read-only" in note.text()
    assert "This article is live, so only editors can change it." in note.text()
    # Nothing offers the restore the server refuses.
    assert page.find_all("input", name="_save") == []
    assert "Press the save button" not in response.content.decode()
    assert "An earlier version of Draft headline" in page.find("title").text()
    # And the server still refuses it.
    live_form = form_data(client.get(f"/admin/articles/article/{published_by_writer.pk}/change/"))
    assert client.post(url, live_form).status_code == 403


def test_an_editor_is_offered_the_restore(published_by_writer, editor):
    first = Version.objects.get_for_object(published_by_writer).last()
    url = f"/admin/articles/article/{published_by_writer.pk}/history/{first.pk}/"
    page = parse(client_for(editor).get(url).content.decode())
    assert page.find("p", cls="restore-note")
    assert page.find_all("input", name="_save")


def test_a_locked_article_says_who_can_change_it_and_shows_the_body_as_read(published_by_writer, writer):
    Article.objects.filter(pk=published_by_writer.pk).update(
        body='<p>The <em>first</em> draft.</p><p>Then <span class="spoiler">she wakes up</span>.</p>'
    )
    response = client_for(writer).get(f"/admin/articles/article/{published_by_writer.pk}/change/")
    page = parse(response.content.decode())
    assert "This article is live, so only editors can change it." in page.find("p", cls="locked-note").text()
    body = page.find("div", cls="field-body_as_read")
    assert body.find("em").text() == "first"
    assert "<p>" not in body.text()  # rendered, not shown as HTML source
    assert "she wakes up" in body.text()  # staff read inline spoilers openly
    assert page.find_all("input", name="_save") == []


def test_another_writers_draft_names_its_writer(writer):
    colleague = make_staff("Writers", first_name="Joon", last_name="Choi")
    article = make_article(author=colleague, status=Status.DRAFT, publish_at=None)
    # A newsroom reads each other's drafts (docs/newsroom.md): read-only, saying whose it is.
    response = client_for(writer).get(f"/admin/articles/article/{article.pk}/change/")
    assert response.status_code == 200
    page = parse(response.content.decode())
    assert "This is Joon Choi’s article" in page.find("p", cls="locked-note").text()
    assert page.find_all("input", name="_save") == []


def test_a_refused_save_says_once_which_files_to_choose_again_and_previews_none(editor):
    article = make_article(author=editor, headline="Stored headline")
    client = client_for(editor)
    data = form_data(client.get(f"/admin/articles/article/{article.pk}/change/"))
    data.update(
        {
            "headline": "A headline the editor typed",
            "images-TOTAL_FORMS": "1",
            "images-0-image": upload("finale-still.png", png_bytes(40, 30), "image/png"),
            "images-0-alt_text": "",  # refused: every picture needs alt text
            "images-0-caption": "",
            "images-0-credit": "tvN",
            "images-0-position": "0",
        }
    )
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 200
    page = parse(response.content.decode())
    messages = [li.text() for li in page.find("ul", cls="messagelist").find_all("li")]
    assert len([m for m in messages if "finale-still.png" in m]) == 1
    assert "choose it again" in messages[0]
    # No <img> for a file that was never stored (the browser would log a 404).
    preview = page.find("div", cls="field-preview")
    assert preview.find_all("img") == []
    assert "Not stored" in preview.text()
    # The page is titled by what is stored, not by the headline it refused.
    assert page.find("title").text().removeprefix("Error: ").startswith("Stored headline")
    assert "A headline the editor typed" not in page.find("h2").text()


def test_a_refused_video_address_is_never_a_link(editor):
    article = make_article(author=editor)
    client = client_for(editor)
    data = form_data(client.get(f"/admin/articles/article/{article.pk}/change/"))
    refused = "https://vimeo.com/76979871"
    data.update({"videos-TOTAL_FORMS": "1", "videos-0-url": refused, "videos-0-caption": "", "videos-0-position": "0"})
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 200
    page = parse(response.content.decode())
    assert page.find_all("a", href=refused) == []
    assert page.find("input", name="videos-0-url").attrs["value"] == refused  # kept to correct, not linked


def test_an_edit_conflict_is_titled_by_the_stored_headline(editor):
    article = make_article(author=editor, headline="What is stored")
    first, second = client_for(editor), client_for(make_staff("Editors"))
    _, mine = change_form(first, f"/admin/articles/article/{article.pk}/change/", "article_form")
    _, theirs = change_form(second, f"/admin/articles/article/{article.pk}/change/", "article_form")
    assert (
        first.post(f"/admin/articles/article/{article.pk}/change/", {**mine, "headline": "Saved first"}).status_code
        == 302
    )
    refused = second.post(f"/admin/articles/article/{article.pk}/change/", {**theirs, "headline": "Rejected"})
    page = parse(refused.content.decode())
    assert page.find("title").text().removeprefix("Error: ").startswith("Saved first")
    assert "Rejected" not in page.find("h2").text()
    assert KST_TIME.search(page.find("ul", cls="errorlist").text())


def test_history_reports_and_lists_write_times_one_way_with_the_zone(published_by_writer, editor):
    SpoilerReport.objects.create(article=published_by_writer, message="Episode 12 twist in the second paragraph")
    client = client_for(editor)
    for url in (
        f"/admin/articles/article/{published_by_writer.pk}/history/",
        "/admin/articles/spoilerreport/",
        "/admin/articles/article/",
        "/admin/articles/spoilermoderation/",
    ):
        text = parse(client.get(url).content.decode()).find("div", id="content").text()
        assert KST_TIME.search(text), url
        assert not DJANGO_DEFAULT_TIME.search(text), url


def test_a_report_leads_to_the_spoiler_form_and_back(published_by_writer):
    moderator = make_staff("Moderators")
    report = SpoilerReport.objects.create(article=published_by_writer, message="Names the killer")
    client = client_for(moderator)
    queue = parse(client.get("/admin/articles/spoilerreport/").content.decode())
    form_url = f"/admin/articles/spoilermoderation/{published_by_writer.pk}/change/"
    assert queue.find_all("a", href=form_url)
    form = parse(client.get(form_url).content.decode())
    back = f"/admin/articles/spoilerreport/?article__id__exact={published_by_writer.pk}&status__exact=open"
    link = form.find("a", href=back)
    assert link.text() == "Resolve them in the report queue"
    listed = client.get(back)
    assert listed.status_code == 200  # a declared filter: not refused with ?e=1
    report_url = f"/admin/articles/spoilerreport/{report.pk}/change/"
    links = [a.attrs["href"] for a in parse(listed.content.decode()).find_all("a") if "href" in a.attrs]
    assert any(href.split("?")[0] == report_url for href in links)


def test_the_moderation_list_puts_reported_articles_first(published_by_writer):
    quiet = make_article(headline="Nobody reported this")
    loud = make_article(headline="Readers reported this twice")
    for _ in range(2):
        SpoilerReport.objects.create(article=loud, message="Spoils the finale")
    SpoilerReport.objects.create(article=published_by_writer, message="Spoils episode 3")
    SpoilerReport.objects.create(article=quiet, message="Resolved already", status="resolved")
    page = parse(client_for(make_staff("Moderators")).get("/admin/articles/spoilermoderation/").content.decode())
    queue = page.find("section", cls="reported-queue")
    rows = [row.find("th").text() for row in queue.find("tbody").find_all("tr")]
    assert rows == ["Readers reported this twice", published_by_writer.headline]
    headers = [th.text() for th in page.find("table", id="result_list").find("thead").find_all("th")]
    assert headers.index("Open reports") == 2  # beside the headline (after the checkbox), never off to the right


def test_read_only_foreign_keys_link_only_where_the_user_may_go(published_by_writer, writer):
    page = parse(client_for(writer).get(f"/admin/articles/article/{published_by_writer.pk}/change/").content.decode())
    author = page.find("div", cls="field-author")
    assert author.find_all("a") == []  # writers cannot open accounts
    assert writer.get_username() in author.text()
    # A moderator's read-only spoiler-log entry names its article without linking to the article admin,
    # which moderators cannot open; an editor, who can, gets the link.
    published_by_writer.has_spoilers = True
    published_by_writer.save()
    change = SpoilerChange.objects.get(article=published_by_writer)
    article_url = f"/admin/articles/article/{published_by_writer.pk}/change/"
    for role, linked in (("Moderators", False), ("Editors", True)):
        response = client_for(make_staff(role)).get(f"/admin/articles/spoilerchange/{change.pk}/change/")
        assert response.status_code == 200
        field = parse(response.content.decode()).find("div", cls="field-article")
        assert published_by_writer.headline in field.text()
        assert bool(field.find_all("a", href=article_url)) is linked, role


def test_an_image_of_a_live_article_is_read_only_for_its_writer_and_says_why(published_by_writer, writer):
    image = make_article_image(published_by_writer)
    response = client_for(writer).get(f"/admin/articles/articleimage/{image.pk}/change/")
    assert response.status_code == 200
    page = parse(response.content.decode())
    assert page.find_all("input", name="_save") == []
    assert page.find("p", cls="locked-note")
