from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import DetailView, ListView
from django_ratelimit.core import get_usage
from taggit.models import Tag

from editing.text import http_url
from hardening.crossorigin import same_origin_only
from pagecache import pages
from publicpages import composed
from publicpages.pagination import UncountedListMixin
from publicpages.structured_data import listing_meta, website_json_ld
from shows.selectors import airing_rail

from . import article_page, share_cards
from .body_layout import lay_out
from .cards import cards_shown
from .forms import SpoilerReportForm
from .invalidation import article_page_tags, card_tags
from .models import CORRECTIONS_RECORD, Article, Contributor, Section
from .models.bylines import byline_name
from .page_relations import ARTICLE_PAGE, unpack
from .selectors import (
    article_cards,
    article_for_preview,
    card_image,
    corrections_of_live_articles,
    fetch_co_authors,
    home_cards,
    lead_story,
    lead_story_pk,
    live_article_for_page,
    newest_first,
    newest_per_section,
    related_articles,
    section_cards,
    tag_cards,
)
from .spoilers import SpoilerShieldMixin
from .structured_data import article_meta

SECTION_RAIL_SIZE = 3


class HomeView(UncountedListMixin, ListView):
    """Front page: lead story, the latest articles, what is airing, and each section's newest."""

    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_lead_story(self):
        # The newest live article with a lead image leads the page; it is left
        # out of the list below so no story appears twice.
        if not hasattr(self, "_lead_story"):
            self._lead_story = lead_story()
        return self._lead_story

    def get_queryset(self):
        return home_cards(lead_story_pk(self.get_lead_story()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meta"] = listing_meta(
            self.request,
            reverse("home"),
            title="Dramasite",
            description="K-drama news without the spoilers.",
            page=context["page_obj"].number,
        )
        context["meta"].json_ld = website_json_ld(self.request)
        # Every list of articles, the airing rail and spoiled shows' titles on the cards.
        pages.depends_on(self.request, "articles", "shows")
        pages.changes_with_time(self.request)
        if context["page_obj"].number == 1:
            context.update(
                lead_story_rows=self.get_lead_story(),
                airing=airing_rail(timezone.now()),
                section_rails=newest_per_section(SECTION_RAIL_SIZE),
            )
        return context

    def render_to_response(self, context, **response_kwargs):
        """Composed once per process for what it shows (publicpages/composed.py)."""
        page = context["page_obj"]
        lead_rows = context.get("lead_story_rows", ())
        rails = context.get("section_rails", ())
        key = (
            "home",
            page.number,
            page.has_next(),
            cards_shown(context["articles"], "h3"),
            # Its row holds the little more the lead story shows: the spoiled show's title, the picture's words.
            cards_shown(lead_rows, "lead"),
            tuple(
                (
                    item.show.title,
                    item.show.slug,
                    item.show.original_title,
                    str(item.show.network or ""),
                    item.show.status,
                    item.next_episode,
                )
                for item in context.get("airing", ())
            ),
            cards_shown(rails, "h4"),
        )

        def render():
            lead = lead_rows[0] if lead_rows else None
            context.update(lead_story=lead, lead_story_image=card_image(lead) if lead else None)
            by_section = {}
            for article in rails:
                by_section.setdefault(article.section, []).append(article)
            context["sections"] = [
                (value, label, by_section[value]) for value, label in Section.choices if value in by_section
            ]
            return render_to_string(self.get_template_names(), context, self.request)

        return composed.pages.respond(self.request, key, render)


class ArticleDetailView(SpoilerShieldMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        article = live_article_for_page(self.kwargs["slug"])
        if article is None:
            raise Http404("No article found.")
        return article

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_article()

    def render_article(self):
        """The page, composed once per process for what it shows (article_page.py), its related stories put in."""
        article = self.object
        fetch_co_authors(article)
        show_ids, person_ids = ARTICLE_PAGE.ids(article, "shows"), ARTICLE_PAGE.ids(article, "people")
        pages.depends_on(self.request, *article_page_tags(article, show_ids, person_ids))
        related = related_articles(article, show_ids, person_ids)
        related_html = (
            # Kept like a page, for the cards' rows as read (publicpages/composed.py).
            composed.parts.part(
                self.request,
                ("related", cards_shown(related, "h3")),
                lambda: render_to_string("articles/includes/related.html", {"related": newest_first(related)}),
                tags=lambda: card_tags(related),
            )
            if related
            else ""
        )

        def render():
            context = self.get_context_data(object=article, related_html=mark_safe(article_page.RELATED_MARKER))
            return render_to_string(self.template_name, context, self.request)

        return article_page.respond(self.request, article, render, related_html)

    def get_context_data(self, **kwargs):
        article = unpack(self.object)  # what live_article_for_page() left as read
        # A photo whose rights have ended is left out, with its caption (pictures.models.FromTheLibrary).
        images = [image for image in article.images.all() if image.picture_may_be_shown()]
        lead = next((image for image in images if image.is_lead), None)
        placed = [image for image in images if not image.is_lead]
        notes = list(article.corrections.all())
        return super().get_context_data(
            lead_image=lead,
            notes_at_the_top=[note for note in notes if note.at_the_top],
            notes_at_the_foot=[note for note in notes if not note.at_the_top],
            blocks=lay_out(article.body, placed, article.quotes.all(), article.videos.all()),
            primary_show=next(iter(article.shows.all()), None),
            where_to_watch=[
                line for show in article.shows.all() if (line := show.where_to_watch(as_of=article.publish_at))
            ],
            meta=article_meta(self.request, article, lead_image=lead),
            **kwargs,
        )


class ArticleListingView(UncountedListMixin, ListView):
    """A paginated list of live articles under a heading; ?page=abc or past the end is a 404."""

    template_name = "articles/listing.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return self.cards()

    def cards(self):
        """The listing's live articles for cards, newest first: a queryset, or a prepared listing a paginator slices."""
        raise NotImplementedError

    def page_cache_tag(self):
        """The tag bumped whenever an article joins, leaves or changes on this list."""
        raise NotImplementedError

    # What the listing template shows besides its cards and page (publicpages.composed keys the page by them).
    SHOWN = ("heading", "description", "kind", "current_section", "feed_rss", "feed_atom", "contributor_website")

    def render_to_response(self, context, **response_kwargs):
        contributor = context.get("contributor")
        page = context["page_obj"]
        articles = context["articles"]
        key = (
            "listing",
            self.request.path,
            cards_shown(articles),
            page.number,
            page.has_next(),
            *(context.get(name) for name in self.SHOWN),
            (contributor.name, contributor.bio) if contributor else None,
        )
        return composed.pages.respond(
            self.request,
            key,
            lambda: render_to_string(self.get_template_names(), context, self.request),
            # Worked out once with the page: the rows the key holds decide them.
            tags=lambda: card_tags(articles),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages.depends_on(self.request, self.page_cache_tag())
        # Canonical and share tags; subclasses pass heading and description.
        context["meta"] = listing_meta(
            self.request,
            self.request.path,
            title=context["heading"],
            description=context["description"],
            page=context["page_obj"].number,
        )
        return context


class SectionView(ArticleListingView):
    # Sections are a fixed, public list, so an empty one is shown as empty.
    allow_empty = True

    def get(self, request, *args, **kwargs):
        section = kwargs["section"]
        if section not in Section.values:
            raise Http404("No such section.")
        self.section = Section(section)
        return super().get(request, *args, **kwargs)

    def cards(self):
        return section_cards(self.section.value)

    def page_cache_tag(self):
        return f"section:{self.section.value}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.section.label,
            description=f"The latest {self.section.label.lower()} articles from Dramasite.",
            kind="section",
            sections=Section.choices,
            current_section=self.section.value,
            feed_rss=reverse("articles:section-feed", args=[self.section]),
            feed_atom=reverse("articles:section-feed-atom", args=[self.section]),
            **kwargs,
        )


class TagView(ArticleListingView):
    # A tag used only on unpublished articles must not reveal its name, so no
    # live articles means no page.
    allow_empty = False

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def cards(self):
        return tag_cards(self.tag)

    def page_cache_tag(self):
        return f"tag:{self.tag.slug}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.tag.name,
            description=f"Dramasite articles tagged {self.tag.name}.",
            kind="tag",
            feed_rss=reverse("articles:tag-feed", args=[self.tag.slug]),
            feed_atom=reverse("articles:tag-feed-atom", args=[self.tag.slug]),
            **kwargs,
        )


class AuthorView(ArticleListingView):
    # Only people with something published have a page: a staff account with
    # nothing but drafts stays unnamed.
    allow_empty = False

    def get(self, request, *args, **kwargs):
        self.author = get_object_or_404(get_user_model(), username=kwargs["username"])
        return super().get(request, *args, **kwargs)

    def cards(self):
        # What they wrote and what they co-wrote.
        return article_cards().by_staff(self.author)

    def page_cache_tag(self):
        return f"author:{self.author.pk}"

    def get_context_data(self, **kwargs):
        name = byline_name(self.author)
        return super().get_context_data(
            heading=name,
            description=f"Articles by {name} on Dramasite.",
            kind="author",
            feed_rss=reverse("articles:author-feed", args=[self.author.get_username()]),
            feed_atom=reverse("articles:author-feed-atom", args=[self.author.get_username()]),
            **kwargs,
        )


class ContributorView(ArticleListingView):
    """A guest contributor's page: their line about themselves and their live articles."""

    allow_empty = False  # as for staff: named only once something of theirs is live

    def get(self, request, *args, **kwargs):
        self.contributor = get_object_or_404(Contributor, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def cards(self):
        return article_cards().by_contributor(self.contributor)

    def page_cache_tag(self):
        return f"contributor:{self.contributor.pk}"

    def get_context_data(self, **kwargs):
        contributor = self.contributor
        return super().get_context_data(
            heading=contributor.name,
            description=contributor.bio or f"Articles by {contributor.name} on Dramasite.",
            kind="author",
            contributor=contributor,
            # Only a web address reaches the href, whatever a restore or a raw write left (editing/text.py).
            contributor_website=http_url(contributor.url),
            feed_rss=reverse("articles:contributor-feed", args=[contributor.slug]),
            feed_atom=reverse("articles:contributor-feed-atom", args=[contributor.slug]),
            **kwargs,
        )


# Readers' spoiler reports -------------------------------------------------------

REPORT_RATE = "5/h"  # per client address; see README "Reader reports"
REPORT_THANKS = "Thank you. A moderator will look at your report."
REPORT_RETRY_AFTER_SECONDS = 60


@same_origin_only
@require_POST
def report_spoiler(request, slug):
    """A reader says a published article spoils something it does not warn about.

    Post/Redirect/Get: a stored report (or a bot's, silently dropped) redirects
    back to the article with 303; a bad form is a 400 page with the input kept;
    too many reports from one address is a 429; when the limit cannot be
    counted (cache down) a 503. A cross-site post is refused with 403
    (hardening.crossorigin: the page is cached, so it has no token).
    """
    article = get_object_or_404(Article.objects.published(), slug=slug)
    usage = get_usage(request, group="spoiler-report", key="ip", rate=REPORT_RATE, method="POST", increment=True)
    if usage is not None and usage["limit"] == 0:
        # django-ratelimit's answer when its cache could not count (Redis down).
        # Fail closed: unlimited posting is what the limit exists to stop, and
        # a report can wait a minute; the rest of the site keeps working.
        response = render(request, "articles/report_unavailable.html", {"article": article}, status=503)
        response["Retry-After"] = str(REPORT_RETRY_AFTER_SECONDS)
        return response
    if usage is not None and usage["should_limit"]:
        return render(request, "articles/report_limited.html", {"article": article}, status=429)
    form = SpoilerReportForm(request.POST)
    if form.is_bot():
        # Look the same as success, so the bot learns nothing; store nothing.
        return _back_with_thanks(request, article)
    if not form.is_valid():
        return render(request, "articles/report_page.html", {"article": article, "form": form}, status=400)
    report = form.save(commit=False)
    report.article = article
    report.save()
    return _back_with_thanks(request, article)


def _back_with_thanks(request, article):
    messages.success(request, REPORT_THANKS)
    response = HttpResponseRedirect(f"{article.get_absolute_url()}#report")
    response.status_code = 303
    return response


@method_decorator(never_cache, name="dispatch")
class PreviewView(ArticleDetailView):
    """A draft, in-review or scheduled article's page, for staff who may see it in the admin.

    The one exception to the one-doorway rule (every other public view reads
    Article.objects.published()): it is staff-only, answers 404 to everyone
    else, and is never cached or indexed (never_cache, X-Robots-Tag and a
    robots meta tag). Rights are asked of the ArticleAdmin, so the admin's
    row-level rules decide who may preview which article.
    """

    def get_object(self, queryset=None):
        user = self.request.user
        if not (user.is_active and user.is_staff):
            raise Http404("No article found.")
        article = unpack(get_object_or_404(article_for_preview(), pk=self.kwargs["pk"]))
        if not admin.site.get_model_admin(Article).has_view_or_change_permission(self.request, article):
            raise Http404("No article found.")
        return article

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_published:  # nothing to preview: show the real page
            return redirect(self.object)
        response = self.render_article()
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)


class CorrectionsView(UncountedListMixin, ListView):
    """Every correction, clarification and update on a live article, newest first: the newsroom's record."""

    template_name = "articles/corrections.html"
    context_object_name = "notes"
    paginate_by = 20
    allow_empty = True

    def get_queryset(self):
        return corrections_of_live_articles()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A note names its article: any article joining, leaving or changing can change this page.
        pages.depends_on(self.request, "corrections", "articles")
        context.update(
            feed_rss=reverse("articles:corrections-feed"),
            feed_atom=reverse("articles:corrections-feed-atom"),
            meta=listing_meta(
                self.request,
                self.request.path,
                title="Corrections and updates",
                description=CORRECTIONS_RECORD,
                page=context["page_obj"].number,
            ),
            description=CORRECTIONS_RECORD,
        )
        return context


@require_safe
def share_card(request, slug):
    """The article's share card as a PNG (articles/share_cards.py); a draft or a missing article has none."""
    article = get_object_or_404(
        Article.objects.published().select_related("spoiler_show").prefetch_related("shows"), slug=slug
    )
    version = share_cards.card_version(article)
    response = HttpResponse(share_cards.card_png(article, version), content_type="image/png")
    # The address carries the version of what the card shows: a matching one never changes.
    if request.GET.get("v") == version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response
