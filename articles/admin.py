from django.contrib import admin

from dramasite.admin_previews import thumbnail
from dramasite.history import HistoryAdmin

from .forms import OneLeadImageFormSet, byline_field
from .models import Article, ArticleImage, PullQuote, VideoEmbed


class ArticleImageInline(admin.StackedInline):
    model = ArticleImage
    formset = OneLeadImageFormSet
    extra = 0
    fields = ["image", "preview", "alt_text", "caption", "credit", "position", "is_lead"]
    readonly_fields = ["preview"]

    @admin.display(description="preview")
    def preview(self, image):
        return thumbnail(image.image, image.alt_text)


class PullQuoteInline(admin.StackedInline):
    model = PullQuote
    extra = 0


class VideoEmbedInline(admin.StackedInline):
    model = VideoEmbed
    extra = 0


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):  # history with restore; stale saves refused (dramasite/history.py)
    list_display = ["headline", "status", "is_live", "author", "section", "has_spoilers", "publish_at"]
    list_filter = ["status", "section", "has_spoilers"]
    list_select_related = ["author"]
    search_fields = ["headline", "dek"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["shows", "people", "spoiler_show"]
    inlines = [ArticleImageInline, PullQuoteInline, VideoEmbedInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", "section", "tags", "shows", "people", "author"]}),
        ("Publishing", {"fields": ["status", "publish_at"]}),
        ("Spoilers", {"fields": ["has_spoilers", "spoiler_show", "spoiler_through_episode", "spoiler_warning"]}),
    ]

    @admin.display(boolean=True, description="live")
    def is_live(self, article):
        return article.is_published

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            # Editors pick bylines by name; they need no right to browse user accounts.
            return byline_field(label=db_field.verbose_name.capitalize(), help_text=db_field.help_text)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        # New articles start with the person writing them in the byline.
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}


@admin.register(ArticleImage)
class ArticleImageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "position", "is_lead"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]


@admin.register(PullQuote)
class PullQuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "position"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]


@admin.register(VideoEmbed)
class VideoEmbedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "position"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
