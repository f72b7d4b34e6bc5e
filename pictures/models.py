"""The photo library: every picture the site shows is uploaded once, with its alt text, credit and rights.

A `Photo` is the picture itself. The places that show one (an article's image,
a show's poster, a person's portrait) are `FromTheLibrary` rows: they point at
their photo and keep a copy of its file name, size, alt text and credit, so the
pages, cards and query budgets read them from the row as before. Saving a photo
(a new file, corrected alt text or credit) copies it again into every use, and
each use's own save makes its pages fresh. A photo in use cannot be deleted: the
foreign keys PROTECT it, and the admin lists the uses in the way.

Uploading straight into a use still works as it always did: the upload becomes a
new library photo with the alt text and credit typed beside it, and the use
points at that.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import signals
from django.urls import reverse
from django.utils import timezone

from editing.locking import VersionedModel

from .images import ValidatedImageField

# How long before a photo's rights end its uses warn of it (the use's form, the admin's front page).
RIGHTS_ENDING_SOON = datetime.timedelta(days=30)


class Photo(VersionedModel):
    file = ValidatedImageField(
        "picture",
        upload_to="photos/%Y/%m/",
        db_index=True,  # uses and renditions look photos up by file name
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG, GIF or WebP, up to 10 MB and 40 megapixels. A new file replaces it wherever it is used.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        max_length=250, help_text="What the picture shows, for readers who cannot see it. Used wherever it appears."
    )
    credit = models.CharField(max_length=200, help_text="Photographer, agency or source, e.g. “tvN”.")
    rights_note = models.TextField(
        blank=True, help_text="What we may do with it, e.g. “tvN press kit, editorial use only”."
    )
    rights_until = models.DateField(
        "rights end",
        null=True,
        blank=True,
        help_text=(
            "The last day we may show it. The next day it comes off every page that shows it, by itself, "
            "and it can no longer be placed. Empty: no end."
        ),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("updated time", auto_now=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        text = self.alt_text if len(self.alt_text) <= 70 else f"{self.alt_text[:69]}…"
        return f"{text} ({self.credit})" if self.credit else text

    def clean(self):
        errors = {}
        if not self.alt_text.strip():
            errors["alt_text"] = "Describe the picture for readers who cannot see it."
        if not self.credit.strip():
            errors["credit"] = "Say who took the picture or where it comes from."
        if errors:
            raise ValidationError(errors)

    def rights_ended(self, today=None):
        today = today or timezone.localdate()
        return self.rights_until is not None and self.rights_until < today

    def uses(self):
        """Every row that shows this photo, model by model: what deleting it would take off the site."""
        uses = []
        for model in library_models():
            rows = model._default_manager.filter(library_photo=self)
            uses += rows.select_related(*model.library_use_related) if model.library_use_related else rows
        return uses


def library_models():
    """The concrete models whose rows show library photos."""
    found, todo = [], list(FromTheLibrary.__subclasses__())
    while todo:
        model = todo.pop()
        todo += model.__subclasses__()
        if not model._meta.abstract and not model._meta.proxy:
            found.append(model)
    return sorted(found, key=lambda model: model._meta.label)


class FromTheLibrary(models.Model):
    """A place that shows a library photo, with its own copy of what the pages need of it.

    library_copies maps each Photo attribute the pages need to this model's field holding its copy.
    """

    library_copies = {"file": "", "width": "", "height": "", "alt_text": "", "credit": ""}
    # What library_use_label() reads besides the row, fetched with it.
    library_use_related = ()

    library_photo = models.ForeignKey(
        Photo,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="photo from the library",
        help_text="Pick a photo already in the library, or upload a new one.",
    )
    # The photo's rights_until, copied like its text, so pages and cards know from the row alone
    # when the picture must stop showing (and the page cache when to let their copies go).
    library_rights_until = models.DateField("rights end", null=True, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.take_from_library()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                *self.library_copies.values(),
                "library_photo",
                "library_rights_until",
            }
        super().save(*args, **kwargs)

    def picture_may_be_shown(self, today=None):
        """False from the day after the photo's rights end: every public page then leaves the picture out."""
        return self.library_rights_until is None or self.library_rights_until >= (today or timezone.localdate())

    @property
    def picture_off_from(self):
        """The first day no page shows the picture (the day after the photo's rights end), or None."""
        last_day = self.library_rights_until
        return None if last_day is None else last_day + datetime.timedelta(days=1)

    @property
    def shown_picture(self):
        """The picture file the public pages may show today, or None (no picture, or its rights ended)."""
        file = self.library_file
        return file if file and self.picture_may_be_shown() else None

    def library_use_label(self):
        """How the photo library names this use."""
        return f"{self._meta.verbose_name.capitalize()}: {self}"

    def library_use_admin_url(self):
        return reverse(f"admin:{self._meta.app_label}_{self._meta.model_name}_change", args=[self.pk])

    def keeps_renditions_elsewhere(self):
        """The photo owns the renditions of the file this row shows a copy of (pictures.images)."""
        return self.library_photo_id is not None

    @property
    def library_file(self):
        return getattr(self, self.library_copies["file"])

    def take_from_library(self):
        """A new upload goes into the library first; then the row copies its photo."""
        file = self.library_file
        if file and not file._committed:
            # The upload itself (not this row's wrapper of it), so the photo stores it under its own name.
            self.library_photo = Photo.objects.create(
                file=file.file, alt_text=self._copy_of("alt_text"), credit=self._copy_of("credit")
            )
        elif file and self.library_photo_id is None:
            # A stored picture with no link (an old version restored, a row written in bulk): the photo
            # of that file as this row describes it, made if the library has none, so no text changes.
            text = {"alt_text": self._copy_of("alt_text"), "credit": self._copy_of("credit")}
            self.library_photo = Photo.objects.filter(file=file.name, **text).order_by("pk").first()
            if self.library_photo is None:
                size = {"width": self._copy_of("width"), "height": self._copy_of("height")}
                self.library_photo = Photo.objects.create(file=file.name, **size, **text)
        if self.library_photo_id is not None:
            self.copy_from_library()
        else:
            self.library_rights_until = None

    def _copy_of(self, attribute):
        return getattr(self, self.library_copies[attribute])

    def copy_from_library(self):
        photo = self.library_photo
        for attribute, field in self.library_copies.items():
            if attribute == "file":
                # Past the descriptor, which would open the file to learn a size the photo already holds.
                self.__dict__[field] = photo.file.name
            else:
                setattr(self, field, getattr(photo, attribute))
        self.library_rights_until = photo.rights_until


def _what_uses_copy(photo):
    # From __dict__ alone: a photo loaded with only() some fields must not load the rest here.
    values = photo.__dict__
    file = values.get("file")
    copied = ("width", "height", "alt_text", "credit", "rights_until")
    return (getattr(file, "name", file), *(values.get(name) for name in copied))


def _rights_of(photo):
    values = photo.__dict__
    return values.get("rights_until"), values.get("rights_note")


def _photo_loaded(sender, instance, **kwargs):
    instance.__dict__["_copied_when_loaded"] = _what_uses_copy(instance)
    instance.__dict__["_rights_when_loaded"] = _rights_of(instance)


def _photo_saved(sender, instance, created=False, raw=False, using=None, **kwargs):
    """A photo's file, size, alt text, credit or rights end changed: every use takes the new copy
    and saves, so its pages are made fresh. A change to the rights note alone touches no page."""
    now = _what_uses_copy(instance)
    changed = instance.__dict__.get("_copied_when_loaded") != now
    instance.__dict__["_copied_when_loaded"] = now
    rights_changed = instance.__dict__.get("_rights_when_loaded") != _rights_of(instance)
    instance.__dict__["_rights_when_loaded"] = _rights_of(instance)
    if raw:
        return
    if created:
        _take_rights_of_same_file(instance, using)
    elif rights_changed:
        _share_rights_with_same_file(instance, using)
    if created or not changed:
        return
    copy_into_uses(instance, using)


def _same_file(photo, using):
    file = photo.__dict__.get("file")
    name = getattr(file, "name", file)
    return Photo.objects.using(using).filter(file=name).exclude(pk=photo.pk) if name else Photo.objects.none()


def _share_rights_with_same_file(photo, using):
    """The rights are the picture's: an editor's change to one photo's note or end is made on every
    photo of the same file.

    One file can be two photos (described two ways when the library was made); an end set on
    one must take the picture off every page, whichever photo a page shows it through.
    """
    for sibling in _same_file(photo, using).exclude(rights_until=photo.rights_until, rights_note=photo.rights_note):
        sibling.rights_until, sibling.rights_note = photo.rights_until, photo.rights_note
        sibling.save(using=using)  # its own uses take the end (copy_into_uses)


def _take_rights_of_same_file(photo, using):
    """A new photo of a file the library already has (a row linked on save) starts with its rights."""
    known = _same_file(photo, using).order_by("pk").first()
    if known is not None and (known.rights_until, known.rights_note) != (photo.rights_until, photo.rights_note):
        photo.rights_until, photo.rights_note = known.rights_until, known.rights_note
        photo.save(using=using, update_fields=["rights_until", "rights_note"])


def copy_into_uses(photo, using=None):
    """Every row showing the photo takes its copy afresh and saves (its pages are made fresh)."""
    with transaction.atomic(using=using):
        for model in library_models():
            # Locked, and only the copies written: an editor saving one of these rows at the same
            # moment keeps their changes, and their version check sees this save.
            uses = model._default_manager.using(using).select_for_update().filter(library_photo=photo)
            for use in uses:
                use.library_photo = photo
                use.save(using=using, update_fields=["library_photo"])


signals.post_init.connect(_photo_loaded, sender=Photo, dispatch_uid="pictures.photo_loaded")
signals.post_save.connect(_photo_saved, sender=Photo, dispatch_uid="pictures.photo_saved")


def next_rights_end(model, today=None):
    """The moment the next picture a `model` row shows must come off the pages (an aware datetime), or None.

    A photo may be shown through its last day, so its picture goes at the next local midnight: the
    apps register this with the page cache (pagecache.registry.next_change), which keeps no page past it.
    """
    today = today or timezone.localdate()
    last_day = (
        model._default_manager.filter(library_rights_until__gte=today)
        .order_by("library_rights_until")
        .values_list("library_rights_until", flat=True)
        .first()
    )
    if last_day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min))
