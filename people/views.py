from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from .models import Credit, Person


class PersonIndexView(ListView):
    template_name = "people/person_list.html"
    context_object_name = "people"
    paginate_by = 60

    def get_queryset(self):
        return Person.objects.all()


class PersonDetailView(DetailView):
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.prefetch_related(
            Prefetch(
                "credits",
                queryset=Credit.objects.select_related("show").order_by("-show__premiere_date", "billing_order"),
            )
        )
