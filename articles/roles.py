"""Who may do what in the newsroom: the role rules, in one place.

Groups (Writers, Editors, Moderators) hold model permissions, set by the
migration 0004; the rules that depend on the row live here, so the admin,
views and tests ask the same questions. Everything is decided on the server.

- Editors (and superusers) hold `articles.publish_article`: any article, any
  status, publish now, schedule, unpublish, delete.
- Writers add articles and may change only their own articles (those they are
  the author or a co-author of) while they are drafts or in review; they can
  move them between draft and review, nothing else.
- Moderators hold only the spoiler moderation screen and the report queue:
  the four spoiler fields, never the body of an unpublished article.
"""

from django.db.models import Q

from .models import Article, Status
from .models.bylines import byline_name

WRITER_STATUSES = frozenset({Status.DRAFT, Status.IN_REVIEW})


def is_staff(user):
    return bool(user and user.is_active and user.is_staff)


def can_publish(user):
    """Publish now, schedule, unpublish, and change any article whatever its status."""
    return is_staff(user) and user.has_perm("articles.publish_article")


def can_edit_article(user, article):
    """Whether the article admin may change this article for this user."""
    if not is_staff(user) or not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    return article.status in WRITER_STATUSES and is_in_byline(user, article)


def is_in_byline(user, article):
    """The article's author or one of its staff co-authors: who has a writer's rights over it.

    Asked many times per admin request (the form, each inline, each button), so
    the answer for a co-author is remembered on the article object.
    """
    if article.author_id == user.pk:
        return True
    if article.pk is None:
        return False
    remembered = article.__dict__.setdefault("_in_byline", {})  # user id -> whether they co-wrote it
    if user.pk not in remembered:
        remembered[user.pk] = article.co_authors.filter(staff=user).exists()
    return remembered[user.pk]


def writers_articles(user):
    """The articles a writer may attach media to: theirs, as author or co-author, while drafts or in review."""
    mine = Q(author=user) | Q(co_authors__staff=user)
    return Article.objects.filter(mine, status__in=WRITER_STATUSES).distinct()


def locked_reason(user, article):
    """Why this user may not change the article, naming who can ("" when they can)."""
    if can_edit_article(user, article):
        return ""
    if not is_staff(user) or not user.has_perm("articles.change_article"):
        return "Your role can read articles but not change them; editors can."
    if not is_in_byline(user, article):
        writer = byline_name(article.author)
        return f"This is {writer}’s article: only they (while it is a draft or in review) and editors can change it."
    if article.is_scheduled:
        return "This article is scheduled to go live, so only editors can change it now."
    if article.is_published:
        return "This article is live, so only editors can change it. Ask an editor for a correction."
    return "Only editors can change an article with this status."


def can_delete_article(user, article=None):
    return can_publish(user) and user.has_perm("articles.delete_article")


def allowed_statuses(user, article=None):
    """The statuses this user may give an article (its current one always stays allowed)."""
    if can_publish(user):
        return set(Status.values)
    allowed = set(WRITER_STATUSES)
    if article is not None and article.pk:
        allowed.add(article.status)
    return allowed


def can_set_status(user, article, old_status, new_status):
    """A status change the role may make (an unchanged status is always fine)."""
    if old_status == new_status:
        return True
    if can_publish(user):
        return True
    return old_status in WRITER_STATUSES and new_status in WRITER_STATUSES


def can_moderate_spoilers(user):
    return is_staff(user) and user.has_perm("articles.change_spoilermoderation")


def can_read_unpublished(user):
    """Bodies of drafts, articles in review and scheduled ones (e.g. a preview): not moderators."""
    return is_staff(user) and user.has_perm("articles.view_article")


def can_resolve_reports(user):
    return is_staff(user) and user.has_perm("articles.change_spoilerreport")
