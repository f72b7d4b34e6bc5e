"""Admin history with restore (django-reversion), made safe for a newsroom.

``HistoryAdmin`` is django-reversion's VersionAdmin with optimistic locking
(editing.locking) and three guards reversion does not give by itself:

- Restoring puts the old row in the database (inside a transaction) before
  the change form runs, so the admin's rights checks would see the *old*
  article. We check ``has_change_permission`` (or view, to look) on the live
  row first: a writer cannot regain a published article by restoring the
  draft it once was.
- A version id must belong to this model; reversion only matches the object
  id, so a show's version could otherwise be restored through the article
  admin.
- Deleted objects can be listed and recovered only by those who may delete
  them.

The restored values are saved through the change form, so rich text passes
through the sanitiser again; reversion's own raw revert is covered by
SanitizedRichTextField.get_prep_value.
"""

from functools import partial

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.forms.models import _get_foreign_key
from django.http import Http404
from reversion.admin import VersionAdmin
from reversion.models import Version

from .locking import LIVE_VERSION_ATTR, OptimisticLockAdminMixin
from .read_only import SaysWhyReadOnlyMixin


class HistoryAdmin(SaysWhyReadOnlyMixin, OptimisticLockAdminMixin, VersionAdmin):
    # Inline models a restore leaves as they are now (a dated correction stays, whatever version comes back).
    history_keeps = ()

    def _guard_restore(self, request, object_id, version_id):
        """Check the rights on the live row; returns the revision page's context (why it is read-only)."""
        live = self.model._default_manager.select_for_update().filter(pk=object_id).first()
        version = Version.objects.filter(pk=version_id).select_related("content_type").first()
        if live is None or version is None or version.content_type != ContentType.objects.get_for_model(self.model):
            raise Http404("No such version of this object.")
        may_restore = self.has_change_permission(request, live)
        looking = request.method != "POST"
        if not (may_restore or (looking and self.has_view_permission(request, live))):
            raise PermissionDenied
        # The version is shown read-only, with no Save button, to those who may
        # look but not restore: the old row (a writer's draft, say) would
        # otherwise pass the rights checks the live article fails.
        request.restore_refused = not may_restore
        setattr(request, LIVE_VERSION_ATTR, live.version)
        request.restore_live_object = live  # as it was before the restore, for restored()
        if may_restore:
            return {"locked_reason": ""}
        # Why, said against the live row (the form itself sees the old one).
        return {"locked_reason": self.locked_reason(request, live), "title": f"An earlier version of {live}"}

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # django-reversion reverts the whole revision: every object saved in the
        # same batch (a bulk "publish now", the demo load) would silently go back
        # with this one, past the rights checked for this one only. Scope the
        # revert to this object and the inline rows that belong to it.
        version.revision.revert = partial(self._revert_only, version)
        response = super()._reversion_revisionform_view(request, version, template_name, extra_context)
        before = getattr(request, "restore_live_object", None)
        if request.method == "POST" and response.status_code == 302 and before is not None:
            self.restored(request, before, self.model._default_manager.get(pk=before.pk))
        return response

    def restored(self, request, before, after):
        """Called after a restore is saved, with the object as it was and as it is now."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and getattr(request, "restore_refused", False):
            return False
        return super().has_change_permission(request, obj)

    def _inline_foreign_keys(self):
        """{inline model: the attname of its key to this model}, for this admin's inlines."""
        keys = {}
        for inline in self.inlines:
            if inline.model in self.history_keeps:
                continue
            fk = _get_foreign_key(self.model, inline.model, fk_name=getattr(inline, "fk_name", None))
            keys[inline.model] = fk.attname
        return keys

    def _revert_only(self, version, delete=False):
        object_id = str(version.object_id)
        inline_keys = self._inline_foreign_keys()
        own = [
            v
            for v in version.revision.version_set.all()
            if (v._model is self.model and v.object_id == object_id)
            or (v._model in inline_keys and str(v.field_dict.get(inline_keys[v._model])) == object_id)
        ]
        with transaction.atomic(using=version.db):
            if delete:
                # Inline rows added since that version go, as reversion's own revert would do.
                kept = {(v._model, v.object_id) for v in own}
                for model, key in inline_keys.items():
                    for row in model._default_manager.using(version.db).filter(**{key: version.object_id}):
                        if (model, str(row.pk)) not in kept:
                            row.delete()
            for v in own:
                v.revert()

    def revision_view(self, request, object_id, version_id, extra_context=None):
        with transaction.atomic(using=router.db_for_write(self.model)):
            context = self._guard_restore(request, unquote(object_id), version_id)
            return super().revision_view(request, object_id, version_id, {**context, **(extra_context or {})})

    def changelist_view(self, request, extra_context=None):
        # reversion opens a revision (a savepoint: two queries) around every
        # list view for list_editable saves; a plain GET of the list needs none.
        # Its template shows "Recover deleted …" when has_change_permission is
        # true; here that is the right to recover.
        context = {"has_change_permission": self.has_delete_permission(request), **(extra_context or {})}
        if request.method == "POST":
            return super().changelist_view(request, context)
        return super(VersionAdmin, self).changelist_view(request, context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = Version.objects.filter(pk=version_id).select_related("content_type").first()
        if version is None or version.content_type != ContentType.objects.get_for_model(self.model):
            raise Http404("No such deleted object.")
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)
