from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView
from django_ratelimit.core import is_ratelimited

from .forms import SpoilerReportForm
from .layout import lay_out
from .models import Article
from .selectors import article_for_page, live_articles


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return live_articles()


class ArticleDetailView(DetailView):
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


# Readers' spoiler reports -------------------------------------------------------

REPORT_RATE = "5/h"  # per client address; see README "Reader reports"
REPORT_THANKS = "Thank you. A moderator will look at your report."


@require_POST
def report_spoiler(request, slug):
    """A reader says a published article spoils something it does not warn about.

    Post/Redirect/Get: a stored report (or a bot's, silently dropped) redirects
    back to the article with 303; a bad form is a 400 page with the input kept;
    too many reports from one address is a 429. CSRF is Django's (403).
    """
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if is_ratelimited(request, group="spoiler-report", key="ip", rate=REPORT_RATE, method="POST", increment=True):
        return render(request, "articles/report_limited.html", {"article": article}, status=429)
    form = SpoilerReportForm(request.POST)
    if form.is_bot():
        # Look the same as success, so the bot learns nothing; store nothing.
        return _back_with_thanks(request, article)
    if not form.is_valid():
        return render(request, "articles/report_page.html", {"article": article, "form": form}, status=400)
    report = form.save(commit=False)
    report.article = article
    report.save()
    return _back_with_thanks(request, article)


def _back_with_thanks(request, article):
    messages.success(request, REPORT_THANKS)
    response = HttpResponseRedirect(f"{article.get_absolute_url()}#report")
    response.status_code = 303
    return response
