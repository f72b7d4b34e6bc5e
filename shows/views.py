from django.views.generic import DetailView, ListView

from .models import Show


class ShowIndexView(ListView):
    template_name = "shows/show_list.html"
    context_object_name = "shows"
    paginate_by = 48

    def get_queryset(self):
        return Show.objects.select_related("network")


class ShowDetailView(DetailView):
    template_name = "shows/show_detail.html"
    context_object_name = "show"

    def get_queryset(self):
        # Credits come through the reverse relation: shows never import people.
        return Show.objects.select_related("network").prefetch_related(
            "air_slots", "availabilities__service", "episodes", "genres", "credits__person"
        )
