"""History: earlier versions of an article are listed, shown and restored through the admin."""

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from reversion.models import Version

from articles.admin import ArticleAdmin
from articles.models import Article, Contributor, PullQuote
from rehearsal.admin_forms import change_form
from shows.models import Show
from tests.factories import make_article, make_person, make_show, make_user, staff_client

pytestmark = pytest.mark.django_db


def url(article, rest="change/"):
    return f"/admin/articles/article/{article.pk}/{rest}"


def save_through_admin(client, article, **changes):
    _, data = change_form(client, url(article), "article_form")
    data.update(changes)
    response = client.post(url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def versions(article):
    """The article's stored versions, oldest first."""
    return list(Version.objects.get_for_object(article).order_by("pk"))


@pytest.fixture
def edited_article():
    """An article saved twice by an editor: version 1 says "First take", version 2 "Second take"."""
    editor = staff_client("Editors")
    article = make_article(headline="Unsaved", author=make_user(is_staff=True))
    PullQuote.objects.create(article=article, text="Kept words", attribution="tvN")
    save_through_admin(editor, article, headline="First take")
    save_through_admin(editor, article, headline="Second take", **{"quotes-0-DELETE": "on"})
    return article


def test_history_lists_every_admin_save_with_its_author(edited_article):
    """The history page shows one entry per save, each linking to that version."""
    response = staff_client("Editors").get(url(edited_article, "history/"))
    assert response.status_code == 200
    first, second = versions(edited_article)
    page = response.content.decode()
    assert url(edited_article, f"history/{first.pk}/") in page
    assert url(edited_article, f"history/{second.pk}/") in page


def test_restoring_an_earlier_version_brings_back_its_text_and_inlines(edited_article):
    """Opening version 1 shows its headline; saving it restores the headline and the deleted quote."""
    client = staff_client("Editors")
    first, _ = versions(edited_article)
    revision_url = url(edited_article, f"history/{first.pk}/")
    response, data = change_form(client, revision_url, "article_form")
    assert response.context["adminform"].form["headline"].value() == "First take"
    # Looking changes nothing.
    assert Article.objects.get(pk=edited_article.pk).headline == "Second take"

    assert client.post(revision_url, data).status_code == 302
    edited_article.refresh_from_db()
    assert edited_article.headline == "First take"
    assert list(edited_article.quotes.values_list("text", flat=True)) == ["Kept words"]
    # The restore is itself a new version, and the article can be edited normally afterwards.
    assert len(versions(edited_article)) == 3
    save_through_admin(client, edited_article, headline="Third take")


def test_a_restore_passes_through_the_sanitiser(edited_article):
    """A version whose stored body carries script is clean once restored."""
    first, _ = versions(edited_article)
    data = json.loads(first.serialized_data)
    data[0]["fields"]["body"] = (
        "<p>Safe words</p><script>alert(1)</script>"
        '<p><img src=x onerror="alert(2)"><a href="javascript:alert(3)">link</a></p>'
    )
    first.serialized_data = json.dumps(data)
    first.save()

    client = staff_client("Editors")
    revision_url = url(edited_article, f"history/{first.pk}/")
    response, form = change_form(client, revision_url, "article_form")
    assert "<script>alert(1)</script>" not in response.content.decode()  # escaped inside the textarea
    assert client.post(revision_url, form).status_code == 302

    body = Article.objects.get(pk=edited_article.pk).body
    assert "Safe words" in body
    for payload in ("<script", "alert(1)", "onerror", "<img", "javascript:"):
        assert payload not in body

    # Reverting outside the form (reversion's raw save) is sanitised too.
    first.revision.revert()
    body = Article.objects.get(pk=edited_article.pk).body
    assert "Safe words" in body and "<script" not in body and "onerror" not in body and "javascript:" not in body


def test_restore_needs_change_permission(edited_article):
    """A moderator may look at history but cannot restore; a crafted POST changes nothing."""
    first, _ = versions(edited_article)
    moderator = staff_client("Moderators")
    revision_url = url(edited_article, f"history/{first.pk}/")
    _, data = change_form(staff_client("Editors"), revision_url, "article_form")
    assert moderator.post(revision_url, data).status_code == 403
    assert Article.objects.get(pk=edited_article.pk).headline == "Second take"
    assert Client().post(revision_url, data).status_code == 302  # anonymous: to the login page
    assert Article.objects.get(pk=edited_article.pk).headline == "Second take"


def test_restore_checks_rights_on_the_live_article_not_the_restored_one(edited_article, monkeypatch):
    """Rights that depend on the row are judged on the article as it is now.

    A stand-in for the row-level rule (a writer may not touch a published
    article) proves that restoring an old draft cannot be used to regain it.
    """
    first, _ = versions(edited_article)
    data = json.loads(first.serialized_data)
    data[0]["fields"]["status"] = Article.Status.DRAFT
    first.serialized_data = json.dumps(data)
    first.save()
    Article.objects.filter(pk=edited_article.pk).update(status=Article.Status.PUBLISHED)

    def only_unpublished(self, request, obj=None):
        return obj is None or obj.status != Article.Status.PUBLISHED

    monkeypatch.setattr(ArticleAdmin, "has_change_permission", only_unpublished)
    client = staff_client("Editors")
    revision_url = url(edited_article, f"history/{first.pk}/")
    response = client.post(revision_url, {"headline": "Regained", "status": "draft"})
    assert response.status_code == 403
    live = Article.objects.get(pk=edited_article.pk)
    assert (live.headline, live.status) == ("Second take", Article.Status.PUBLISHED)


def test_another_models_version_cannot_be_restored_through_the_article_admin(edited_article):
    """A version id of a show with the same id is not found under the article's history."""
    editor = staff_client("Editors")
    show = make_show(title="Untouched")
    while show.pk != edited_article.pk:  # same primary key, different model
        show = make_show(title="Untouched")
    _, data = change_form(editor, f"/admin/shows/show/{show.pk}/change/", "show_form")
    data["title"] = "Saved once"
    assert editor.post(f"/admin/shows/show/{show.pk}/change/", data).status_code == 302
    show_version = Version.objects.get_for_object(show).first()
    response = editor.post(url(edited_article, f"history/{show_version.pk}/"), data)
    assert response.status_code == 404
    assert Show.objects.get(pk=show.pk).title == "Saved once"


def test_a_restore_is_refused_when_someone_saved_since_it_was_opened(edited_article):
    """The restore form is locked against the live article like any change form."""
    first, _ = versions(edited_article)
    restorer, other = staff_client("Editors"), staff_client("Editors")
    revision_url = url(edited_article, f"history/{first.pk}/")
    response, data = change_form(restorer, revision_url, "article_form")
    save_through_admin(other, edited_article, headline="Saved meanwhile")
    refused = restorer.post(revision_url, data)
    assert refused.status_code == 200
    assert "Someone else saved this article at" in refused.content.decode()
    assert Article.objects.get(pk=edited_article.pk).headline == "Saved meanwhile"
    # Reopened, the restore goes through.
    _, data = change_form(restorer, revision_url, "article_form")
    assert restorer.post(revision_url, data).status_code == 302
    assert Article.objects.get(pk=edited_article.pk).headline == "First take"


def test_deleted_articles_are_listed_and_recovered_only_by_those_who_may_delete(edited_article):
    """Editors can bring back a deleted article; writers cannot even list deleted ones."""
    editor, writer = staff_client("Editors"), staff_client("Writers")
    pk = edited_article.pk
    assert editor.post(url(edited_article, "delete/"), {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=pk).exists()
    latest = versions(edited_article)[-1]

    assert writer.get("/admin/articles/article/recover/").status_code == 403
    assert writer.get(f"/admin/articles/article/recover/{latest.pk}/").status_code == 403
    listing = editor.get("/admin/articles/article/recover/")
    assert listing.status_code == 200 and "Second take" in listing.content.decode()

    recover_url = f"/admin/articles/article/recover/{latest.pk}/"
    _, data = change_form(editor, recover_url, "article_form")
    assert editor.post(recover_url, data).status_code == 302
    assert Article.objects.get(pk=pk).headline == "Second take"


def test_a_show_version_is_not_recovered_through_the_article_admin():
    editor = staff_client("Editors")
    show = make_show(title="Kept")
    _, data = change_form(editor, f"/admin/shows/show/{show.pk}/change/", "show_form")
    assert editor.post(f"/admin/shows/show/{show.pk}/change/", data).status_code == 302
    show_version = Version.objects.get_for_object(show).first()
    assert editor.get(f"/admin/articles/article/recover/{show_version.pk}/").status_code == 404


def test_a_writer_restores_their_own_draft_but_not_once_it_is_published():
    """With the newsroom's real roles: a writer may restore an older version of their own draft,
    and may not restore anything once an editor has published the article."""
    writer_user = make_user(is_staff=True, first_name="Jamie", last_name="Park")
    writer_user.groups.add(Group.objects.get(name="Writers"))
    writer = Client()
    writer.force_login(writer_user)
    article = make_article(headline="Draft one", author=writer_user, status=Article.Status.DRAFT, publish_at=None)
    save_through_admin(writer, article, headline="Draft two")
    save_through_admin(writer, article, headline="Draft three")
    first = versions(article)[0]
    revision_url = url(article, f"history/{first.pk}/")

    _, data = change_form(writer, revision_url, "article_form")
    assert writer.post(revision_url, data).status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Draft two"

    editor = staff_client("Editors")
    save_through_admin(editor, article, headline="Published headline", status="published")
    _, data = change_form(editor, revision_url, "article_form")
    assert writer.post(revision_url, data).status_code == 403
    live = Article.objects.get(pk=article.pk)
    assert (live.headline, live.status) == ("Published headline", Article.Status.PUBLISHED)


def test_a_restore_changes_only_its_own_article_not_others_saved_in_the_same_batch():
    """A bulk action or the demo load saves many articles in one revision; restoring one leaves the rest alone."""
    import reversion

    author = make_user(is_staff=True)
    one = make_article(headline="One, as it was", author=author)
    other = make_article(headline="Other, as it was", author=author)
    PullQuote.objects.create(article=other, text="Other's quote", attribution="Someone", position=1)
    with reversion.create_revision():
        reversion.add_to_revision(one)
        reversion.add_to_revision(other)
        for quote in other.quotes.all():
            reversion.add_to_revision(quote)
    Article.objects.filter(pk=one.pk).update(headline="One, edited")
    Article.objects.filter(pk=other.pk).update(headline="Other, edited")
    other.quotes.all().delete()

    client = staff_client("Editors")
    shared = Version.objects.get_for_object(one).get()
    revision_url = url(one, f"history/{shared.pk}/")
    _, data = change_form(client, revision_url, "article_form")
    assert client.post(revision_url, data).status_code == 302

    assert Article.objects.get(pk=one.pk).headline == "One, as it was"
    assert Article.objects.get(pk=other.pk).headline == "Other, edited"
    assert not PullQuote.objects.filter(article=other).exists()


def test_a_restore_that_changes_the_spoiler_marking_is_in_the_spoiler_log(edited_article):
    from articles.models import SpoilerChange

    first, _ = versions(edited_article)
    show = make_show(title="Queen of Tears", episode_count=16)
    Article.objects.filter(pk=edited_article.pk).update(has_spoilers=True, spoiler_show=show, spoiler_through_episode=8)
    SpoilerChange.objects.all().delete()
    client = staff_client("Editors")
    revision_url = url(edited_article, f"history/{first.pk}/")
    _, data = change_form(client, revision_url, "article_form")
    assert client.post(revision_url, data).status_code == 302
    change = SpoilerChange.objects.get(article=edited_article)
    assert change.source == "history restore"
    assert change.before["has_spoilers"] is True and change.after["has_spoilers"] is False


def test_restoring_a_version_brings_back_its_shows_and_people():
    """Shows and people are part of a version: restored with it, the article is back on their pages."""
    editor = staff_client("Editors")
    article = make_article(headline="Casting news", author=make_user(is_staff=True))
    first_show, second_show = make_show(title="First show"), make_show(title="Second show")
    person = make_person(name="Kim Ji Won")
    save_through_admin(editor, article, shows=[first_show.pk], people=[person.pk])
    save_through_admin(editor, article, shows=[second_show.pk], people=[])
    assert list(article.shows.all()) == [second_show] and not article.people.exists()

    first, _ = versions(article)
    revision_url = url(article, f"history/{first.pk}/")
    _, data = change_form(editor, revision_url, "article_form")
    assert editor.post(revision_url, data).status_code == 302
    assert list(article.shows.all()) == [first_show]
    assert list(article.people.all()) == [person]
    for page in (first_show.get_absolute_url(), person.get_absolute_url()):
        assert "Casting news" in Client().get(page).content.decode(), page
    assert "Casting news" not in Client().get(second_show.get_absolute_url()).content.decode()


def test_a_recovered_article_is_back_on_its_shows_page():
    """Deleting an article takes its show links with it; recovering it brings them back."""
    editor = staff_client("Editors")
    article = make_article(headline="Casting news", author=make_user(is_staff=True))
    show = make_show(title="Queen of Tears")
    save_through_admin(editor, article, shows=[show.pk])
    assert editor.post(url(article, "delete/"), {"post": "yes"}).status_code == 302
    assert "Casting news" not in Client().get(show.get_absolute_url()).content.decode()

    recover_url = f"/admin/articles/article/recover/{versions(article)[-1].pk}/"
    _, data = change_form(editor, recover_url, "article_form")
    assert editor.post(recover_url, data).status_code == 302
    assert "Casting news" in Client().get(show.get_absolute_url()).content.decode()


def test_restoring_a_version_brings_back_its_bylines_and_share_fields():
    """Co-authors and the search and share title are part of a version, like the text."""
    editor = staff_client("Editors")
    article = make_article(headline="Signed together", author=make_user(is_staff=True))
    guest = Contributor.objects.create(name="Moon Ha Rin", slug="moon-ha-rin")
    _, data = change_form(editor, url(article), "article_form")
    data.update(
        {
            "seo_title": "Shorter for search",
            "co_authors-TOTAL_FORMS": "1",
            "co_authors-0-position": "1",
            "co_authors-0-contributor": str(guest.pk),
        }
    )
    assert editor.post(url(article), data).status_code == 302
    save_through_admin(editor, article, seo_title="", **{"co_authors-0-DELETE": "on"})
    assert not article.co_authors.exists()

    first, _ = versions(article)
    revision_url = url(article, f"history/{first.pk}/")
    _, data = change_form(editor, revision_url, "article_form")
    assert editor.post(revision_url, data).status_code == 302
    article.refresh_from_db()
    assert article.seo_title == "Shorter for search"
    assert list(article.co_authors.values_list("contributor__name", flat=True)) == ["Moon Ha Rin"]
    assert "Moon Ha Rin" in Client().get(article.get_absolute_url()).content.decode()
