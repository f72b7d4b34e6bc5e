"""The review loop: the editors' queue, and the mail that tells each side what happened.

- A writer sends an article for review: every editor hears of it (with an
  e-mail address on their account), and it joins the "Waiting for review"
  list on the admin's front page, oldest first (Article.review_requested_at).
- An editor publishes or schedules it: its writer hears of it.
- An editor sends it back to draft: its writer hears of it, with the note the
  editor wrote (a ReviewNote, also shown on the article's admin page).

Mail goes through Django's mail settings (the console locally, SMTP in
production: docs/configuration.md) from a task (django.tasks) enqueued once
the save has committed: a save that rolls back mails nobody, and a mail
server that is down or slow fails the task, never the save. With Django's
default ImmediateBackend the task runs in the request, after the commit; a
worker backend takes it off the request entirely (docs/newsroom.md).
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from . import roles
from .admin_display import kst
from .models import Article, ReviewNote, Status
from .models.bylines import byline_name

log = logging.getLogger(__name__)

QUEUE_SHOWN = 20

SENT_FOR_REVIEW, PUBLISHED, SENT_BACK = "sent_for_review", "published", "sent_back"


def waiting_for_review(limit=QUEUE_SHOWN):
    """Articles in review, the longest waiting first, with their writers (one query, on a partial index)."""
    return list(
        Article.objects.filter(status=Status.IN_REVIEW)
        .select_related("author")
        .only("pk", "headline", "review_requested_at", "author__username", "author__first_name", "author__last_name")
        .order_by("review_requested_at", "pk")[:limit]
    )


def waiting_count():
    return Article.objects.filter(status=Status.IN_REVIEW).count()


def age(article, now=None):
    """'3 hours': how long the article has waited for an editor."""
    return timesince(article.review_requested_at, now or timezone.now(), depth=1) if article.review_requested_at else ""


def event_for(old_status, new_status, *, by_editor):
    """Which notice a status change makes, or None."""
    if old_status == new_status:
        return None
    if new_status == Status.IN_REVIEW:
        return SENT_FOR_REVIEW
    if new_status == Status.PUBLISHED:
        return PUBLISHED
    if old_status == Status.IN_REVIEW and new_status == Status.DRAFT and by_editor:
        return SENT_BACK
    return None


def status_changed(article, old_status, actor, *, site, note=None):
    """Call after saving a status change (inside its transaction): mails go once it commits."""
    event = event_for(old_status, article.status, by_editor=roles.can_publish(actor))
    if event is None:
        return
    note_pk = note.pk if note is not None else None
    transaction.on_commit(
        partial(notify.enqueue, event, article.pk, actor.pk, site, note_pk),
        using=Article.objects.db,
    )


def base_url(request):
    """Where links in mail point: settings.SITE_URL, or the address the staff member is using."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def add_note(article, text, written_by):
    text = (text or "").strip()
    if not text:
        return None
    return ReviewNote.objects.create(article=article, text=text, written_by=written_by)


def editors():
    """Active staff who may publish (the Editors group, or the right given directly; superusers too)."""
    publish = Permission.objects.filter(codename="publish_article", content_type__app_label="articles")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=publish) | Q(user_permissions__in=publish))
        .exclude(email="")
        .distinct()
    )


@task
def notify(event, article_pk, actor_pk, site, note_pk=None):
    """Mail the people a status change concerns. Runs after the commit (status_changed)."""
    article = Article.objects.select_related("author").filter(pk=article_pk).first()
    actor = get_user_model().objects.filter(pk=actor_pk).first()
    if article is None or actor is None:
        return 0
    edit_url = site + reverse("admin:articles_article_change", args=[article.pk])
    writer, by = article.author, byline_name(actor)
    if event == SENT_FOR_REVIEW:
        recipients = [user.email for user in editors().exclude(pk=actor.pk)]
        subject = f"Waiting for review: {article.headline}"
        body = (
            f"{by} sent “{article.headline}” for review.\n\n"
            f"Read it and publish it, or send it back with a note:\n{edit_url}\n"
        )
    elif event == PUBLISHED:
        recipients = [writer.email] if writer.email and writer.pk != actor.pk else []
        if article.is_published:
            subject = f"Published: {article.headline}"
            public_url = site + article.get_absolute_url()
            body = f"{by} published “{article.headline}”. It is live:\n{public_url}\n"
        else:
            subject = f"Scheduled: {article.headline}"
            body = f"{by} scheduled “{article.headline}” to go live on {kst(article.publish_at)}.\n{edit_url}\n"
    elif event == SENT_BACK:
        recipients = [writer.email] if writer.email and writer.pk != actor.pk else []
        note = ReviewNote.objects.filter(pk=note_pk).first() if note_pk else None
        subject = f"Sent back to you: {article.headline}"
        said = f"\n\nTheir note:\n{note.text}" if note else "\n\nThey left no note."
        body = f"{by} sent “{article.headline}” back to draft.{said}\n\nThe article:\n{edit_url}\n"
    else:
        return 0
    if not recipients:
        return 0
    # One message per person: editors do not see each other's addresses.
    sent = send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])
    log.info("review mail %s for article %s to %d recipient(s)", event, article.pk, len(recipients))
    return sent
