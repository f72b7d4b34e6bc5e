from django.db.models import F, Prefetch
from django.views.generic import DetailView, ListView

from pagecache import pages
from publicpages.structured_data import listing_meta

from .models import Credit, Person
from .structured_data import person_meta


class PersonIndexView(ListView):
    template_name = "people/person_list.html"
    context_object_name = "people"
    paginate_by = 60

    def get_queryset(self):
        return Person.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages.depends_on(self.request, "people")
        context["meta"] = listing_meta(
            self.request,
            self.request.path,
            title="People",
            description="Actors, writers and directors.",
            page=context["page_obj"].number,
        )
        return context


def filmography(credits):
    """[(show, [credit, …])]: one entry per show, newest first; a person may hold several credits on one."""
    shows = {}
    for credit in credits:
        shows.setdefault(credit.show_id, (credit.show, []))[1].append(credit)
    return list(shows.values())


class PersonDetailView(DetailView):
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.prefetch_related(
            Prefetch(
                "credits",
                queryset=Credit.objects.select_related("show").order_by(
                    F("show__premiere_date").desc(nulls_last=True), "show__title", "billing_order"
                ),
            )
        )

    def get_context_data(self, **kwargs):
        person = self.object
        credits = person.credits.all()
        # The filmography names shows. The articles about the person are the articles app's piece
        # of the page ({% articles_about person %}), which says what its cards depend on.
        pages.depends_on(self.request, f"person:{person.pk}", *(f"show:{credit.show_id}" for credit in credits))
        return super().get_context_data(
            filmography=filmography(credits),
            meta=person_meta(self.request, person),
            **kwargs,
        )
