"""Co-bylines: several authors in order, staff or guests without a login, everywhere an article is signed."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleCoAuthor, Contributor
from rehearsal.admin_forms import change_form
from rehearsal.html import parse
from tests.factories import make_article, make_staff, staff_client

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def with_co_authors(data, *rows):
    """The change form's data with these co-author rows (dicts of field -> value) in its inline."""
    data = {key: value for key, value in data.items() if not key.startswith("co_authors-")}
    data.update({"co_authors-TOTAL_FORMS": str(len(rows)), "co_authors-INITIAL_FORMS": "0"})
    data.update({"co_authors-MIN_NUM_FORMS": "0", "co_authors-MAX_NUM_FORMS": "1000"})
    for index, row in enumerate(rows):
        data.update({f"co_authors-{index}-{field}": str(value) for field, value in row.items()})
    return data


def errors_on(response):
    tree = parse(response.content.decode())
    return " ".join(n.text() for n in tree.find_all("ul", cls="errorlist"))


def news_article(page):
    for script in parse(page).find_all("script", type="application/ld+json"):
        data = json.loads(script.text())
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle")


@pytest.fixture
def newsroom():
    return {
        "author": make_staff("Writers", username="jamie", first_name="Jamie", last_name="Park"),
        "colleague": make_staff("Writers", username="minseo", first_name="Min", last_name="Seo"),
        "guest": Contributor.objects.create(name="Moon Ha Rin", slug="moon-ha-rin", bio="Freelance critic in Busan."),
    }


def test_an_editor_adds_co_authors_and_every_surface_signs_with_all_of_them_in_order(newsroom):
    article = make_article(author=newsroom["author"], headline="Byeon Woo Seok's year", slug="bws-year")
    editor = staff_client("Editors")
    _, data = change_form(editor, url(article), "article_form")
    data = with_co_authors(
        data,
        {"position": 1, "contributor": newsroom["guest"].pk},
        {"position": 2, "staff": newsroom["colleague"].pk},
    )
    assert editor.post(url(article), data).status_code == 302

    reader = Client()
    page = reader.get(article.get_absolute_url()).content.decode()
    byline = parse(page).find("p", cls="byline")
    links = [(a.text(), a.attrs["href"]) for a in byline.find_all("a")]
    assert links == [
        ("Jamie Park", "/authors/jamie/"),
        ("Moon Ha Rin", "/contributors/moon-ha-rin/"),
        ("Min Seo", "/authors/minseo/"),
    ]
    assert byline.text().startswith("By Jamie Park, Moon Ha Rin and Min Seo")
    assert [(p["@type"], p["name"]) for p in news_article(page)["author"]] == [
        ("Person", "Jamie Park"),
        ("Person", "Moon Ha Rin"),
        ("Person", "Min Seo"),
    ]
    assert news_article(page)["author"][1]["url"] == "http://testserver/contributors/moon-ha-rin/"

    rss = ET.fromstring(reader.get("/feed/").content)
    [item] = rss.iter("item")
    assert [c.text for c in item.findall(f"{DC}creator")] == ["Jamie Park", "Moon Ha Rin", "Min Seo"]
    atom = ET.fromstring(reader.get("/feed/atom/").content)
    [entry] = atom.iter(f"{ATOM}entry")
    assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == [
        "Jamie Park",
        "Moon Ha Rin",
        "Min Seo",
    ]
    # Cards sign with every name too.
    assert "Jamie Park, Moon Ha Rin and Min Seo" in reader.get("/section/news/").content.decode()

    # Every author's page and feed lists it.
    for path in ["/authors/jamie/", "/authors/minseo/", "/contributors/moon-ha-rin/"]:
        assert "bws-year" in reader.get(path).content.decode(), path
        assert "bws-year" in reader.get(f"{path}feed/").content.decode(), path
        assert "bws-year" in reader.get(f"{path}feed/atom/").content.decode(), path
    guest_page = parse(reader.get("/contributors/moon-ha-rin/").content.decode())
    assert "Freelance critic in Busan." in guest_page.find("header", cls="listing-header").text()


def test_a_guests_page_waits_for_a_live_article(newsroom):
    draft = make_article(author=newsroom["author"], status=Article.Status.DRAFT, publish_at=None, slug="unseen")
    ArticleCoAuthor.objects.create(article=draft, contributor=newsroom["guest"])
    for path in ["/contributors/moon-ha-rin/", "/contributors/moon-ha-rin/feed/", "/contributors/nobody/"]:
        assert Client().get(path).status_code == 404, path
    assert Client().get("/authors/minseo/").status_code == 404


def test_a_staff_co_author_keeps_a_writers_rights_over_the_article(newsroom):
    draft = make_article(author=newsroom["author"], status=Article.Status.DRAFT, publish_at=None, headline="Draft")
    ArticleCoAuthor.objects.create(article=draft, staff=newsroom["colleague"])
    colleague = Client()
    colleague.force_login(newsroom["colleague"])
    _, data = change_form(colleague, url(draft), "article_form")
    data["headline"] = "Written together"
    assert colleague.post(url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Written together"
    # A writer outside the byline is refused, as for any writer's draft.
    outsider = staff_client("Writers")
    assert outsider.get(url(draft)).status_code == 403 or "only they" in outsider.get(url(draft)).content.decode()
    assert outsider.post(url(draft), {**data, "headline": "Taken over"}).status_code == 403
    draft.refresh_from_db()
    assert draft.headline == "Written together"
    # Once it is live, it is the editors' again, for co-authors as for the author.
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED)
    assert colleague.post(url(draft), {**data, "headline": "Late change"}).status_code == 403


def test_a_writer_names_a_guest_on_their_own_draft(newsroom):
    writer = Client()
    writer.force_login(newsroom["author"])
    draft = make_article(author=newsroom["author"], status=Article.Status.DRAFT, publish_at=None)
    _, data = change_form(writer, url(draft), "article_form")
    data = with_co_authors(data, {"position": 1, "contributor": newsroom["guest"].pk})
    assert writer.post(url(draft), data).status_code == 302
    assert list(draft.co_authors.values_list("contributor__name", flat=True)) == ["Moon Ha Rin"]
    # And adds a new guest contributor.
    response = writer.post(
        "/admin/articles/contributor/add/", {"name": "Kang Yu Na", "slug": "kang-yu-na", "bio": "", "url": ""}
    )
    assert response.status_code == 302 and Contributor.objects.filter(slug="kang-yu-na").exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"position": 3}], "Choose a staff member or a guest contributor."),
        ([{"position": 1, "staff": "colleague", "contributor": "guest"}], "a guest contributor, not both."),
        ([{"position": 1, "staff": "author"}], "They are the article's author already."),
        ([{"position": 1, "staff": "colleague"}, {"position": 2, "staff": "colleague"}], "already in the byline"),
        ([{"position": 1, "contributor": "guest"}, {"position": 2, "contributor": "guest"}], "already in the byline"),
    ],
    ids=["nobody", "both", "the author again", "a colleague twice", "a guest twice"],
)
def test_a_bad_byline_is_refused_on_the_form_and_nothing_is_saved(newsroom, rows, message):
    article = make_article(author=newsroom["author"], headline="Kept")
    editor = staff_client("Editors")
    _, data = change_form(editor, url(article), "article_form")
    data["headline"] = "Changed"
    rows = [{field: newsroom[v].pk if field != "position" else v for field, v in row.items()} for row in rows]
    response = editor.post(url(article), with_co_authors(data, *rows))
    assert response.status_code == 200
    assert message in errors_on(response), errors_on(response)
    article.refresh_from_db()
    assert article.headline == "Kept" and not article.co_authors.exists()


def test_a_guest_in_a_byline_cannot_be_removed_and_writers_remove_none(newsroom):
    article = make_article(author=newsroom["author"], headline="Signed by a guest")
    ArticleCoAuthor.objects.create(article=article, contributor=newsroom["guest"])
    delete = f"/admin/articles/contributor/{newsroom['guest'].pk}/delete/"
    editor = staff_client("Editors")
    page = editor.get(delete).content.decode()
    assert "Moon Ha Rin, in the byline of “Signed by a guest”" in page
    editor.post(delete, {"post": "yes"})
    assert Contributor.objects.filter(pk=newsroom["guest"].pk).exists()
    unused = Contributor.objects.create(name="Once", slug="once")
    writer = staff_client("Writers")
    assert writer.post(f"/admin/articles/contributor/{unused.pk}/delete/", {"post": "yes"}).status_code == 403
    assert editor.post(f"/admin/articles/contributor/{unused.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Contributor.objects.filter(pk=unused.pk).exists()


def test_moderators_never_see_bylines_or_guests(newsroom):
    moderator = staff_client("Moderators")
    assert moderator.get("/admin/articles/contributor/").status_code == 403
    assert moderator.get("/admin/articles/articlecoauthor/").status_code in {403, 404}


def test_a_guest_website_that_is_not_a_web_address_is_never_linked(newsroom):
    article = make_article(author=newsroom["author"])
    ArticleCoAuthor.objects.create(article=article, contributor=newsroom["guest"])
    Contributor.objects.filter(pk=newsroom["guest"].pk).update(url="javascript:alert(1)")
    assert "javascript:" not in Client().get("/contributors/moon-ha-rin/").content.decode()
    Contributor.objects.filter(pk=newsroom["guest"].pk).update(url="https://example.org/moon")
    assert 'href="https://example.org/moon"' in Client().get("/contributors/moon-ha-rin/").content.decode()


def test_the_demo_has_a_co_authored_story_with_a_guest():
    call_command("load_demo", verbosity=0)
    article = Article.objects.get(slug="byeon-woo-seok-rise")
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "By Jamie Park and Moon Ha Rin" in " ".join(parse(page).find("p", cls="byline").text().split())
    assert Client().get("/contributors/moon-ha-rin/").status_code == 200


def test_the_admin_list_shows_whole_bylines_and_finds_articles_by_a_co_authors_name(newsroom):
    signed = make_article(author=newsroom["author"], headline="Signed by a guest")
    ArticleCoAuthor.objects.create(article=signed, contributor=newsroom["guest"])
    make_article(author=newsroom["author"], headline="Alone")
    editor = staff_client("Editors")
    listing = parse(editor.get("/admin/articles/article/").content.decode())
    rows = {row.find("th").text(): row.text() for row in listing.find("table", id="result_list").find_all("tr")[1:]}
    assert "Jamie Park and Moon Ha Rin" in rows["Signed by a guest"]
    found = editor.get("/admin/articles/article/?q=Moon+Ha+Rin").content.decode()
    assert "Signed by a guest" in found and "Alone" not in found


def test_an_author_feed_asks_for_what_they_co_wrote_once(newsroom):
    article = make_article(author=newsroom["author"], slug="signed-together")
    ArticleCoAuthor.objects.create(article=article, staff=newsroom["colleague"])
    with CaptureQueriesContext(connection) as queries:
        feed = Client().get("/authors/minseo/feed/")
    assert b"signed-together" in feed.content
    # The lookup of their co-written articles' ids (cards read names through a subquery of their own).
    co_written = [q["sql"] for q in queries if q["sql"].startswith('SELECT "articles_articlecoauthor"."article_id"')]
    assert len(co_written) == 1, co_written


def test_a_name_in_the_byline_is_text_never_markup(newsroom):
    article = make_article(author=newsroom["author"])
    guest = Contributor.objects.create(name='<script>alert(1)</script>"', slug="hostile")
    ArticleCoAuthor.objects.create(article=article, contributor=guest)
    page = Client().get(article.get_absolute_url()).content.decode()
    byline = parse(page).find("p", cls="byline")
    assert [a.text() for a in byline.find_all("a")] == ["Jamie Park", '<script>alert(1)</script>"']
    assert "<script>alert(1)" not in page
