"""Site search: people, shows and published articles for one query."""

from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.views.generic import TemplateView

from articles.search import ArticlePages, search_articles
from pagecache import pages
from people.search import search_people
from shows.search import search_shows

# Long enough for any real query; anything longer is cut, never an error.
MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """The reader's query made safe to use: NUL bytes dropped, spaces collapsed, length capped."""
    return " ".join(raw.replace("\x00", "")[:MAX_QUERY_LENGTH].split())


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
        # The ids of every ranked match in one query (its length is the count), then the page's cards.
        paginator = Paginator(ArticlePages(search_articles(query)), self.articles_per_page)
        page_number = self.request.GET.get("page") or 1
        try:
            page = paginator.page(page_number)
        except InvalidPage as error:  # ?page=abc or past the end: a missing page, not an error
            raise Http404("No such page of results.") from error
        first_page = page.number == 1
        context.update(
            searched=True,
            # People and shows are few and shown once, above the first page of articles.
            people=list(search_people(query)) if first_page else [],
            shows=list(search_shows(query)) if first_page else [],
            page_obj=page,
            articles=page.object_list,
            # Page links carry the query along.
            query_param="&" + urlencode({"q": query}),
        )
        return context
