"""Files stored during a save that never commits are taken back.

Django writes an uploaded file to storage in the field's pre_save, before the
transaction commits. If something later in the same save fails (an inline's
save, a database error, a signal), the rows roll back but the file stays,
pointing at nothing. Django has no on_rollback hook, so:

- ValidatedImageField reports every file it stores to stored();
- kept_only_if_saved() collects those reports while it is open (the admin's
  change view runs inside it, see UploadsRollBackAdminMixin) and, once the
  view is done, deletes each file that no row points at. Asking the rows
  rather than watching for exceptions covers every way a save can be undone:
  an exception, set_rollback(), or a savepoint rolled back inside a
  transaction that itself commits.

Without an open scope (the shell, load_demo, tests saving rows directly)
nothing is recorded and nothing is deleted.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib import messages
from django.db import DatabaseError, connections, router

_scope = ContextVar("upload_rollback_scope", default=None)


@dataclass(frozen=True)
class StoredFile:
    model: type
    field_name: str
    name: str

    def is_referenced(self):
        using = router.db_for_write(self.model)
        return self.model._base_manager.using(using).filter(**{self.field_name: self.name}).exists()

    def delete(self):
        self.model._meta.get_field(self.field_name).storage.delete(self.name)


def stored(model, field_name, name):
    """Record that a save wrote this file; it is deleted if the save does not stick."""
    scope = _scope.get()
    if scope is not None:
        scope.append(StoredFile(model, field_name, name))


@contextmanager
def kept_only_if_saved():
    """Delete the files stored inside this block whose rows did not survive it."""
    files = []
    token = _scope.set(files)
    try:
        yield
    finally:
        _scope.reset(token)
        if files:
            _settle(files)


def _settle(files):
    outer = _scope.get()
    for file in files:
        connection = connections[router.db_for_write(file.model)]
        if connection.in_atomic_block and connection.needs_rollback:
            file.delete()  # the enclosing transaction is doomed, and cannot be asked
        elif connection.in_atomic_block and outer is not None:
            outer.append(file)  # an enclosing block may still roll back: it decides
        else:
            try:
                referenced = file.is_referenced()
            except DatabaseError:
                continue  # the database is gone: keeping a stray file beats deleting a saved one
            if not referenced:
                file.delete()


class UploadsRollBackAdminMixin:
    """Put before ModelAdmin in the bases of every admin whose forms (or inlines) take uploads.

    A browser never fills a file input again: when a save is refused (an image
    without alt text, a video from another site), the files chosen for it are
    not stored, and the page says so once, at the top, naming them.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with kept_only_if_saved():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        chosen = [upload.name for name in request.FILES for upload in request.FILES.getlist(name)]
        if request.method == "POST" and chosen:
            messages.warning(
                request,
                f"Nothing was saved, so the file{'s' if len(chosen) > 1 else ''} you chose "
                f"({', '.join(chosen)}) {'were' if len(chosen) > 1 else 'was'} not kept: "
                f"choose {'them' if len(chosen) > 1 else 'it'} again after correcting the errors below.",
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
