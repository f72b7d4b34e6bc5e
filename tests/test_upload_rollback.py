"""pictures/upload_rollback.py: a file stored by a save that does not stick is deleted; others are kept."""

import pytest
from django import forms
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from articles.models import Article
from people.models import Person
from pictures.images import ValidatedImageField
from pictures.upload_rollback import UploadsRollBackAdminMixin, kept_only_if_saved
from tests.conftest import stored_files
from tests.factories import make_person, make_user, png_bytes, upload

pytestmark = pytest.mark.django_db


def give_photo(person, name="photo.png"):
    person.photo = upload(name, png_bytes(12, 16))
    person.save()
    return person.photo.name


def test_a_committed_save_keeps_its_file(media_root):
    """The everyday case: the row points at the file, so it stays."""
    with kept_only_if_saved():
        name = give_photo(make_person())
    assert stored_files(media_root) == [name]


def test_an_exception_takes_the_file_back(media_root):
    """The save raised: the row rolled back, the file goes too."""
    person = make_person()
    with pytest.raises(IntegrityError), kept_only_if_saved(), transaction.atomic():
        give_photo(person)
        assert len(stored_files(media_root)) == 1
        raise IntegrityError("later in the same save")
    assert stored_files(media_root) == []
    assert not Person.objects.get().photo


def test_set_rollback_takes_the_file_back(media_root):
    """A transaction undone without an exception (set_rollback) is noticed from the rows."""
    person = make_person()
    with kept_only_if_saved(), transaction.atomic():
        give_photo(person)
        transaction.set_rollback(True)
    assert stored_files(media_root) == []


def test_a_rolled_back_savepoint_inside_a_kept_save_takes_only_its_file(media_root):
    """A savepoint undone inside a save that otherwise commits: its file goes, the rest stay."""
    kept, undone = make_person(), make_person()
    with kept_only_if_saved(), transaction.atomic():
        kept_name = give_photo(kept, "kept.png")
        try:
            with transaction.atomic():
                give_photo(undone, "undone.png")
                raise IntegrityError("the inner step failed and was handled")
        except IntegrityError:
            pass
    assert stored_files(media_root) == [kept_name]


def test_nested_scopes_leave_the_decision_to_the_outer_one(media_root):
    """An inner block that succeeds inside an outer one that fails: the outer rollback wins."""
    person = make_person()
    with pytest.raises(RuntimeError), kept_only_if_saved(), transaction.atomic():
        with kept_only_if_saved(), transaction.atomic():
            give_photo(person)
        assert len(stored_files(media_root)) == 1
        raise RuntimeError("the outer save failed")
    assert stored_files(media_root) == []


def test_a_replaced_image_keeps_the_old_file_when_the_replacement_rolls_back(media_root):
    """Only files written inside the block are candidates: the photo already stored stays."""
    person = make_person()
    old = give_photo(person, "old.png")
    with pytest.raises(IntegrityError), kept_only_if_saved(), transaction.atomic():
        give_photo(person, "new.png")
        raise IntegrityError("later in the same save")
    assert stored_files(media_root) == [old]
    assert Person.objects.get().photo.name == old


def test_every_admin_that_takes_uploads_takes_them_back_on_rollback():
    """Each admin whose form or inlines hold an image field is wrapped, so no new admin forgets it."""

    request = RequestFactory().get("/admin/")
    request.user = make_user(is_staff=True, is_superuser=True)

    def takes_upload(form_class):
        return any(isinstance(field, forms.ImageField) for field in form_class.base_fields.values())

    def has_upload(model):
        return any(isinstance(field, ValidatedImageField) for field in model._meta.get_fields())

    # The form the admin really shows, as an operator sees it: the spoiler moderation screen is a
    # proxy of Article, whose share image its form does not hold.
    missing = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if (
            (has_upload(model) and takes_upload(model_admin.get_form(request)))
            or any(has_upload(inline.model) for inline in model_admin.inlines)
        )
        and not isinstance(model_admin, UploadsRollBackAdminMixin)
    ]
    assert missing == []
    # And the article admin, whose form holds the share image, is among the wrapped.
    assert takes_upload(admin.site._registry[Article].get_form(request))
