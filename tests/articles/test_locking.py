"""Optimistic locking: when two staff edit the same thing, the second stale save is refused."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles.models import Article, PullQuote
from people.models import Person
from rehearsal.admin_forms import change_form, form_values
from shows.models import Show
from tests.factories import make_article, make_person, make_show, make_user, staff_client

pytestmark = pytest.mark.django_db

STALE = "Someone else saved this article at"


def staff_article(**kw):
    """An article whose author can appear in the byline list (staff only)."""
    return make_article(author=make_user(is_staff=True), **kw)


def article_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def errors_of(response):
    return [str(error) for error in response.context["adminform"].form.non_field_errors()]


def test_second_stale_save_is_refused_and_keeps_what_was_typed():
    """Two editors open the same article; the first save wins, the second gets its form back with a message."""
    article = staff_article(headline="Original headline", dek="Original dek")
    first, second = staff_client("Editors"), staff_client("Editors")
    _, first_data = change_form(first, article_url(article), "article_form")
    _, second_data = change_form(second, article_url(article), "article_form")

    first_data["headline"] = "First editor's headline"
    assert first.post(article_url(article), first_data).status_code == 302

    second_data["headline"] = "Second editor's headline"
    second_data["dek"] = "A dek the second editor typed"
    refused = second.post(article_url(article), second_data)

    assert refused.status_code == 200
    [message] = errors_of(refused)
    assert message.startswith(STALE)
    assert message.endswith("since you opened it; your changes are below, copy what you need and reload.")
    assert re.search(r" at \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d KST since", message)
    assert "Someone else saved this article at" in refused.content.decode()
    form = refused.context["adminform"].form
    assert form["headline"].value() == "Second editor's headline"
    assert form["dek"].value() == "A dek the second editor typed"
    article.refresh_from_db()
    assert article.headline == "First editor's headline"
    assert article.dek == "Original dek"


def test_one_editor_can_save_again_and_again():
    """Saving, reopening and saving again, or "Save and continue" twice, is never refused."""
    article = staff_article(headline="v1")
    client = staff_client("Editors")
    for headline in ("v2", "v3"):
        _, data = change_form(client, article_url(article), "article_form")
        data["headline"] = headline
        assert client.post(article_url(article), data).status_code == 302
    _, data = change_form(client, article_url(article), "article_form")
    data.update(headline="v4", _continue="Save and continue editing")
    response = client.post(article_url(article), data, follow=True)
    assert response.redirect_chain and not errors_of(response)
    data = form_values(response, "article_form")
    data["headline"] = "v5"
    assert client.post(article_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "v5"


def test_a_change_made_only_in_an_inline_also_counts():
    """Editing just a pull quote is a save of the article: a second editor's stale quote edit is refused."""
    article = staff_article()
    quote = PullQuote.objects.create(article=article, text="Original words", attribution="tvN")
    first, second = staff_client("Editors"), staff_client("Editors")
    _, first_data = change_form(first, article_url(article), "article_form")
    _, second_data = change_form(second, article_url(article), "article_form")

    first_data["quotes-0-text"] = "The first editor's words"
    assert first.post(article_url(article), first_data).status_code == 302

    second_data["quotes-0-text"] = "The second editor's words"
    refused = second.post(article_url(article), second_data)
    assert refused.status_code == 200
    assert errors_of(refused)[0].startswith(STALE)
    [quote_formset] = [
        inline.formset for inline in refused.context["inline_admin_formsets"] if inline.formset.prefix == "quotes"
    ]
    assert quote_formset.forms[0]["text"].value() == "The second editor's words"
    quote.refresh_from_db()
    assert quote.text == "The first editor's words"


def test_a_crafted_post_without_the_version_is_refused():
    """A POST that leaves out the hidden version cannot overwrite the article."""
    article = staff_article(headline="Kept")
    client = staff_client("Editors")
    _, data = change_form(client, article_url(article), "article_form")
    del data["lock_version"]
    data["headline"] = "Overwritten"
    response = client.post(article_url(article), data)
    assert response.status_code == 200
    assert errors_of(response)[0].startswith(STALE)
    article.refresh_from_db()
    assert article.headline == "Kept"


@pytest.mark.parametrize(
    ("model", "make", "path", "form_id", "field", "noun"),
    [
        (Show, make_show, "shows/show", "show_form", "title", "show"),
        (Person, make_person, "people/person", "person_form", "name", "person"),
    ],
)
def test_shows_and_people_are_locked_too(model, make, path, form_id, field, noun):
    """Shows and people refuse a stale save the same way."""
    obj = make()
    url = f"/admin/{path}/{obj.pk}/change/"
    first, second = staff_client("Editors"), staff_client("Editors")
    _, first_data = change_form(first, url, form_id)
    _, second_data = change_form(second, url, form_id)
    first_data[field] = "First"
    assert first.post(url, first_data).status_code == 302
    second_data[field] = "Second"
    refused = second.post(url, second_data)
    assert refused.status_code == 200
    [message] = errors_of(refused)
    assert re.fullmatch(
        rf"Someone else saved this {noun} at \d{{1,2}} [A-Z][a-z]{{2}} \d{{4}}, \d\d:\d\d KST since you opened it; "
        "your changes are below, copy what you need and reload.",
        message,
    )
    assert getattr(model.objects.get(pk=obj.pk), field) == "First"
    assert Article.objects.count() == 0


def test_a_publish_from_the_list_counts_as_a_save():
    """An editor's form opened before someone used "Publish now" in the list is stale."""
    article = staff_article(headline="Draft", status=Article.Status.DRAFT, publish_at=None)
    editing, publishing = staff_client("Editors"), staff_client("Editors")
    _, data = change_form(editing, article_url(article), "article_form")
    response = publishing.post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [article.pk], "index": 0}
    )
    assert response.status_code == 302
    data["headline"] = "Edited after the publish"
    data["status"] = "draft"
    refused = editing.post(article_url(article), data)
    assert refused.status_code == 200
    assert errors_of(refused)[0].startswith(STALE)
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Draft", Article.Status.PUBLISHED)


def test_the_moderation_screen_and_the_article_form_lock_each_other():
    """A moderator's spoiler marking and an editor's edit of the same article cannot overwrite each other."""
    article = staff_article(headline="Finale recap")
    moderator_user = make_user(is_staff=True)
    moderator_user.groups.add(Group.objects.get(name="Moderators"))
    moderator = Client()
    moderator.force_login(moderator_user)
    editor = staff_client("Editors")
    moderation_url = f"/admin/articles/spoilermoderation/{article.pk}/change/"

    # The moderator opens the marking form, the editor saves meanwhile: the marking is refused.
    _, marking = change_form(moderator, moderation_url, "spoilermoderation_form")
    _, edit = change_form(editor, article_url(article), "article_form")
    edit["headline"] = "Finale recap (updated)"
    assert editor.post(article_url(article), edit).status_code == 302
    marking["has_spoilers"] = "on"
    refused = moderator.post(moderation_url, marking)
    assert refused.status_code == 200
    assert "Someone else saved this article at" in refused.content.decode()
    article.refresh_from_db()
    assert not article.has_spoilers

    # Reopened, the marking goes through; now the editor's old form is the stale one.
    _, edit = change_form(editor, article_url(article), "article_form")
    _, marking = change_form(moderator, moderation_url, "spoilermoderation_form")
    marking["has_spoilers"] = "on"
    assert moderator.post(moderation_url, marking).status_code == 302
    edit["headline"] = "Would drop the spoiler marking"
    assert editor.post(article_url(article), edit).status_code == 200
    article.refresh_from_db()
    assert article.has_spoilers and article.headline == "Finale recap (updated)"
