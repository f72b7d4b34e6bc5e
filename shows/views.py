from django.views.generic import DetailView, ListView

from .models import Show


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


class ShowDetailView(DetailView):
    template_name = "shows/show_detail.html"
    context_object_name = "show"

    def get_queryset(self):
        # Credits come through the reverse relation: shows never import people.
        return Show.objects.select_related("network").prefetch_related(
            "air_slots", "availabilities__service", "episodes", "genres", "credits__person"
        )
