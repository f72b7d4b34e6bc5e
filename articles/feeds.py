"""RSS 2.0 and Atom feeds of published articles: the site, a section, a tag, a show, a person.

Every feed starts from live_articles() (Article.objects.published()), and an
item's description is Article.public_summary: the dek, or only the spoiler
label for a spoiler article, never its dek or body.
"""

from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.views.decorators.http import require_safe
from taggit.models import Tag

from editing.text import xml_safe
from pagecache import pages
from people.models import Person
from shows.models import Show

from .models import CORRECTIONS_RECORD, Contributor, Section
from .models.bylines import byline_name, byline_names, staff_page_url
from .selectors import corrections_of_live_articles, live_articles

ITEMS_PER_FEED = 20


DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class BylinesRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one <dc:creator> per name in the byline, in order (RSS's own <author> wants an e-mail)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("bylines", ()):
            handler.addQuickElement("dc:creator", name, {"xmlns:dc": DUBLIN_CORE})


class BylinesAtomFeed(Atom1Feed):
    """Atom with one <author> per name in the byline, in order."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("bylines", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class SafeFeed(Feed):
    """A feed read only (GET and HEAD) whose every string is fit for XML."""

    @method_decorator(require_safe)  # a feed is read, never posted to: 405 for anything but GET/HEAD
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    def get_feed(self, obj, request):
        # Headlines, deks, notes, tag and show names are typed by staff; a stray control
        # character would make the XML writer fail, so every string is cleaned.
        feed = super().get_feed(obj, request)
        feed.feed = xml_safe(feed.feed)
        feed.items = [xml_safe(item) for item in feed.items]
        return feed


class LatestArticlesFeed(SafeFeed):
    """The whole site, newest first."""

    title = "Dramasite"
    description = "K-drama news without the spoilers."
    feed_type = BylinesRssFeed

    def __call__(self, request, *args, **kwargs):
        # Any feed can list any article, with its byline, tags, shows and people: the list tags cover them.
        pages.depends_on(request, "articles", "shows", "people")
        return super().__call__(request, *args, **kwargs)

    def link(self, obj):
        return reverse("home")

    def filter_articles(self, articles, obj):
        return articles

    def items(self, obj):
        # Tags are prefetched so a full feed costs the same queries as a one-item feed.
        articles = live_articles().with_co_authors_listed().prefetch_related("tags").order_by("-publish_at", "-pk")
        return self.filter_articles(articles, obj)[:ITEMS_PER_FEED]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.public_summary

    def item_extra_kwargs(self, item):
        # Every name in the byline, written by BylinesRssFeed and BylinesAtomFeed.
        return {"bylines": byline_names(item)}

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, section):
        if section not in Section.values:
            raise Http404("No such section.")
        return Section(section)

    def title(self, obj):
        return f"{obj.label} · Dramasite"

    def description(self, obj):
        return f"The latest {obj.label.lower()} articles from Dramasite."

    def link(self, obj):
        return reverse("articles:section", args=[obj])

    def filter_articles(self, articles, obj):
        return articles.filter(section=obj)


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        # Like the tag page: a tag with nothing published is not announced. The newest one is
        # asked for rather than exists(), which drops the order the tag's index serves
        # (publicpages/pagination.py says why that can be slow).
        if live_articles().tagged(tag).values_list("pk", flat=True).first() is None:
            raise Http404("No published articles with this tag.")
        return tag

    def title(self, obj):
        return f"{obj.name} · Dramasite"

    def description(self, obj):
        return f"Dramasite articles tagged {obj.name}."

    def link(self, obj):
        return reverse("articles:tag", args=[obj.slug])

    def filter_articles(self, articles, obj):
        return articles.tagged(obj)


class AuthorFeed(LatestArticlesFeed):
    """A staff member's articles: those they wrote and those they co-wrote."""

    def get_object(self, request, username):
        author = get_object_or_404(get_user_model(), username=username)
        # Like the author page: nobody is named until they have published something.
        if not self.filter_articles(live_articles(), author).exists():
            raise Http404("No published articles by this author.")
        return author

    def title(self, obj):
        return f"{byline_name(obj)} · Dramasite"

    def description(self, obj):
        return f"Dramasite articles by {byline_name(obj)}."

    def link(self, obj):
        return staff_page_url(obj)

    def filter_articles(self, articles, obj):
        return articles.by_staff(obj)


class ContributorFeed(LatestArticlesFeed):
    """A guest contributor's articles."""

    def get_object(self, request, slug):
        contributor = get_object_or_404(Contributor, slug=slug)
        if not self.filter_articles(live_articles(), contributor).exists():
            raise Http404("No published articles by this contributor.")
        return contributor

    def title(self, obj):
        return f"{obj.name} · Dramasite"

    def description(self, obj):
        return f"Dramasite articles by {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def filter_articles(self, articles, obj):
        return articles.by_contributor(obj)


class ShowFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Show, slug=slug)

    def title(self, obj):
        return f"{obj.title} · Dramasite"

    def description(self, obj):
        return f"Dramasite articles about {obj.title}."

    def link(self, obj):
        return obj.get_absolute_url()

    def filter_articles(self, articles, obj):
        return articles.about_show(obj)


class PersonFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, obj):
        return f"{obj.name} · Dramasite"

    def description(self, obj):
        return f"Dramasite articles about {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def filter_articles(self, articles, obj):
        return articles.about_person(obj)


def atom(feed_class):
    """The Atom twin of an RSS feed class: same items, Atom's names for title and summary."""
    return type(
        f"{feed_class.__name__}Atom",
        (feed_class,),
        {"feed_type": BylinesAtomFeed, "subtitle": feed_class.description, "__doc__": f"{feed_class.__doc__} (Atom)"},
    )


LatestArticlesAtomFeed = atom(LatestArticlesFeed)
SectionAtomFeed = atom(SectionFeed)
TagAtomFeed = atom(TagFeed)
AuthorAtomFeed = atom(AuthorFeed)
ContributorAtomFeed = atom(ContributorFeed)
ShowAtomFeed = atom(ShowFeed)
PersonAtomFeed = atom(PersonFeed)


class CorrectionsFeed(SafeFeed):
    """Every correction, clarification and update, newest first (the /corrections/ page as a feed).

    A note on a spoiler article is given by its kind and the article's spoiler label, never its text,
    as on the page.
    """

    title = "Dramasite: corrections and updates"
    description = CORRECTIONS_RECORD

    def __call__(self, request, *args, **kwargs):
        pages.depends_on(request, "corrections", "articles")
        return super().__call__(request, *args, **kwargs)

    def link(self):
        return reverse("articles:corrections")

    def items(self):
        return corrections_of_live_articles()[:ITEMS_PER_FEED]

    def item_title(self, note):
        return f"{note.get_kind_display()}: {note.article.headline}"

    def item_description(self, note):
        article = note.article
        return article.spoiler_label if article.has_spoilers else note.text

    def item_link(self, note):
        return note.article.get_absolute_url()

    def item_guid(self, note):
        return f"{note.article.get_absolute_url()}#note-{note.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, note):
        return note.noted_at

    def item_updateddate(self, note):
        return note.noted_at


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = Atom1Feed
    subtitle = CorrectionsFeed.description
