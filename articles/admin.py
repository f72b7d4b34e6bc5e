"""The article admin. Who may change what is decided in articles/roles.py; this
module only asks. The spoiler moderation screen and the report queue live in
articles/moderation_admin.py."""

from django.contrib import admin, messages
from django.contrib.admin.checks import ModelAdminChecks
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from adminsite.big_lists import BigListMixin
from editing.history import HistoryAdmin
from people.search import search_people
from pictures.thumbnails import thumbnail
from pictures.upload_rollback import UploadsRollBackAdminMixin
from shows.search import search_shows

from . import history_serializer, roles, spoiler_log
from .admin_display import ArticleStatusFilter, ShowsInUseFilter, SpoilerHistoryMixin, kst, spoiler_badge, status_label
from .forms import BylineChoiceField, OneLeadImageFormSet, RoleAwareArticleForm, byline_field
from .models import Article, ArticleImage, ArticlePerson, ArticleShow, PullQuote, Status, VideoEmbed


class OwnArticleInline:
    """Images, quotes and videos change only with an article the user may change."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or roles.can_edit_article(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.can_edit_article(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or roles.can_edit_article(request.user, obj))


class ArticleImageInline(OwnArticleInline, admin.StackedInline):
    model = ArticleImage
    formset = OneLeadImageFormSet
    extra = 0
    fields = ["image", "preview", "alt_text", "caption", "credit", "position", "is_lead"]
    readonly_fields = ["preview"]

    @admin.display(description="preview")
    def preview(self, image):
        return thumbnail(image.image, image.alt_text)


class PullQuoteInline(OwnArticleInline, admin.StackedInline):
    model = PullQuote
    extra = 0


class VideoEmbedInline(OwnArticleInline, admin.StackedInline):
    model = VideoEmbed
    extra = 0


# Many-to-many fields whose through model only adds the article's date (ArticleShow, ArticlePerson).
DATED_LINK_FIELDS = ("shows", "people")


class DatedLinkChecks(ModelAdminChecks):
    """Django's admin refuses a many-to-many field with its own through model (admin.E013), as it
    cannot fill in the extra columns. The only extra column of the shows' and people's links is
    the copy of the article's date, which articles/live_from.py fills in for any link added."""

    def _check_field_spec_item(self, obj, field_name, label):
        if field_name in DATED_LINK_FIELDS:
            return []
        return super()._check_field_spec_item(obj, field_name, label)


# History with restore and stale saves refused (editing/history.py); spoiler log on the history page.
@admin.register(Article)
# BigListMixin: fast at 100k rows (adminsite/big_lists.py).
class ArticleAdmin(BigListMixin, UploadsRollBackAdminMixin, SpoilerHistoryMixin, HistoryAdmin):
    checks_class = DatedLinkChecks
    form = RoleAwareArticleForm
    list_display = ["headline", "status_column", "author_column", "section", "spoilers_column", "publish_column"]
    list_filter = [ArticleStatusFilter, "section", "has_spoilers", ("shows", ShowsInUseFilter)]
    list_select_related = ["author", "spoiler_show"]
    search_fields = ["headline", "dek", "slug", "author__first_name", "author__last_name", "author__username"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["shows", "people", "spoiler_show"]
    inlines = [ArticleImageInline, PullQuoteInline, VideoEmbedInline]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", "section", "tags", "shows", "people", "author"]}),
        ("Publishing", {"fields": ["status", "publish_at"]}),
        ("Spoilers", {"fields": ["has_spoilers", "spoiler_show", "spoiler_through_episode", "spoiler_warning"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        # As the site search: the articles about a show or person named in any spelling ("김지원"),
        # besides the words in the headline, dek, slug or byline.
        found, distinct = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            shows = [show.pk for show in search_shows(search_term, limit=20)]
            people = [person.pk for person in search_people(search_term, limit=20)]
            if shows or people:
                about = Exists(ArticleShow.objects.filter(article=OuterRef("pk"), show__in=shows)) | Exists(
                    ArticlePerson.objects.filter(article=OuterRef("pk"), person__in=people)
                )
                found |= queryset.filter(about)
        return found, distinct

    # Rights: writers change only their own drafts and articles in review;
    # only editors publish, schedule, unpublish or delete.

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.can_edit_article(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and roles.can_delete_article(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        if roles.can_publish(request.user):
            return self.readonly_fields
        # The publish time is scheduling, which is the editors' call.
        return [*self.readonly_fields, "publish_at"]

    def get_autocomplete_fields(self, request):
        if roles.can_publish(request.user):
            return [*self.autocomplete_fields, "author"]
        return self.autocomplete_fields

    def reversion_register(self, model, **kwargs):
        # An article's versions list its shows and people, so a restore brings them back.
        if model is Article:
            kwargs["format"] = history_serializer.FORMAT
        super().reversion_register(model, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The form's clean() refuses status changes the role may not make.
        return type(form.__name__, (form,), {"acting_user": request.user})

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not roles.can_publish(request.user):
            kwargs["choices"] = [(value, label) for value, label in Status.choices if value in roles.WRITER_STATUSES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            # Bylines are picked by name from staff; a writer's byline is their own.
            label = db_field.verbose_name.capitalize()
            if not roles.can_publish(request.user):
                own = get_user_model().objects.filter(pk=request.user.pk)
                return BylineChoiceField(queryset=own, label=label, help_text=db_field.help_text)
            widget = AutocompleteSelect(db_field, self.admin_site)
            return byline_field(label=label, help_text=db_field.help_text, widget=widget)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in DATED_LINK_FIELDS:
            # Django's admin gives no field to a many-to-many with its own through model
            # (see DatedLinkChecks); these get the autocomplete box they had before it.
            using = kwargs.get("using")
            kwargs.setdefault("widget", AutocompleteSelectMultiple(db_field, self.admin_site, using=using))
            queryset = self.get_field_queryset(using, db_field, request)
            if queryset is not None:
                kwargs.setdefault("queryset", queryset)
            return db_field.formfield(**kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        # New articles start with the person writing them in the byline.
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        with spoiler_log.acting(request.user, "article admin"):
            super().save_model(request, obj, form, change)

    def restored(self, request, before, after):
        # The restore writes the old row before the form saves it, so the model-level
        # spoiler log sees no change; record it here.
        spoiler_log.record_between(before, after, request.user, "history restore")

    def has_publish_permission(self, request):
        """The publish and unpublish actions are offered (and run) for editors only."""
        return roles.can_publish(request.user)

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        self._require_publisher(request)
        now = timezone.now()
        count = 0
        with spoiler_log.acting(request.user, "publish action"):
            for article in queryset:
                if article.is_published:
                    continue
                # A scheduled or never-dated article goes live now; one taken back keeps its date.
                if article.publish_at is None or article.publish_at > now:
                    article.publish_at = now
                article.status = Status.PUBLISHED
                article.save(update_fields=["status", "publish_at", "updated_at"])
                self.log_change(request, article, "Published with the “Publish now” action.")
                count += 1
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._require_publisher(request)
        count = 0
        with spoiler_log.acting(request.user, "unpublish action"):
            for article in queryset.filter(status=Status.PUBLISHED):
                article.status = Status.DRAFT
                article.save(update_fields=["status", "updated_at"])
                self.log_change(request, article, "Unpublished (back to draft) with the list action.")
                count += 1
        self.message_user(request, f"Unpublished {count} article(s).", messages.SUCCESS)

    def _require_publisher(self, request):
        if not roles.can_publish(request.user):
            raise PermissionDenied("Only editors publish or unpublish.")

    # The list --------------------------------------------------------------

    @admin.display(description="status", ordering="status")
    def status_column(self, article):
        return status_label(article)

    @admin.display(description="author", ordering="author__last_name")
    def author_column(self, article):
        return article.author.get_full_name() or article.author.get_username()

    @admin.display(description="spoilers", ordering="has_spoilers")
    def spoilers_column(self, article):
        return spoiler_badge(article)

    @admin.display(description="publish time (KST)", ordering="publish_at")
    def publish_column(self, article):
        return kst(article.publish_at) if article.publish_at else "—"


class MediaAdmin(UploadsRollBackAdminMixin, admin.ModelAdmin):
    """Media rows edited on their own: the same rule as the article they belong to."""

    list_select_related = ["article"]
    autocomplete_fields = ["article"]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.can_edit_article(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or roles.can_edit_article(request.user, obj.article))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article" and not roles.can_publish(request.user):
            kwargs["queryset"] = Article.objects.filter(author=request.user, status__in=roles.WRITER_STATUSES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ArticleImage)
class ArticleImageAdmin(MediaAdmin):
    list_display = ["__str__", "article", "position", "is_lead"]


@admin.register(PullQuote)
class PullQuoteAdmin(MediaAdmin):
    list_display = ["__str__", "article", "position"]


@admin.register(VideoEmbed)
class VideoEmbedAdmin(MediaAdmin):
    list_display = ["__str__", "article", "position"]


# Bylines ---------------------------------------------------------------------

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    """Django's user admin, plus the byline autocomplete for editors.

    Picking a byline must not need the right to browse accounts, so the
    autocomplete lookup for Article.author is allowed to editors on its own and
    offers active staff only.
    """

    def _is_byline_lookup(self, request):
        return (
            request.path == reverse("admin:autocomplete")
            and request.GET.get("app_label") == "articles"
            and request.GET.get("model_name") == "article"
            and request.GET.get("field_name") == "author"
        )

    def has_view_permission(self, request, obj=None):
        if obj is None and self._is_byline_lookup(request):
            return roles.can_publish(request.user)
        return super().has_view_permission(request, obj)

    def get_search_fields(self, request):
        # Editors pick a byline by name; an account's e-mail address is not theirs to probe.
        if self._is_byline_lookup(request):
            return ["username", "first_name", "last_name"]
        return super().get_search_fields(request)

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        if self._is_byline_lookup(request):
            queryset = queryset.filter(is_staff=True, is_active=True)
        return queryset, distinct


# The moderation screen and the report queue; the tag admin (article tags are TaggedArticle rows).
from . import moderation_admin, tag_admin  # noqa: E402, F401
