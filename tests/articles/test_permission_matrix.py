"""Who may do what in the newsroom admin, one real request per cell.

Seven kinds of visitor × twenty-five things to do. Every cell goes through the admin
as a browser would: the form is read from the page (as a superuser, so a
refused visitor can still send a complete, crafted POST) and posted back as the
visitor. Each cell asserts the response and, above all, what the database holds
afterwards: a refused request changes nothing.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from addresses.models import Redirect
from articles.models import Article, ArticleImage, Contributor, Correction, SpoilerReport
from pictures.models import Photo
from rehearsal.admin_forms import form_data, with_checkbox
from tests.factories import make_article, make_show, make_staff, make_user, png_bytes, upload

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "reader", "writer", "other_writer", "editor", "moderator", "superuser"]

ARTICLES = "/admin/articles/article/"
MODERATION = "/admin/articles/spoilermoderation/"
REPORTS = "/admin/articles/spoilerreport/"
REDIRECTS = "/admin/addresses/redirect/"
CONTRIBUTORS = "/admin/articles/contributor/"
PHOTOS = "/admin/pictures/photo/"

# What each visitor may do. Anything not listed is refused.
ALLOWED = {
    "view list": {"writer", "other_writer", "editor", "superuser"},
    "add": {"writer", "other_writer", "editor", "superuser"},
    "change own draft": {"writer", "other_writer", "editor", "superuser"},
    "change someone else's draft": {"editor", "superuser"},
    "change a published article": {"editor", "superuser"},
    "publish": {"editor", "superuser"},
    "schedule": {"editor", "superuser"},
    "unpublish": {"editor", "superuser"},
    "delete": {"editor", "superuser"},
    "toggle spoiler": {"editor", "moderator", "superuser"},
    "edit warning": {"editor", "moderator", "superuser"},
    "resolve report": {"editor", "moderator", "superuser"},
    "see redirects": {"editor", "superuser"},
    "add a redirect": {"editor", "superuser"},
    "remove a redirect": {"editor", "superuser"},
    "add a correction": {"editor", "superuser"},
    "set a live article's share title": {"editor", "superuser"},
    "name a co-author on own draft": {"writer", "other_writer", "editor", "superuser"},
    "add a guest contributor": {"writer", "other_writer", "editor", "superuser"},
    "remove a guest contributor": {"editor", "superuser"},
    "upload to the photo library": {"writer", "other_writer", "editor", "superuser"},
    "place a library photo in own draft": {"writer", "other_writer", "editor", "superuser"},
    "correct a library photo": {"editor", "superuser"},
    "replace a library photo's file": {"editor", "superuser"},
    "remove an unused library photo": {"editor", "superuser"},
}

# How a refusal looks. Logged-out visitors and readers are sent to the login
# page; staff without the right get 403, except where the admin answers a
# refused status with the form again (200, with an error) or the list ignores
# an action it does not offer them (writers have none: 200, the list again).
REFUSAL = {
    ("writer", "publish"): 200,
    ("other_writer", "publish"): 200,
    ("writer", "unpublish"): 200,
    ("other_writer", "unpublish"): 200,
    ("writer", "schedule"): 200,
    ("other_writer", "schedule"): 200,
}


@pytest.fixture
def newsroom():
    users = {
        "reader": make_user(),
        "writer": make_staff("Writers", first_name="Jamie", last_name="Park"),
        "other_writer": make_staff("Writers", first_name="Min", last_name="Seo"),
        "editor": make_staff("Editors", first_name="Han", last_name="Seo-yeon"),
        "moderator": make_staff("Moderators", first_name="Alex", last_name="Cho"),
        "superuser": make_user(is_staff=True, is_superuser=True),
    }
    return users


def client_for(actor, users):
    client = Client()
    if actor != "anonymous":
        client.force_login(users[actor])
    return client


def admin_client(users):
    client = Client()
    client.force_login(users["superuser"])
    return client


def draft_by(user):
    return make_article(author=user, status=Article.Status.DRAFT, publish_at=None, headline="Draft headline")


def own_author(actor, users):
    """Whose article counts as the visitor's own: their own if they are staff, else a writer's."""
    return users[actor] if actor in {"writer", "other_writer", "editor", "moderator", "superuser"} else users["writer"]


def someone_else(actor, users):
    return users["other_writer"] if actor == "writer" else users["writer"]


def assert_refused(response, actor, cell):
    if actor in {"anonymous", "reader"}:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    else:
        assert response.status_code == REFUSAL.get((actor, cell), 403)


def change_url(base, article):
    return f"{base}{article.pk}/change/"


def repost(actor, users, url, **changes):
    """Read the form as a superuser, change some values, post it as the visitor."""
    data = form_data(admin_client(users).get(url))
    for name, value in changes.items():
        if isinstance(value, bool):
            data = with_checkbox(data, name, value)
        else:
            data[name] = value
    return client_for(actor, users).post(url, data)


def action(actor, users, base, name, *objects, **extra):
    data = {"action": name, "_selected_action": [obj.pk for obj in objects], "index": 0, **extra}
    return client_for(actor, users).post(base, data)


# The cells -----------------------------------------------------------------------


def view_list(actor, users):
    make_article(author=users["writer"])
    response = client_for(actor, users).get(ARTICLES)
    allowed = actor in ALLOWED["view list"]
    if allowed:
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == 1
    return allowed, response


def add(actor, users):
    data = form_data(admin_client(users).get(f"{ARTICLES}add/"))
    author = own_author(actor, users)
    data.update(headline="Brand new", slug="brand-new", body="<p>News.</p>", author=str(author.pk), status="draft")
    response = client_for(actor, users).post(f"{ARTICLES}add/", data)
    created = Article.objects.filter(slug="brand-new").first()
    if created:
        assert created.author == author
    return created is not None, response


def change_own_draft(actor, users):
    article = draft_by(own_author(actor, users))
    response = repost(actor, users, change_url(ARTICLES, article), headline="Rewritten")
    article.refresh_from_db()
    return article.headline == "Rewritten", response


def change_others_draft(actor, users):
    article = draft_by(someone_else(actor, users))
    response = repost(actor, users, change_url(ARTICLES, article), headline="Rewritten")
    article.refresh_from_db()
    return article.headline == "Rewritten", response


def change_published(actor, users):
    article = make_article(author=own_author(actor, users), headline="Live headline")
    response = repost(actor, users, change_url(ARTICLES, article), headline="Rewritten")
    article.refresh_from_db()
    return article.headline == "Rewritten", response


def publish(actor, users):
    article = draft_by(users["writer"])
    response = action(actor, users, ARTICLES, "publish_now", article)
    article.refresh_from_db()
    return article.is_published, response


def schedule(actor, users):
    article = draft_by(own_author(actor, users))
    later = timezone.localtime(timezone.now() + dt.timedelta(days=2))
    response = repost(
        actor,
        users,
        change_url(ARTICLES, article),
        status="published",
        publish_at_0=later.strftime("%Y-%m-%d"),
        publish_at_1=later.strftime("%H:%M:%S"),
    )
    article.refresh_from_db()
    return article.is_scheduled, response


def unpublish(actor, users):
    article = make_article(author=users["writer"])
    response = action(actor, users, ARTICLES, "unpublish", article)
    article.refresh_from_db()
    return article.status == Article.Status.DRAFT, response


def delete(actor, users):
    article = draft_by(own_author(actor, users))
    response = client_for(actor, users).post(f"{ARTICLES}{article.pk}/delete/", {"post": "yes"})
    return not Article.objects.filter(pk=article.pk).exists(), response


def toggle_spoiler(actor, users):
    article = make_article(author=users["writer"], has_spoilers=False)
    response = repost(actor, users, change_url(MODERATION, article), has_spoilers=True)
    article.refresh_from_db()
    return article.has_spoilers, response


def edit_warning(actor, users):
    show = make_show(episode_count=16)
    article = make_article(author=users["writer"], has_spoilers=True, spoiler_show=show, spoiler_through_episode=4)
    response = repost(actor, users, change_url(MODERATION, article), spoiler_warning="Reveals the ep. 4 twist.")
    article.refresh_from_db()
    return article.spoiler_warning == "Reveals the ep. 4 twist.", response


def resolve_report(actor, users):
    report = SpoilerReport.objects.create(article=make_article(author=users["writer"]), message="Spoils ep. 3")
    response = action(actor, users, REPORTS, "resolve_reports", report)
    report.refresh_from_db()
    if report.status == SpoilerReport.Status.RESOLVED:
        assert report.resolved_by == users[actor]
    return report.status == SpoilerReport.Status.RESOLVED, response


def moved_article(users):
    article = make_article(author=users["writer"], slug="before")
    article.slug = "after"
    article.save()
    return article


def see_redirects(actor, users):
    moved_article(users)
    response = client_for(actor, users).get(REDIRECTS)
    return response.status_code == 200 and "/articles/before/" in response.text, response


def add_redirect(actor, users):
    moved_article(users)
    data = form_data(admin_client(users).get(f"{REDIRECTS}add/"))
    data.update(old_path="/articles/earlier/", new_path="/articles/after/")
    response = client_for(actor, users).post(f"{REDIRECTS}add/", data)
    return Redirect.objects.filter(old_path="/articles/earlier/").exists(), response


def remove_redirect(actor, users):
    moved_article(users)
    redirect = Redirect.objects.get()
    response = client_for(actor, users).post(f"{REDIRECTS}{redirect.pk}/delete/", {"post": "yes"})
    return not Redirect.objects.filter(pk=redirect.pk).exists(), response


def add_correction(actor, users):
    article = make_article(author=own_author(actor, users), headline="Live headline")
    url = change_url(ARTICLES, article)
    data = form_data(admin_client(users).get(url))
    now = timezone.localtime()
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text": "It aired on tvN.",
            "corrections-0-noted_at_0": now.strftime("%Y-%m-%d"),
            "corrections-0-noted_at_1": now.strftime("%H:%M:%S"),
        }
    )
    response = client_for(actor, users).post(url, data)
    return Correction.objects.filter(article=article).exists(), response


def set_share_title(actor, users):
    article = make_article(author=own_author(actor, users), headline="Live headline")
    response = repost(actor, users, change_url(ARTICLES, article), seo_title="Shorter for search")
    article.refresh_from_db()
    return article.seo_title == "Shorter for search", response


def name_co_author(actor, users):
    article = draft_by(own_author(actor, users))
    guest = Contributor.objects.create(name="Moon Ha Rin", slug="moon-ha-rin")
    url = change_url(ARTICLES, article)
    data = form_data(admin_client(users).get(url))
    data.update({"co_authors-TOTAL_FORMS": "1", "co_authors-0-position": "1", "co_authors-0-contributor": guest.pk})
    response = client_for(actor, users).post(url, data)
    return article.co_authors.filter(contributor=guest).exists(), response


def add_contributor(actor, users):
    data = {"name": "Kang Yu Na", "slug": "kang-yu-na", "bio": "", "url": ""}
    response = client_for(actor, users).post(f"{CONTRIBUTORS}add/", data)
    return Contributor.objects.filter(slug="kang-yu-na").exists(), response


def remove_contributor(actor, users):
    guest = Contributor.objects.create(name="Once", slug="once")
    response = client_for(actor, users).post(f"{CONTRIBUTORS}{guest.pk}/delete/", {"post": "yes"})
    return not Contributor.objects.filter(pk=guest.pk).exists(), response


def library_photo():
    return Photo.objects.create(file=upload("still.png", png_bytes(40, 30)), alt_text="A still", credit="tvN")


def upload_photo(actor, users):
    data = {"file": upload("new.png", png_bytes(40, 30), "image/png"), "alt_text": "New still", "credit": "JTBC"}
    response = client_for(actor, users).post(f"{PHOTOS}add/", data)
    return Photo.objects.filter(alt_text="New still").exists(), response


def place_photo(actor, users):
    article, photo = draft_by(own_author(actor, users)), library_photo()
    url = change_url(ARTICLES, article)
    data = form_data(admin_client(users).get(url))
    data.update({"images-TOTAL_FORMS": "1", "images-0-library_photo": photo.pk, "images-0-position": "0"})
    response = client_for(actor, users).post(url, data)
    return ArticleImage.objects.filter(article=article, library_photo=photo).exists(), response


def correct_photo(actor, users):
    photo = library_photo()
    response = repost(actor, users, change_url(PHOTOS, photo), credit="tvN / Studio Dragon")
    photo.refresh_from_db()
    return photo.credit == "tvN / Studio Dragon", response


def replace_photo_file(actor, users):
    photo = library_photo()
    before = photo.file.name
    response = repost(actor, users, change_url(PHOTOS, photo), file=upload("other.png", png_bytes(50, 30), "image/png"))
    photo.refresh_from_db()
    return photo.file.name != before, response


def remove_photo(actor, users):
    photo = library_photo()
    response = client_for(actor, users).post(f"{PHOTOS}{photo.pk}/delete/", {"post": "yes"})
    return not Photo.objects.filter(pk=photo.pk).exists(), response


CELLS = {
    "view list": view_list,
    "add": add,
    "change own draft": change_own_draft,
    "change someone else's draft": change_others_draft,
    "change a published article": change_published,
    "publish": publish,
    "schedule": schedule,
    "unpublish": unpublish,
    "delete": delete,
    "toggle spoiler": toggle_spoiler,
    "edit warning": edit_warning,
    "resolve report": resolve_report,
    "see redirects": see_redirects,
    "add a redirect": add_redirect,
    "remove a redirect": remove_redirect,
    "add a correction": add_correction,
    "set a live article's share title": set_share_title,
    "name a co-author on own draft": name_co_author,
    "add a guest contributor": add_contributor,
    "remove a guest contributor": remove_contributor,
    "upload to the photo library": upload_photo,
    "place a library photo in own draft": place_photo,
    "correct a library photo": correct_photo,
    "replace a library photo's file": replace_photo_file,
    "remove an unused library photo": remove_photo,
}


@pytest.mark.parametrize("cell", list(CELLS))
@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix(newsroom, actor, cell):
    """Each visitor can do exactly what their role allows, and a refused request changes nothing."""
    done, response = CELLS[cell](actor, newsroom)
    if actor in ALLOWED[cell]:
        assert done, f"{actor} should be able to {cell} (got {response.status_code})"
        assert response.status_code in {200, 302}
        if cell not in {"view list", "see redirects"}:
            assert response.status_code == 302, "a successful admin POST redirects"
    else:
        assert not done, f"{actor} must not be able to {cell}"
        assert_refused(response, actor, cell)


# Crafted POSTs: fields outside the role -------------------------------------------


def snapshot(article):
    article.refresh_from_db()
    return {
        field: getattr(article, field)
        for field in (
            *("headline", "body", "dek", "status", "publish_at", "author_id", "slug", "section"),
            *("seo_title", "meta_description"),
        )
    }


def test_moderator_posting_article_fields_to_the_moderation_screen_changes_only_the_spoiler_marking(newsroom):
    """Headline, body, status and author sent to the moderation form are ignored; the spoiler change lands."""
    article = draft_by(newsroom["writer"])
    before = snapshot(article)
    url = change_url(MODERATION, article)
    data = with_checkbox(form_data(admin_client(newsroom).get(url)), "has_spoilers", True)
    data.update(
        headline="Hacked",
        body="<p>Hacked</p>",
        dek="Hacked",
        status="published",
        publish_at_0="2020-01-01",
        publish_at_1="00:00:00",
        author=newsroom["moderator"].pk,
        slug="hacked",
        seo_title="Hacked",
        meta_description="Hacked",
    )
    response = client_for("moderator", newsroom).post(url, data)
    assert response.status_code == 302
    assert snapshot(article) == before
    assert article.has_spoilers is True


@pytest.mark.parametrize("path", ["change", "delete", "history", "add"])
def test_moderator_cannot_open_or_post_to_the_article_admin(newsroom, path):
    """The plain article admin is closed to moderators: 403 for reading and for crafted posts."""
    article = make_article(author=newsroom["writer"])
    before = snapshot(article)
    url = f"{ARTICLES}add/" if path == "add" else f"{ARTICLES}{article.pk}/{path}/"
    client = client_for("moderator", newsroom)
    assert client.get(url).status_code == 403
    response = client.post(url, {"headline": "Hacked", "body": "<p>x</p>", "status": "draft", "post": "yes"})
    assert response.status_code == 403
    assert snapshot(article) == before
    assert Article.objects.count() == 1


def test_writer_cannot_publish_own_draft_with_a_crafted_status(newsroom):
    """status=published is not a writer's choice: the form says so and the draft stays a draft."""
    article = draft_by(newsroom["writer"])
    response = repost("writer", newsroom, change_url(ARTICLES, article), status="published")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "status" in errors
    assert snapshot(article)["status"] == Article.Status.DRAFT


def test_writer_can_send_own_draft_for_review_and_take_it_back(newsroom):
    """Draft → in review → draft is the writer's own decision."""
    article = draft_by(newsroom["writer"])
    assert repost("writer", newsroom, change_url(ARTICLES, article), status="review").status_code == 302
    assert snapshot(article)["status"] == Article.Status.IN_REVIEW
    assert repost("writer", newsroom, change_url(ARTICLES, article), status="draft").status_code == 302
    assert snapshot(article)["status"] == Article.Status.DRAFT


def test_writer_cannot_set_a_publish_time_or_someone_elses_byline(newsroom):
    """The publish time is read-only for writers and the byline offers only themselves."""
    article = draft_by(newsroom["writer"])
    before = snapshot(article)
    url = change_url(ARTICLES, article)
    response = repost("writer", newsroom, url, publish_at_0="2030-01-01", publish_at_1="09:00:00")
    assert response.status_code == 302
    assert snapshot(article) == before
    response = repost("writer", newsroom, url, author=str(newsroom["other_writer"].pk))
    assert response.status_code == 200
    assert "author" in response.context["adminform"].form.errors
    assert snapshot(article) == before


def test_writer_cannot_change_own_article_once_it_is_in_the_editors_hands_and_published(newsroom):
    """Their own published article is read-only to a writer: the page shows it, a post is refused."""
    article = make_article(author=newsroom["writer"])
    before = snapshot(article)
    client = client_for("writer", newsroom)
    page = client.get(change_url(ARTICLES, article))
    assert page.status_code == 200
    assert "headline" not in page.context["adminform"].form.fields
    response = repost("writer", newsroom, change_url(ARTICLES, article), status="draft", headline="Rewritten")
    assert response.status_code == 403
    assert snapshot(article) == before


def test_writer_cannot_touch_media_of_someone_elses_article(newsroom, media_root):
    """A writer's rights over images, quotes and videos follow the article they belong to."""
    from articles.models import PullQuote

    article = draft_by(newsroom["other_writer"])
    quote = PullQuote.objects.create(article=article, text="Original", attribution="tvN")
    client = client_for("writer", newsroom)
    url = f"/admin/articles/pullquote/{quote.pk}/"
    hacked = {"article": article.pk, "text": "Hacked", "attribution": "x", "position": 0}
    response = client.post(f"{url}change/", hacked)
    assert response.status_code == 403
    assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    quote.refresh_from_db()
    assert quote.text == "Original"
    # Nor attach new media to it.
    response = client.post(
        "/admin/articles/pullquote/add/", {"article": article.pk, "text": "New", "attribution": "x", "position": 0}
    )
    assert response.status_code == 200
    assert "article" in response.context["adminform"].form.errors
    assert article.quotes.count() == 1


def test_writer_cannot_add_inline_media_to_someone_elses_draft(newsroom):
    """Inline rows posted with someone else's article are refused with the rest of the form."""
    article = draft_by(newsroom["other_writer"])
    url = change_url(ARTICLES, article)
    data = form_data(admin_client(newsroom).get(url))
    data.update(
        {
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-text": "Sneaked in",
            "quotes-0-attribution": "x",
            "quotes-0-position": "0",
        }
    )
    assert client_for("writer", newsroom).post(url, data).status_code == 403
    assert article.quotes.count() == 0


def test_moderator_never_sees_the_body_of_an_unpublished_article(newsroom):
    """The moderation page of a draft names it but does not show its text; a live one shows it."""
    secret = "The twist is that the butler did it."
    draft = make_article(
        author=newsroom["writer"], status=Article.Status.DRAFT, publish_at=None, body=f"<p>{secret}</p>"
    )
    scheduled = make_article(
        author=newsroom["writer"], publish_at=timezone.now() + dt.timedelta(days=1), body=f"<p>{secret}</p>"
    )
    live = make_article(author=newsroom["writer"], body="<p>Everyone can read this.</p>")
    client = client_for("moderator", newsroom)
    for article in (draft, scheduled):
        page = client.get(change_url(MODERATION, article)).content.decode()
        assert article.headline in page
        assert "butler" not in page
        assert "Not shown: this article is not published yet." in page
    assert "Everyone can read this." in client.get(change_url(MODERATION, live)).content.decode()
    assert "butler" not in client.get(MODERATION).content.decode()
    # Nor through the staff preview of unpublished articles.
    for article in (draft, scheduled):
        response = client.get(f"/articles/preview/{article.pk}/")
        assert response.status_code == 404
        assert "butler" not in response.content.decode()


def test_moderation_screen_cannot_add_or_delete(newsroom):
    """No add page, no delete page and no delete action on the moderation screen, for anyone."""
    article = make_article(author=newsroom["writer"])
    for actor in ("moderator", "editor", "superuser"):
        client = client_for(actor, newsroom)
        assert client.get(f"{MODERATION}add/").status_code == 403
        assert client.post(f"{MODERATION}{article.pk}/delete/", {"post": "yes"}).status_code == 403
        actions = {name for name, _ in client.get(MODERATION).context["action_form"].fields["action"].choices}
        assert "delete_selected" not in actions
    assert Article.objects.filter(pk=article.pk).exists()


def test_byline_autocomplete_offers_active_staff_to_editors_only(newsroom):
    """Editors search bylines by name among staff; readers' accounts never appear; writers get 403."""
    url = "/admin/autocomplete/?app_label=articles&model_name=article&field_name=author&term="
    response = client_for("editor", newsroom).get(url)
    assert response.status_code == 200
    ids = {int(row["id"]) for row in response.json()["results"]}
    assert newsroom["writer"].pk in ids
    assert newsroom["reader"].pk not in ids
    assert client_for("writer", newsroom).get(url).status_code == 403
    assert client_for("moderator", newsroom).get(url).status_code == 403
    # The byline lookup opens nothing else: the user list stays closed to editors.
    assert client_for("editor", newsroom).get("/admin/auth/user/").status_code == 403


def test_the_byline_lookup_searches_names_never_e_mail_addresses(newsroom):
    """An editor finds a byline by name or username, but cannot probe staff e-mail addresses through the box."""
    writer = newsroom["writer"]
    writer.email = "jamie.secret-handle@newsroom.example"
    writer.save()
    url = "/admin/autocomplete/?app_label=articles&model_name=article&field_name=author&term="
    editor = client_for("editor", newsroom)

    def found(term):
        return {int(row["id"]) for row in editor.get(url + term).json()["results"]}

    assert writer.pk in found("Jamie")
    assert writer.pk in found(writer.username)
    assert writer.pk not in found("secret-handle")
    assert writer.pk not in found("newsroom.example")
