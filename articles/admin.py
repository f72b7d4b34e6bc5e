"""The article admin. Who may change what is decided in articles/roles.py; this
module only asks. The spoiler moderation screen and the report queue live in
articles/moderation_admin.py."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.checks import ModelAdminChecks
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from adminsite.big_lists import BigListMixin
from editing.history import HistoryAdmin
from editing.read_only import SaysWhyReadOnlyMixin
from editing.richtext import sanitize_html
from people.search import search_people
from pictures.forms import LibraryPictureForm
from pictures.thumbnails import thumbnail
from pictures.upload_rollback import UploadsRollBackAdminMixin
from shows.search import search_shows

from . import history_serializer, review, roles, spoiler_log
from .admin_display import (
    ArticleStatusFilter,
    ShowsInUseFilter,
    SpoilerHistoryMixin,
    kst,
    spoiler_badge,
    status_label,
    who,
)
from .forms import BylineChoiceField, OneLeadImageFormSet, RoleAwareArticleForm, byline_field
from .models import (
    Article,
    ArticleCoAuthor,
    ArticleImage,
    ArticlePerson,
    ArticleShow,
    Contributor,
    Correction,
    PullQuote,
    Status,
    VideoEmbed,
)
from .spoilers import render_inline_spoilers


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
    """A picture from the library (or a new upload, which joins it), with this article's own caption."""

    model = ArticleImage
    form = LibraryPictureForm
    formset = OneLeadImageFormSet
    extra = 0
    fields = ["library_photo", "image", "preview", "alt_text", "credit", "caption", "position", "is_lead"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["library_photo"]

    @admin.display(description="preview")
    def preview(self, image):
        return thumbnail(image.image, image.alt_text)


# A plain address box: Django's admin widget shows the value as a "Currently:" link, and after a
# refused save that would link the very address refused (a video from another site).
PLAIN_URL_INPUT = {models.URLField: {"widget": forms.URLInput(attrs={"class": "vURLField"})}}


class PullQuoteInline(OwnArticleInline, admin.StackedInline):
    model = PullQuote
    extra = 0
    formfield_overrides = PLAIN_URL_INPUT


class VideoEmbedInline(OwnArticleInline, admin.StackedInline):
    model = VideoEmbed
    extra = 0
    formfield_overrides = PLAIN_URL_INPUT


class CoAuthorFormSet(forms.BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        # The same words as the constraint's, for the same mistake caught on the form.
        if "staff" in unique_check:
            return "This staff member is already in the byline."
        if "contributor" in unique_check:
            return "This guest contributor is already in the byline."
        return super().get_unique_error_message(unique_check)


class CoAuthorInline(OwnArticleInline, admin.TabularInline):
    """The names after the author's in the byline: colleagues, or guest contributors without a login."""

    model = ArticleCoAuthor
    formset = CoAuthorFormSet
    extra = 0
    fields = ["position", "staff", "contributor"]
    autocomplete_fields = ["contributor"]
    verbose_name_plural = "Co-authors (in the byline after the author, in order)"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "staff":
            return byline_field(label="Staff member", required=False, help_text=db_field.help_text)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CorrectionInline(OwnArticleInline, admin.StackedInline):
    """Dated corrections, clarifications and updates: editors add them (writers read them)."""

    model = Correction
    extra = 0
    fields = ["kind", "noted_at", "text"]
    verbose_name = "correction or update"
    verbose_name_plural = "Corrections and updates (shown to readers, dated)"


BODY_AS_READ = "body_as_read"  # ArticleAdmin.body_as_read
REVIEW_NOTES = "review_notes_column"  # ArticleAdmin.review_notes_column
SHARE_IMAGE_PREVIEW = "share_image_preview"  # ArticleAdmin.share_image_preview
NOTE_TO_WRITER = "note_to_writer"  # RoleAwareArticleForm.note_to_writer, editors only

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
    inlines = [CoAuthorInline, ArticleImageInline, PullQuoteInline, VideoEmbedInline, CorrectionInline]
    # A restore brings back an article's text, not its record of corrections.
    history_keeps = (Correction,)
    readonly_fields = [REVIEW_NOTES, BODY_AS_READ, SHARE_IMAGE_PREVIEW]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", "section", "tags", "shows", "people", "author"]}),
        ("Publishing", {"fields": ["status", "publish_at", "unpublish_at"]}),
        (
            "Spoilers",
            {
                "fields": [
                    "has_spoilers",
                    "spoiler_show",
                    "spoiler_through_episode",
                    "spoiler_warning",
                    "spoiler_teaser",
                ]
            },
        ),
        (
            "Search and sharing",
            {
                "classes": ["collapse"],
                "description": "Optional. Empty fields use the headline, the dek and the lead image or share card.",
                "fields": ["seo_title", "meta_description", "social_image", SHARE_IMAGE_PREVIEW, "social_image_alt"],
            },
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        # As the site search: the articles about a show or person named in any spelling ("김지원"),
        # besides the words in the headline, dek, slug or byline.
        found, distinct = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            shows = [show.pk for show in search_shows(search_term, limit=20)]
            people = [person.pk for person in search_people(search_term, limit=20)]
            if shows or people:
                about = Exists(ArticleShow.objects.filter(article=OuterRef("pk"), show__in=shows)) | Exists(
                    ArticlePerson.objects.filter(article=OuterRef("pk"), person__in=people)
                )
                found |= queryset.filter(about)
            # And the articles a guest or a colleague co-wrote, by the name in the byline.
            signed = ArticleCoAuthor.objects.filter(article=OuterRef("pk")).filter(
                Q(contributor__name__icontains=term)
                | Q(staff__username__icontains=term)
                | Q(staff__first_name__icontains=term)
                | Q(staff__last_name__icontains=term)
            )
            found |= queryset.filter(Exists(signed))
        return found, distinct

    def get_queryset(self, request):
        # The list's author column shows the whole byline, from one SQL value per row.
        return super().get_queryset(request).with_co_authors_listed()

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
        # The publish and take-down times are scheduling, which is the editors' call.
        fields = [*self.readonly_fields, "publish_at", "unpublish_at"]
        if obj is not None and obj.author_id != request.user.pk:
            # A co-author edits the article but keeps the byline's first name as it is.
            fields.append("author")
        return fields

    def locked_reason(self, request, obj):
        return roles.locked_reason(request.user, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self._has_review_notes(obj):
            fieldsets = [("Notes from editors", {"fields": [REVIEW_NOTES]}), *fieldsets]
        if roles.can_publish(request.user):
            fieldsets = [
                (name, {**options, "fields": [*options["fields"], NOTE_TO_WRITER]})
                if name == "Publishing"
                else (name, options)
                for name, options in fieldsets
            ]
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only, the body is shown as the reader sees it, not as HTML source.
        return [
            (name, {**options, "fields": [BODY_AS_READ if f == "body" else f for f in options["fields"]]})
            for name, options in fieldsets
        ]

    @staticmethod
    def _has_review_notes(article):
        # Asked by each of the admin's several get_fieldsets() calls in one request: one query.
        if not hasattr(article, "_has_review_notes"):
            article._has_review_notes = article.review_notes.exists()
        return article._has_review_notes

    @admin.display(description="notes")
    def review_notes_column(self, article):
        notes = article.review_notes.select_related("written_by")[:10]
        return format_html_join(
            "",
            '<blockquote class="review-note"><p>{}</p><footer>{}, {}</footer></blockquote>',
            ((note.text, who(note.written_by), kst(note.written_at)) for note in notes),
        )

    @admin.display(description="current share image")
    def share_image_preview(self, article):
        return thumbnail(article.social_image, article.social_image_alt)

    @admin.display(description="body")
    def body_as_read(self, article):
        return render_inline_spoilers(sanitize_html(article.body), revealed=True)

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
        old_status = form.initial.get("status") if change else None
        with spoiler_log.acting(request.user, "article admin"):
            super().save_model(request, obj, form, change)
        # The note field is declared on the form, so a crafted POST could carry it: editors' only.
        written = form.cleaned_data.get(NOTE_TO_WRITER) if roles.can_publish(request.user) else None
        note = review.add_note(obj, written, request.user)
        review.status_changed(obj, old_status, request.user, site=review.base_url(request), note=note)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        # Who wrote each new note, for the record (readers see the newsroom's name, not a person's).
        for note in formset.save(commit=False):
            if note.noted_by_id is None:
                note.noted_by = request.user
            note.save()
        for note in formset.deleted_objects:
            note.delete()
        return None

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
        now, site = timezone.now(), review.base_url(request)
        count = 0
        with spoiler_log.acting(request.user, "publish action"):
            for article in queryset:
                if article.is_published:
                    continue
                # A scheduled or never-dated article goes live now; one taken back keeps its date.
                if article.publish_at is None or article.publish_at > now:
                    article.publish_at = now
                old_status, article.status = article.status, Status.PUBLISHED
                article.save(update_fields=["status", "publish_at", "updated_at"])
                self.log_change(request, article, "Published with the “Publish now” action.")
                review.status_changed(article, old_status, request.user, site=site)
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

    @admin.display(description="byline", ordering="author__last_name")
    def author_column(self, article):
        return article.byline_text

    @admin.display(description="spoilers", ordering="has_spoilers")
    def spoilers_column(self, article):
        return spoiler_badge(article)

    @admin.display(description="publish time (KST)", ordering="publish_at")
    def publish_column(self, article):
        return kst(article.publish_at) if article.publish_at else "—"


class MediaAdmin(SaysWhyReadOnlyMixin, UploadsRollBackAdminMixin, admin.ModelAdmin):
    """Media rows edited on their own: the same rule as the article they belong to."""

    def locked_reason(self, request, obj):
        return roles.locked_reason(request.user, obj.article)

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
            kwargs["queryset"] = roles.writers_articles(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ArticleImage)
class ArticleImageAdmin(MediaAdmin):
    form = LibraryPictureForm
    list_display = ["__str__", "article", "position", "is_lead"]
    autocomplete_fields = [*MediaAdmin.autocomplete_fields, "library_photo"]


@admin.register(PullQuote)
class PullQuoteAdmin(MediaAdmin):
    formfield_overrides = PLAIN_URL_INPUT
    list_display = ["__str__", "article", "position"]


@admin.register(VideoEmbed)
class VideoEmbedAdmin(MediaAdmin):
    formfield_overrides = PLAIN_URL_INPUT
    list_display = ["__str__", "article", "position"]


# Bylines ---------------------------------------------------------------------


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    """Guest bylines: writers and editors add and change them; only editors remove one, never one in use."""

    list_display = ["name", "bio", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "bio", "url"]
    # Removing one still in a byline is refused by Django's delete page, which lists those bylines (PROTECT).


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


def review_queue_panel(request):
    """The editors' "Waiting for review" list on the admin index (articles/review.py)."""
    if not roles.can_publish(request.user):
        return None
    now = timezone.now()
    articles = review.waiting_for_review()
    return {
        "template": "admin/articles/includes/review_queue.html",
        "count": len(articles) if len(articles) < review.QUEUE_SHOWN else review.waiting_count(),
        "articles": [{"article": a, "writer": who(a.author), "age": review.age(a, now)} for a in articles],
    }


admin.site.add_index_panel(review_queue_panel)
