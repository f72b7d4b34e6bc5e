"""Every change to a spoiler marking is logged: who, when, before, after and why, wherever it was made."""

import pytest

from articles import spoiler_log
from articles.models import Article, SpoilerChange
from rehearsal.admin_forms import form_data, with_checkbox
from rehearsal.html import parse
from tests.factories import logged_in, make_article, make_show, make_staff, make_user

pytestmark = pytest.mark.django_db

MODERATION = "/admin/articles/spoilermoderation/"
ARTICLES = "/admin/articles/article/"


def staff(group):
    return make_staff(group, first_name="Alex", last_name="Cho")


@pytest.fixture
def show():
    return make_show(title="Queen of Tears", episode_count=16)


def test_moderation_form_logs_who_before_after_and_reason(show):
    """One change on the moderation screen → one log entry naming the moderator, with the reason given."""
    moderator = staff("Moderators")
    article = make_article()
    url = f"{MODERATION}{article.pk}/change/"
    client = logged_in(moderator)
    data = with_checkbox(form_data(client.get(url)), "has_spoilers", True)
    data.update(spoiler_show=show.pk, spoiler_through_episode="8", reason="Reader report #3 was right")
    assert client.post(url, data).status_code == 302
    change = SpoilerChange.objects.get()
    assert change.article == article
    assert change.user == moderator
    assert change.source == "moderation"
    assert change.reason == "Reader report #3 was right"
    assert change.before["has_spoilers"] is False and change.before["spoiler_show"] is None
    assert change.after["has_spoilers"] is True
    assert change.after["spoiler_show"] == "Queen of Tears"
    assert change.after["spoiler_through_episode"] == 8
    assert change.describe() == ("has spoilers: no → yes; spoiled show: — → “Queen of Tears”; through episode: — → 8")


def test_saving_the_moderation_form_unchanged_logs_nothing(show):
    """Only real changes are logged."""
    moderator = staff("Moderators")
    article = make_article(has_spoilers=True, spoiler_show=show)
    SpoilerChange.objects.all().delete()  # start from an empty log
    url = f"{MODERATION}{article.pk}/change/"
    client = logged_in(moderator)
    assert client.post(url, form_data(client.get(url))).status_code == 302
    assert not SpoilerChange.objects.exists()


@pytest.mark.parametrize("action", ["mark_spoilers", "unmark_spoilers"])
def test_bulk_actions_log_one_entry_per_article(action, show):
    """A bulk mark or unmark logs each article it changed, under the moderator's name."""
    moderator = staff("Moderators")
    marked = action == "unmark_spoilers"
    articles = [make_article(has_spoilers=marked, spoiler_show=show if marked else None) for _ in range(3)]
    SpoilerChange.objects.all().delete()  # start from an empty log
    response = logged_in(moderator).post(
        MODERATION, {"action": action, "_selected_action": [a.pk for a in articles], "index": 0}
    )
    assert response.status_code == 302
    changes = SpoilerChange.objects.all()
    assert {c.article_id for c in changes} == {a.pk for a in articles}
    assert {(c.user_id, c.source, c.after["has_spoilers"]) for c in changes} == {
        (moderator.pk, "moderation (bulk)", not marked)
    }


def test_bulk_set_scope_asks_first_then_logs_each_article_with_the_reason(show):
    """The “set show and episode” action shows a form, then marks every selected article."""
    moderator = staff("Moderators")
    articles = [make_article() for _ in range(2)]
    client = logged_in(moderator)
    selected = {"action": "set_scope", "_selected_action": [a.pk for a in articles]}
    page = client.post(MODERATION, {**selected, "index": 0})
    assert page.status_code == 200
    assert "Set the spoiled show and episode" in page.content.decode()
    too_far = client.post(
        MODERATION, {**selected, "apply": "1", "spoiler_show": show.pk, "spoiler_through_episode": 17}
    )
    assert too_far.status_code == 200
    assert "Queen of Tears has 16 episodes." in too_far.content.decode()
    assert not SpoilerChange.objects.exists()
    done = client.post(
        MODERATION,
        {**selected, "apply": "1", "spoiler_show": show.pk, "spoiler_through_episode": 8, "reason": "Finale week"},
    )
    assert done.status_code == 302
    for article in articles:
        article.refresh_from_db()
        assert (article.has_spoilers, article.spoiler_show, article.spoiler_through_episode) == (True, show, 8)
    assert SpoilerChange.objects.filter(reason="Finale week", user=moderator).count() == 2


def test_editor_in_the_article_admin_is_logged(show):
    """An editor changing the warning text in the article form is logged as such."""
    editor = staff("Editors")
    article = make_article(author=staff("Writers"), has_spoilers=True, spoiler_show=show)
    SpoilerChange.objects.all().delete()  # start from an empty log
    url = f"{ARTICLES}{article.pk}/change/"
    client = logged_in(editor)
    data = form_data(client.get(url))
    data["spoiler_warning"] = "Reveals the finale."
    assert client.post(url, data).status_code == 302
    change = SpoilerChange.objects.get()
    assert (change.user, change.source) == (editor, "article admin")
    assert (change.before["spoiler_warning"], change.after["spoiler_warning"]) == ("", "Reveals the finale.")


def test_writer_marking_own_draft_is_logged(show):
    """Writers may mark their own drafts; that is logged too."""
    writer = staff("Writers")
    article = make_article(author=writer, status=Article.Status.DRAFT, publish_at=None)
    url = f"{ARTICLES}{article.pk}/change/"
    client = logged_in(writer)
    data = with_checkbox(form_data(client.get(url)), "has_spoilers", True)
    assert client.post(url, data).status_code == 302
    assert SpoilerChange.objects.get().user == writer


def test_a_save_in_code_or_the_shell_is_logged_without_a_user(show):
    """Outside the admin nobody is named, but the change is still recorded, from creation on."""
    article = make_article(has_spoilers=True, spoiler_show=show, spoiler_through_episode=2)
    created = SpoilerChange.objects.get()
    assert (created.user, created.source) == (None, "code")
    assert created.before["has_spoilers"] is False and created.after["spoiler_through_episode"] == 2
    article.spoiler_through_episode = 4
    article.save()
    assert SpoilerChange.objects.count() == 2
    article.headline = "Only the headline"
    article.save()
    article.save(update_fields=["headline"])
    assert SpoilerChange.objects.count() == 2


def test_code_can_name_who_acted():
    """acting() attributes changes to a user and a reason, e.g. in a data fix."""
    editor = staff("Editors")
    article = make_article()
    with spoiler_log.acting(editor, "data fix", "Ticket 12"):
        article.has_spoilers = True
        article.save()
    change = SpoilerChange.objects.get()
    assert (change.user, change.source, change.reason) == (editor, "data fix", "Ticket 12")


def test_history_pages_show_who_when_before_after_and_reason(show):
    """The article's history page and the moderation history list every spoiler change."""
    moderator, editor = staff("Moderators"), staff("Editors")
    article = make_article()
    with spoiler_log.acting(moderator, "moderation", "Spoils the finale"):
        article.has_spoilers = True
        article.spoiler_show = show
        article.save()
    page = logged_in(editor).get(f"{ARTICLES}{article.pk}/history/").content.decode()
    assert "Spoiler changes" in page
    assert "has spoilers: no → yes; spoiled show: — → “Queen of Tears”" in page
    assert "Spoils the finale" in page
    assert moderator.get_username() in page
    moderation_history = logged_in(moderator).get(f"{MODERATION}{article.pk}/history/")
    assert moderation_history.status_code == 200
    assert "Spoils the finale" in moderation_history.content.decode()


@pytest.mark.parametrize("status", ["draft", "published"])
def test_only_those_who_may_read_the_log_see_it_on_any_history_page(show, status):
    """Writers are denied the log itself, so its entries (reasons, names) are not on the history pages they open."""
    moderator, editor, writer = staff("Moderators"), staff("Editors"), make_staff("Writers", username="wri")
    article = make_article(author=writer, status=status)
    with spoiler_log.acting(moderator, "moderation", "Private moderator reason"):
        article.has_spoilers = True
        article.spoiler_show = show
        article.save()
    history = f"{ARTICLES}{article.pk}/history/"
    writer_page = logged_in(writer).get(history)
    assert writer_page.status_code == 200  # writers read every article's history
    text = writer_page.content.decode()
    assert "Spoiler changes" not in text and "Private moderator reason" not in text
    assert moderator.get_username() not in text
    assert logged_in(writer).get("/admin/articles/spoilerchange/").status_code == 403
    for reader, url in [
        (editor, history),
        (editor, f"{MODERATION}{article.pk}/history/"),
        (moderator, f"{MODERATION}{article.pk}/history/"),
    ]:
        page = logged_in(reader).get(url).content.decode()
        assert "Spoiler changes" in page and "Private moderator reason" in page


def test_the_moderation_form_embeds_the_log_and_reports_only_for_those_who_may_read_them(show):
    """A user with the moderation right but not the log's or the reports' sees neither embedded."""
    from django.contrib.auth.models import Permission

    article = make_article()
    with spoiler_log.acting(None, "shell", "Hidden reason"):
        article.has_spoilers = True
        article.save()
    article.spoiler_reports.create(message="Hidden report text")
    marker = make_user(is_staff=True, username="marker")
    marker.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_spoilermoderation", "change_spoilermoderation"])
    )
    page = logged_in(marker).get(f"{MODERATION}{article.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hidden reason" not in text and "Recent spoiler changes" not in text
    assert "Hidden report text" not in text and "Open reader reports" not in text
    full = logged_in(staff("Moderators")).get(f"{MODERATION}{article.pk}/change/").content.decode()
    assert "Hidden reason" in full and "Hidden report text" in full


def test_moderation_page_shows_recent_changes(show):
    """The moderation form lists the latest spoiler changes under the fields."""
    moderator = staff("Moderators")
    article = make_article()
    with spoiler_log.acting(moderator, "moderation", "First pass"):
        article.has_spoilers = True
        article.save()
    page = logged_in(moderator).get(f"{MODERATION}{article.pk}/change/").content.decode()
    assert "Recent spoiler changes" in page
    assert "First pass" in page
    assert "Alex Cho" in page
    table = next(t for t in parse(page).find_all("table") if "Reason" in t.text())
    header = [th.text() for th in table.find_all("th")]
    row = [td.text() for td in table.find("tbody").find("tr").find_all("td")]
    assert header == ["When", "Who", "Where", "Change", "Reason"]
    assert len(row) == 5
    assert row[2] == "moderation" and row[4] == "First pass"


def test_the_log_cannot_be_edited_through_the_admin(show):
    """Nobody, not even a superuser, adds, changes or deletes log entries in the admin."""
    article = make_article(has_spoilers=True)
    change = SpoilerChange.objects.get(article=article)
    client = logged_in(make_user(is_staff=True, is_superuser=True))
    assert client.get(f"/admin/articles/spoilerchange/{change.pk}/change/").status_code == 200  # read-only view
    assert client.post(f"/admin/articles/spoilerchange/{change.pk}/change/", {"reason": "x"}).status_code == 403
    assert client.post(f"/admin/articles/spoilerchange/{change.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/articles/spoilerchange/add/").status_code == 403
    change.refresh_from_db()
    assert change.reason == ""


def test_unticking_has_spoilers_on_the_moderation_screen_clears_the_scope(show):
    """A moderator removes a marking by unticking one box; the show and episode go with it."""
    moderator = staff("Moderators")
    article = make_article(has_spoilers=True, spoiler_show=show, spoiler_through_episode=8)
    url = f"{MODERATION}{article.pk}/change/"
    client = logged_in(moderator)
    data = with_checkbox(form_data(client.get(url)), "has_spoilers", False)
    assert data["spoiler_show"] == str(show.pk)  # still chosen in the form
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.has_spoilers, article.spoiler_show_id, article.spoiler_through_episode) == (False, None, None)
    assert SpoilerChange.objects.filter(article=article, user=moderator).count() == 1
