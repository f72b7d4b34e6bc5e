from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .layout import lay_out
from .selectors import article_for_page, live_articles
from .spoilers import SpoilerShieldMixin


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return live_articles()


class ArticleDetailView(SpoilerShieldMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        return get_object_or_404(article_for_page(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        article = self.object
        images = list(article.images.all())
        lead = next((image for image in images if image.is_lead), None)
        placed = [image for image in images if not image.is_lead]
        return super().get_context_data(
            lead_image=lead,
            blocks=lay_out(article.body, placed, article.quotes.all(), article.videos.all()),
            primary_show=next(iter(article.shows.all()), None),
            where_to_watch=[
                line for show in article.shows.all() if (line := show.where_to_watch(as_of=article.publish_at))
            ],
            **kwargs,
        )
