from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView, ListView

from .forms import WatchProgressForm
from .models import Show
from .watch_progress import PersonalisedByProgressMixin, progress_from, store_progress, with_episode


class ShowIndexView(ListView):
    template_name = "shows/show_list.html"
    context_object_name = "shows"
    paginate_by = 48

    # ?network=, ?service= and ?genre= take slugs; unknown slugs just match nothing.
    filters = {"network": "network__slug", "service": "services__slug", "genre": "genres__slug"}
    # Filtering across these many-to-many relations can repeat a show.
    many_valued = {"service", "genre"}

    def get_queryset(self):
        shows = Show.objects.select_related("network")
        chosen = {param: value for param in self.filters if (value := self.request.GET.get(param))}
        for param, value in chosen.items():
            shows = shows.filter(**{self.filters[param]: value})
        return shows.distinct() if self.many_valued & chosen.keys() else shows


class ShowDetailView(PersonalisedByProgressMixin, DetailView):
    template_name = "shows/show_detail.html"
    context_object_name = "show"

    def get_queryset(self):
        # Credits come through the reverse relation: shows never import people.
        return Show.objects.select_related("network").prefetch_related(
            "air_slots", "availabilities__service", "episodes", "genres", "credits__person"
        )


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
        response = HttpResponseRedirect(f"{show.get_absolute_url()}?progress={outcome}#watch-progress", status=303)
        store_progress(response, with_episode(progress, show.pk, episode))
        return response

    def form_invalid(self, request, slug, form):
        """The show page again, with the form's errors, as a 400."""
        page = ShowDetailView()
        page.setup(request, slug=slug)
        page.object = page.get_object()
        context = page.get_context_data(object=page.object, progress_form=form)
        return page.render_to_response(context, status=400)
