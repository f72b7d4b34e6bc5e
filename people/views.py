from django.http import Http404
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView

from pagecache import pages
from pictures.templatetags.pictures import picture_source
from publicpages import composed
from publicpages.prepared import Prepared
from publicpages.structured_data import listing_meta

from .models import Person
from .page_relations import PERSON_PAGE
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


# The person page's one query, compiled once per process (publicpages/prepared.py).
_PERSON_PAGE = Prepared(lambda slug: PERSON_PAGE.annotate(Person.objects.filter(slug=slug)), keep_plan=True, slug=str)
# The articles about the person are the articles app's piece of the page, which says what its cards depend on.
ARTICLES_ABOUT = Template("{% load articles_tags %}{% articles_about person %}")
ARTICLES_ABOUT_MARKER = composed.marker("articles about the person")


class PersonDetailView(DetailView):
    """A person's page, composed once per process for what it shows (publicpages/composed.py).

    What it renders from: the person's row and credits as read, and their photo's
    renditions. Their articles are put in on every request.
    """

    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_object(self, queryset=None):
        found = _PERSON_PAGE(slug=self.kwargs["slug"])
        if not found:
            raise Http404("No person found.")
        person = found[0]
        person.page_source = composed.read_values(person)  # what the page renders from, as read
        return PERSON_PAGE.unpack(person)

    def get(self, request, *args, **kwargs):
        self.object = person = self.get_object()
        # The filmography names shows.
        pages.depends_on(request, f"person:{person.pk}", *(f"show:{credit.show_id}" for credit in person.credits.all()))
        articles = ARTICLES_ABOUT.render(Context({"person": person, "request": request}))
        key = ("person", person.page_source, picture_source(person.shown_picture))

        def render():
            context = self.get_context_data(object=person, articles_about_html=mark_safe(ARTICLES_ABOUT_MARKER))
            return render_to_string(self.template_name, context, request)

        return composed.pages.respond(request, key, render, {ARTICLES_ABOUT_MARKER: articles})

    def get_context_data(self, **kwargs):
        person = self.object
        return super().get_context_data(
            filmography=filmography(person.credits.all()),
            meta=person_meta(self.request, person),
            **kwargs,
        )
