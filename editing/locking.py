"""Optimistic locking: a second editor's stale save is refused, not silently applied.

Three small pieces:

- ``VersionedModel`` (abstract) gives a model a ``version`` counter that every
  save through ``save()`` raises by one.
- ``OptimisticLockFormMixin`` carries the version the editor opened in a
  hidden field. On a change it re-reads the row's version *with a row lock*
  (``select_for_update``) and refuses the form with a non-field error when
  someone saved in between. The error is a form error, so the refused editor
  gets the page back with everything they typed.
- ``OptimisticLockAdminMixin`` plugs the form mixin into a ModelAdmin and shows
  the hidden field. editing.history.HistoryAdmin builds on it so restoring
  an old version is locked against the live row too.

Why it is safe under concurrency: the admin runs the whole change view (form
validation, save_model and every inline formset) in one transaction. The row
lock taken while validating is held until that transaction commits, so on
PostgreSQL a second concurrent save waits, then reads the new version and is
refused. On SQLite the database's single-writer lock gives the same outcome
(the second writer cannot commit a write based on a stale read). Because the
parent row's version is raised on every admin save, a change made only in an
inline (a caption, a quote) also counts as a save of the article.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

LOCK_FIELD = "lock_version"
LIVE_VERSION_ATTR = "_locking_live_version"


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised by one on every save; the admin refuses saves based on an older number.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version = (self.version or 0) + 1
            # A partial save (the publish action's update_fields) is still a save.
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


def stale_message(opts, saved_at):
    """What the refused editor reads."""
    # The staff screens' one format, with its zone: "at 2 Dec 2026, 12:18 KST" (dramasite/formats).
    when = f" at {date_format(timezone.localtime(saved_at), 'DATETIME_FORMAT')}" if saved_at else ""
    return (
        f"Someone else saved this {opts.verbose_name}{when} since you opened it; your changes are below, "
        "copy what you need and reload."
    )


class OptimisticLockFormMixin(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Set by the admin when the row in the database is not the live one
    # (django-reversion reverts it inside the transaction before showing the form).
    live_version = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            version = self.live_version if self.live_version is not None else self.instance.version
            self.fields[LOCK_FIELD].initial = version

    def _locked_row(self):
        model = type(self.instance)
        fields = ["version"] + (["updated_at"] if any(f.name == "updated_at" for f in model._meta.fields) else [])
        # Locks the row until the admin's transaction ends (a no-op on SQLite).
        return model._default_manager.select_for_update().filter(pk=self.instance.pk).values(*fields).first()

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or self.instance._state.adding:
            return cleaned_data
        row = self._locked_row()
        if row is None:  # deleted meanwhile: the admin's own checks take over
            return cleaned_data
        current = self.live_version if self.live_version is not None else row["version"]
        if cleaned_data.get(LOCK_FIELD) != current:
            opts = self.instance._meta.concrete_model._meta  # "article", also on a proxy screen
            raise ValidationError(stale_message(opts, row.get("updated_at")), code="stale")
        # save() raises it by one from the live number, whatever a revert put in the row.
        self.instance.version = current
        return cleaned_data


class OptimisticLockAdminMixin:
    """Put first in a ModelAdmin's bases: ``class ArticleAdmin(OptimisticLockAdminMixin, ..., admin.ModelAdmin)``."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        if not issubclass(base, OptimisticLockFormMixin):
            kwargs["form"] = type(f"Locked{base.__name__}", (OptimisticLockFormMixin, base), {})
        form = super().get_form(request, obj, change=change, **kwargs)
        # Set by HistoryAdmin while a restore is shown or saved. modelform_factory
        # makes a fresh class per call, so this stays per request.
        form.live_version = getattr(request, LIVE_VERSION_ATTR, None)
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # context["errors"]: the form's and every inline's (an image without alt text).
        if change and obj is not None and context.get("errors"):
            # A refused save left the typed values on obj; the page is titled by what is stored,
            # not by the headline it just refused.
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                context.update(original=stored, subtitle=str(stored))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**opts, "fields": list(opts["fields"])}) for name, opts in super().get_fieldsets(request, obj)
        ]
        if obj is not None and LOCK_FIELD not in flatten_fieldsets(fieldsets):
            fieldsets[0][1]["fields"].append(LOCK_FIELD)
        return fieldsets
