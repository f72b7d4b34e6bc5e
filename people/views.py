from django.db.models import F, Prefetch
from django.views.generic import DetailView, ListView

from dramasite import pagecache
from dramasite.structured_data import listing_meta, person_meta

from .models import Credit, Person

PERSON_ARTICLES_LIMIT = 10


class PersonIndexView(ListView):
    template_name = "people/person_list.html"
    context_object_name = "people"
    paginate_by = 60

    def get_queryset(self):
        return Person.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pagecache.depends_on(self.request, "people")
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


def articles_about(person):
    """The person's live articles, newest first, read from their links' index (ArticleQuerySet.about_person).

    Through the reverse relation's model and published(): people never import
    articles. Not person.articles, which already joins the links once:
    about_person() would join them again.
    """
    return person.articles.model.objects.published().about_person(person)


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
        articles = list(articles_about(person).for_cards()[: PERSON_ARTICLES_LIMIT + 1])
        credits = person.credits.all()
        # The filmography names shows; article cards name their author and spoiled show.
        pagecache.depends_on(
            self.request,
            f"person:{person.pk}",
            *(f"show:{credit.show_id}" for credit in credits),
            *(f"author:{article.author_id}" for article in articles),
            *(f"show:{article.spoiler_show_id}" for article in articles if article.spoiler_show_id),
        )
        return super().get_context_data(
            filmography=filmography(credits),
            articles=articles[:PERSON_ARTICLES_LIMIT],
            more_articles=len(articles) > PERSON_ARTICLES_LIMIT,
            meta=person_meta(self.request, person),
            **kwargs,
        )
