"""Site search: people, shows and published articles for one query."""

from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.views.generic import TemplateView

from articles.search import ArticlePages, find_articles, query_terms
from editing.names import closest_name
from pagecache import pages
from people.search import every_name, people_named_in, search_people
from shows.search import every_title, search_shows, shows_named_in

# Long enough for any real query; anything longer is cut, never an error.
MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """The reader's query made safe to use: NUL bytes dropped, spaces collapsed, length capped.

    A query of punctuation only is no query: the page shows the empty form.
    """
    query = " ".join(raw.replace("\x00", "")[:MAX_QUERY_LENGTH].split())
    return query if any(char.isalnum() for char in query) else ""


def suggestion(query):
    """The known show or person name nearest to a query that found nothing ("Did you mean Kim Ji Won?").

    One query for every title and one for every name, compared in Python.
    """
    return closest_name(query, [*every_title(), *every_name()])


class SearchView(TemplateView):
    template_name = "search/results.html"
    articles_per_page = 20

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("q", ""))
        # Results can hold any article, show or person.
        pages.depends_on(self.request, "articles", "shows", "people")
        context = super().get_context_data(query=query, **kwargs)
        if not query:
            return context
        # The shows and people the query names: their own results, and their articles first.
        named_shows, named_people = list(shows_named_in(query)), list(people_named_in(query))
        matches = find_articles(query, shows=named_shows, people=named_people)
        # The ranked ids (their number is the count), then the page's cards.
        paginator = Paginator(ArticlePages(matches), self.articles_per_page)
        page_number = self.request.GET.get("page") or 1
        try:
            page = paginator.page(page_number)
        except InvalidPage as error:  # ?page=abc or past the end: a missing page, not an error
            raise Http404("No such page of results.") from error
        first_page = page.number == 1
        # People and shows are few and shown once, above the first page of articles.
        people = list(search_people(query, named=named_people)) if first_page else []
        shows = list(search_shows(query, named=named_shows)) if first_page else []
        nothing = first_page and not (people or shows or matches.ids)
        context.update(
            searched=True,
            people=people,
            shows=shows,
            suggestion=suggestion(query) if nothing and query_terms(query) else None,
            page_obj=page,
            articles=page.object_list,
            # Page links carry the query along.
            query_param="&" + urlencode({"q": query}),
        )
        return context
