"""The copy of an article's publish time on its show and person links (ArticleShow, ArticlePerson).

Show and person pages read a show's or person's newest articles from the
links' own index (ArticleQuerySet.about_show, about_person), so each link
carries live_from: its article's publish time while the article is Published,
else NULL (Article.live_from). Article.save() keeps it in step when the
article changes; links_added() sets it on links made by .add() or .set(), from
the article's side (the admin's fields, demo content, imports of old archives)
or the show's or person's (show.articles.add(...)): those insert the rows in
bulk, skipping the link's save(), and from the show's side nothing at hand
knows the article's date. Raw loads (loaddata, archives and history versions
that list an article's shows in its row) are dated too: the article row is
saved before its links, so its date is already in the database.
"""

from django.db.models import Case, DateTimeField, F, OuterRef, Subquery, When
from django.db.models.signals import m2m_changed

from .models import Article, ArticlePerson, ArticleShow, Status

# Link model -> the attname of its key to the show or person.
_OTHER_SIDE = {ArticleShow: "show_id", ArticlePerson: "person_id"}


def live_from_of_article():
    """Article.live_from as SQL, for the article a link row points at."""
    return Subquery(
        Article.objects.filter(pk=OuterRef("article_id")).values(
            live_from=Case(When(status=Status.PUBLISHED, then=F("publish_at")), output_field=DateTimeField())
        )
    )


def links_added(sender, instance, action, reverse, pk_set, using, **kwargs):
    """New show or person links copy their article's live time: one UPDATE for the rows just added."""
    if action != "post_add" or not pk_set:
        return
    other = _OTHER_SIDE[sender]
    if reverse:  # instance is the show or person; pk_set holds articles
        rows = sender._base_manager.filter(**{other: instance.pk}, article_id__in=pk_set)
    else:  # instance is the article; pk_set holds shows or people
        rows = sender._base_manager.filter(article_id=instance.pk, **{f"{other}__in": pk_set})
    # Read from the database rather than the instance: from the show's side there is no article at hand.
    rows.using(using).update(live_from=live_from_of_article())


def connect():
    for model in _OTHER_SIDE:
        m2m_changed.connect(links_added, sender=model, dispatch_uid=f"link-dates-{model.__name__}")
