"""The tag admin: django-taggit's, for article tags linked through articles.TaggedArticle.

taggit's own admin edits its generic link table, which articles no longer use
(see TaggedArticle): its inline would list nothing, and "Merge selected tags"
would re-point none of an article's tags and say it had. This one keeps
taggit's list, form and merge screen, drops the inline, and merges through
each article's tag manager, so the links' live times and the page cache follow
as they do when an editor changes an article's tags.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from taggit import admin as taggit_admin  # registers taggit's TagAdmin, replaced below
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from .models import Article

admin.site.unregister(Tag)


@admin.register(Tag)
class ArticleTagAdmin(taggit_admin.TagAdmin):
    inlines = []

    def merge_tags_view(self, request):
        # taggit's view only asks for a staff login; merging changes tags.
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = MergeTagsForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return super().merge_tags_view(request)  # the form, or taggit's "invalid" message
        chosen = request.session.pop("selected_tag_ids", "").split(",")
        merge_tags(Tag.objects.filter(pk__in=[pk for pk in chosen if pk.isdigit()]), form.cleaned_data["new_tag_name"])
        self.message_user(request, "Tags have been merged", level=messages.SUCCESS)
        return redirect("..")


@transaction.atomic
def merge_tags(tags, name):
    """Every article with one of the tags gets the tag called name instead (made if new)."""
    merged, _ = Tag.objects.get_or_create(name=name)
    for tag in tags.exclude(pk=merged.pk):
        for article in Article.objects.filter(tag_links__tag=tag):
            article.tags.add(merged)
            article.tags.remove(tag)
    return merged
