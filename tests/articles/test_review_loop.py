"""The review loop: the editors' queue, the note sent back, and the mail each side gets."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from articles import review
from articles.models import Article, ReviewNote, Status
from rehearsal.admin_forms import form_data
from rehearsal.html import parse
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def save(client, article, **changes):
    data = form_data(client.get(change_url(article)))
    data.update(changes)
    return client.post(change_url(article), data)


@pytest.fixture
def newsroom():
    writer = make_staff("Writers", username="minji", first_name="Min-ji", last_name="Seo", email="minji@news.example")
    editors = [
        make_staff("Editors", username="hana", first_name="Hana", last_name="Lee", email="hana@news.example"),
        make_staff("Editors", username="joon", first_name="Joon", last_name="Choi", email="joon@news.example"),
    ]
    return writer, editors


def test_sending_for_review_mails_every_editor_after_the_commit(client, newsroom, django_capture_on_commit_callbacks):
    writer, editors = newsroom
    article = make_article(author=writer, status=Status.DRAFT, publish_at=None, headline="Lovely Runner, ranked")
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = save(client, article, status=Status.IN_REVIEW)
    assert response.status_code == 302
    assert mail.outbox == []  # nothing is sent before the save commits
    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == ["hana@news.example", "joon@news.example"]
    message = mail.outbox[0]
    assert message.subject == "Waiting for review: Lovely Runner, ranked"
    assert "Min-ji Seo sent “Lovely Runner, ranked” for review." in message.body
    assert f"http://testserver/admin/articles/article/{article.pk}/change/" in message.body
    assert all(len(m.to) == 1 for m in mail.outbox)  # editors do not see each other's addresses


def test_publishing_tells_the_writer_with_the_live_address(client, newsroom, django_capture_on_commit_callbacks):
    writer, (editor, _) = newsroom
    article = make_article(author=writer, status=Status.IN_REVIEW, publish_at=None, headline="Finale week")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        assert save(client, article, status=Status.PUBLISHED).status_code == 302
    [message] = mail.outbox
    assert message.to == ["minji@news.example"]
    assert message.subject == "Published: Finale week"
    assert "http://testserver" + Article.objects.get(pk=article.pk).get_absolute_url() in message.body


def test_the_publish_action_tells_each_writer(client, newsroom, django_capture_on_commit_callbacks):
    writer, (editor, _) = newsroom
    article = make_article(author=writer, status=Status.IN_REVIEW, publish_at=None, headline="Queued")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/articles/article/", {"action": "publish_now", "_selected_action": [article.pk], "index": 0})
    assert [(m.to, m.subject) for m in mail.outbox] == [(["minji@news.example"], "Published: Queued")]


def test_sending_back_keeps_the_note_shows_it_to_the_writer_and_mails_it(
    client, newsroom, django_capture_on_commit_callbacks
):
    writer, (editor, _) = newsroom
    article = make_article(author=writer, status=Status.IN_REVIEW, publish_at=None, headline="Casting news")
    client.force_login(editor)
    note = "Please confirm the casting with the agency before we run this."
    with django_capture_on_commit_callbacks(execute=True):
        assert save(client, article, status=Status.DRAFT, note_to_writer=note).status_code == 302
    [message] = mail.outbox
    assert message.to == ["minji@news.example"]
    assert message.subject == "Sent back to you: Casting news"
    assert "Hana Lee sent “Casting news” back to draft." in message.body
    assert note in message.body
    assert ReviewNote.objects.get(article=article).written_by == editor

    client.force_login(writer)
    page = parse(client.get(change_url(article)).content.decode())
    notes = page.find("div", cls="field-review_notes_column")
    assert note in notes.text()
    assert "Hana Lee" in notes.text()
    # Writers read notes; they do not write them.
    assert page.find_all("textarea", name="note_to_writer") == []


def test_a_writer_cannot_write_a_note_by_crafted_post(client, newsroom):
    writer, _ = newsroom
    article = make_article(author=writer, status=Status.DRAFT, publish_at=None)
    client.force_login(writer)
    assert save(client, article, note_to_writer="I approve my own work").status_code == 302
    assert not ReviewNote.objects.exists()


def test_a_mail_server_that_is_down_does_not_undo_or_fail_the_save(
    client, newsroom, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "tests.articles.failing_mail.RefusingBackend"}}
    writer, _ = newsroom
    article = make_article(author=writer, status=Status.DRAFT, publish_at=None)
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        response = save(client, article, status=Status.IN_REVIEW)
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_the_queue_is_oldest_first_with_writer_and_age(client, newsroom):
    writer, (editor, _) = newsroom
    now = timezone.now()
    newest = make_article(author=writer, status=Status.IN_REVIEW, publish_at=None, headline="Newest")
    oldest = make_article(author=writer, status=Status.IN_REVIEW, publish_at=None, headline="Oldest")
    middle = make_article(author=writer, status=Status.IN_REVIEW, publish_at=None, headline="Middle")
    make_article(author=writer, status=Status.DRAFT, publish_at=None, headline="Not sent")
    for article, hours in ((newest, 1), (oldest, 30), (middle, 5)):
        Article.objects.filter(pk=article.pk).update(review_requested_at=now - dt.timedelta(hours=hours))

    client.force_login(editor)
    page = parse(client.get("/admin/").content.decode())
    queue = page.find("section", cls="review-queue")
    assert "Waiting for review (3)" in queue.find("h2").text()
    rows = [
        [cell.text() for cell in row.find_all() if cell.tag in {"th", "td"}]
        for row in queue.find("tbody").find_all("tr")
    ]
    assert rows == [
        ["Oldest", "Min-ji Seo", "1 day"],
        ["Middle", "Min-ji Seo", "5 hours"],
        ["Newest", "Min-ji Seo", "1 hour"],
    ]

    client.force_login(writer)
    assert parse(client.get("/admin/").content.decode()).find_all("section", cls="review-queue") == []


def test_review_time_is_set_on_entering_review_and_cleared_on_leaving():
    article = make_article(status=Status.DRAFT, publish_at=None)
    assert article.review_requested_at is None
    article.status = Status.IN_REVIEW
    article.save()
    sent = article.review_requested_at
    assert sent is not None
    article.headline = "A writer's second pass"
    article.save()
    assert article.review_requested_at == sent  # still waiting since it was sent
    article.status = Status.PUBLISHED
    article.save(update_fields=["status"])
    assert Article.objects.get(pk=article.pk).review_requested_at is None
    assert review.waiting_for_review() == []
