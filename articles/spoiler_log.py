"""The spoiler audit: every change to an article's spoiler marking is recorded.

It is done at the model layer (pre_save/post_save on Article and its proxies),
so a change made in the moderation screen, a bulk action, the article admin,
a data fix in the shell or any other `save()` is caught. The admin says who
is acting (and why) with `acting(...)`; a save outside it is recorded with no
user and the source "code". `QuerySet.update()` skips signals, so code that
changes spoiler fields must save each article instead (the admin's actions do).
"""

import contextlib
import contextvars

from django.db.models.signals import post_save, pre_save

from .models import SPOILER_FIELDS, Article, SpoilerChange, SpoilerModeration

_actor = contextvars.ContextVar("spoiler_actor", default=None)


@contextlib.contextmanager
def acting(user, source, reason=""):
    """Attribute spoiler changes saved inside this block to user, made in source, for reason."""
    token = _actor.set((user, source, reason or ""))
    try:
        yield
    finally:
        _actor.reset(token)


def snapshot(article):
    """The spoiler marking as plain JSON, with the show's title so the log reads on its own."""
    show = article.spoiler_show if article.spoiler_show_id else None
    return {
        "has_spoilers": article.has_spoilers,
        "spoiler_show": str(show) if show else None,
        "spoiler_show_id": article.spoiler_show_id,
        "spoiler_through_episode": article.spoiler_through_episode,
        "spoiler_warning": article.spoiler_warning,
    }


EMPTY = {
    "has_spoilers": False,
    "spoiler_show": None,
    "spoiler_show_id": None,
    "spoiler_through_episode": None,
    "spoiler_warning": "",
}


def _touches_spoilers(update_fields):
    return update_fields is None or bool(set(update_fields) & {*SPOILER_FIELDS, "spoiler_show_id"})


def remember_stored_marking(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _touches_spoilers(update_fields):
        instance._spoiler_before = None
        return
    stored = None
    if instance.pk is not None:
        stored = Article.objects.filter(pk=instance.pk).select_related("spoiler_show").only(*SPOILER_FIELDS).first()
    instance._spoiler_before = snapshot(stored) if stored else dict(EMPTY)


def record_change(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_spoiler_before", None)
    instance._spoiler_before = None
    if before is None:
        return
    user, source, reason = _actor.get() or (None, "code", "")
    _log(instance.pk, before, snapshot(instance), user, source, reason)


def record_between(before, after, user, source, reason=""):
    """Log the difference between two states of one article, when saves could not (a history restore)."""
    _log(after.pk, snapshot(before), snapshot(after), user, source, reason)


def _log(article_id, before, after, user, source, reason):
    if _comparable(before) == _comparable(after):
        return
    SpoilerChange.objects.create(
        article_id=article_id,
        user=user if user is not None and user.pk else None,
        source=source,
        before=before,
        after=after,
        reason=reason,
    )


def _comparable(marking):
    # The show's title is for reading; its id is what changed or not.
    return {key: value for key, value in marking.items() if key != "spoiler_show"}


def connect():
    for model in (Article, SpoilerModeration):
        pre_save.connect(remember_stored_marking, sender=model, dispatch_uid=f"spoiler-before-{model.__name__}")
        post_save.connect(record_change, sender=model, dispatch_uid=f"spoiler-after-{model.__name__}")


def changes_for(article_id, limit=None):
    """An article's spoiler log, newest first, with the people who made the changes."""
    try:
        article_id = int(article_id)
    except (TypeError, ValueError):
        return []
    changes = SpoilerChange.objects.filter(article_id=article_id).select_related("user")
    return list(changes[:limit] if limit else changes)
