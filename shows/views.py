import datetime as dt
from urllib.parse import urlencode

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from hardening.crossorigin import same_origin_only
from pagecache import pages
from pictures.templatetags.pictures import picture_source
from publicpages import composed
from publicpages.prepared import Prepared
from publicpages.structured_data import listing_meta

from . import calendar
from .forms import WatchProgressForm
from .models import Genre, Network, Show, StreamingService
from .page_relations import SHOW_PAGE
from .structured_data import show_meta
from .watch_progress import progress_from, store_progress, with_episode

ACTING_ORDER = {"lead": 0, "supporting": 1, "cameo": 2}


class ShowIndexView(ListView):
    template_name = "shows/show_list.html"
    context_object_name = "shows"
    paginate_by = 48

    # ?status= takes a status; ?network=, ?service= and ?genre= take slugs.
    # Unknown values just match nothing.
    filters = {"status": "status", "network": "network__slug", "service": "services__slug", "genre": "genres__slug"}
    # Filtering across these many-to-many relations can repeat a show.
    many_valued = {"service", "genre"}

    def chosen_filters(self):
        # NUL is dropped: PostgreSQL refuses it in a query, and no slug or status holds one.
        chosen = {param: self.request.GET.get(param, "").replace("\x00", "").strip() for param in self.filters}
        return {param: value for param, value in chosen.items() if value}

    def get_queryset(self):
        shows = Show.objects.select_related("network")
        chosen = self.chosen_filters()
        for param, value in chosen.items():
            shows = shows.filter(**{self.filters[param]: value})
        return shows.distinct() if self.many_valued & chosen.keys() else shows

    def get_context_data(self, **kwargs):
        chosen = self.chosen_filters()
        context = super().get_context_data(
            chosen=chosen,
            filter_query=f"&{urlencode(chosen)}" if chosen else "",
            statuses=Show.Status.choices,
            networks=Network.objects.all(),
            services=StreamingService.objects.all(),
            genres=Genre.objects.all(),
            **kwargs,
        )
        pages.depends_on(self.request, "shows")
        context["meta"] = listing_meta(
            self.request,
            self.request.path,
            title="Shows",
            description="Korean dramas: airing, upcoming and ended.",
            page=context["page_obj"].number,
            params=chosen,
        )
        return context


# The show page's one query, compiled once per process (publicpages/prepared.py).
_SHOW_PAGE = Prepared(lambda slug: SHOW_PAGE.annotate(Show.objects.filter(slug=slug)), keep_plan=True, slug=str)


def show_for_page(slug):
    """The show at slug with everything its page shows (shows/page_relations.py): one query; 404 if none."""
    found = _SHOW_PAGE(slug=slug)
    if not found:
        raise Http404("No show found.")
    show = found[0]
    show.page_source = composed.read_values(show)  # what the page renders from, as read
    return SHOW_PAGE.unpack(show)


def split_credits(credits):
    """(cast, crew): leads, then supporting, then cameos, each in billing order; crew apart."""
    credits = sorted(credits, key=lambda c: (c.billing_order, c.person.name))
    cast = sorted((c for c in credits if c.kind in ACTING_ORDER), key=lambda c: ACTING_ORDER[c.kind])
    crew = [c for c in credits if c.kind not in ACTING_ORDER]
    return cast, crew


def where_to_watch_by_region(show):
    """[(region, [availability, …])], international first, then the rest by name."""
    regions = {}
    for availability in show.availabilities.all():
        label = "International" if availability.is_international else availability.regions
        regions.setdefault(label, []).append(availability)
    return sorted(regions.items(), key=lambda item: (item[0] != "International", item[0]))


# The articles about the show are the articles app's piece of the page, which says what its cards depend on.
ARTICLES_ABOUT = Template("{% load articles_tags %}{% articles_about show %}")
ARTICLES_ABOUT_MARKER = composed.marker("articles about the show")


class ShowDetailView(DetailView):
    """A show's page, composed once per process for what it shows (publicpages/composed.py).

    What it renders from: the show's row and related rows as read, its poster's renditions,
    the next episode and the first day still to come (they change with the clock), and the
    progress form's confirmation in the address. Its articles are put in on every request.
    """

    template_name = "shows/show_detail.html"
    context_object_name = "show"

    def get_object(self, queryset=None):
        return show_for_page(self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        self.object = show = self.get_object()
        articles = self.articles_about(show)
        next_episode, first_upcoming = self.schedule(show)
        key = (
            "show",
            show.page_source,
            picture_source(show.shown_picture),
            next_episode,
            first_upcoming,
            request.GET.get("progress"),
            request.GET.get("episode"),
        )

        def render():
            context = self.get_context_data(object=show, articles_about_html=mark_safe(ARTICLES_ABOUT_MARKER))
            return render_to_string(self.template_name, context, request)

        return composed.pages.respond(request, key, render, {ARTICLES_ABOUT_MARKER: articles})

    def articles_about(self, show):
        return ARTICLES_ABOUT.render(Context({"show": show, "request": self.request}))

    def schedule(self, show):
        """(the next episode's time, the first day whose episodes are still to come); page-cache lifetime set."""
        now = timezone.now()
        next_episode = show.next_airing(now)
        # Episodes from the next broadcast day on are still to come (today's may not have aired yet).
        first_upcoming = next_episode.date() if next_episode else timezone.localdate(now) + dt.timedelta(days=1)
        pages.depends_on(self.request, f"show:{show.pk}")
        pages.changes_with_time(self.request)
        return next_episode, first_upcoming

    def get_context_data(self, **kwargs):
        show = self.object
        cast, crew = split_credits(show.credits.all())
        next_episode, first_upcoming = self.schedule(show)
        if "articles_about_html" not in kwargs:  # the kept page has a marker there instead
            kwargs["articles_about_html"] = self.articles_about(show)
        return super().get_context_data(
            next_episode=next_episode,
            regions=where_to_watch_by_region(show),
            cast=cast,
            crew=crew,
            episodes=[
                (episode, bool(episode.air_date and episode.air_date < first_upcoming))
                for episode in show.episodes.all()
            ],
            meta=show_meta(self.request, show, cast=cast, crew=crew),
            **kwargs,
        )


# The form is on cached pages, so no CSRF token: cross-site posts are refused by Fetch Metadata.
@method_decorator(same_origin_only, name="dispatch")
class WatchProgressView(View):
    """POST “I've watched up to episode N” (or clear=1) for a show; sets the cookie, 303 back."""

    http_method_names = ["post"]

    def post(self, request, slug):
        show = get_object_or_404(Show, slug=slug)
        progress = progress_from(request)
        if request.POST.get("clear"):
            episode, outcome = 0, "cleared"
        else:
            form = WatchProgressForm(request.POST, show=show)
            if not form.is_valid():
                return self.form_invalid(request, slug, form)
            episode = form.cleaned_data["episode"]
            outcome = "saved" if episode else "cleared"
        # The page says what was saved from its address, so it stays one cached page for everyone.
        query = f"progress=saved&episode={episode}" if outcome == "saved" else "progress=cleared"
        response = HttpResponseRedirect(f"{show.get_absolute_url()}?{query}#watch-progress", status=303)
        store_progress(response, with_episode(progress, show.pk, episode))
        return response

    def form_invalid(self, request, slug, form):
        """The show page again, with the form's errors, as a 400."""
        page = ShowDetailView()
        page.setup(request, slug=slug)
        page.object = page.get_object()
        context = page.get_context_data(object=page.object, progress_form=form)
        return page.render_to_response(context, status=400)


@require_safe
def show_calendar(request, slug):
    """The show's upcoming episodes as an iCalendar file (RFC 5545) for calendar apps."""
    show = get_object_or_404(Show.objects.select_related("network").prefetch_related("air_slots"), slug=slug)
    body = calendar.episode_calendar(request, show, now=timezone.now())
    pages.depends_on(request, f"show:{show.pk}")
    pages.changes_with_time(request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{show.slug}.ics"'
    return response
