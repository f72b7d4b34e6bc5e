"""The admin form of a place that shows a library photo: pick one from the library, or upload a new one."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from .models import RIGHTS_ENDING_SOON, Photo


def photo_admin_link(photo, text):
    return format_html('<a href="{}">{}</a>', reverse("admin:pictures_photo_change", args=[photo.pk]), text)


class LibraryPictureForm(forms.ModelForm):
    """For a FromTheLibrary model's admin form.

    - A new upload becomes a new library photo, with the alt text and credit
      typed beside it: both are required then.
    - A photo picked from the library brings its file, alt text and credit; the
      row keeps its own caption. Its alt text and credit are changed in the
      library (once, for every use), so a change typed here on a row already
      showing that photo is refused with a link there rather than dropped.
      Picking another photo replaces what the fields showed with its text.
    - A new upload in place of a photo needs its own alt text, not the old one's.
    - Both at once is refused, as is a pick with the file cleared; so is placing
      a photo whose rights have ended.
    - Clearing the pick (or the file) takes the picture off this row.
    """

    class Media:
        # The picker's thumbnails, set up once the page (and Django's autocomplete) is ready.
        js = ["js/photo_picker.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        copies = self._meta.model.library_copies
        self.file_field, self.alt_field, self.credit_field = copies["file"], copies["alt_text"], copies["credit"]
        self.picture_required = not self._meta.model._meta.get_field(self.file_field).blank
        # Either the upload or the pick is enough: clean() asks for one of them.
        for name in (self.file_field, self.alt_field, self.credit_field):
            if name in self.fields:
                self.fields[name].required = False
        for name in (self.alt_field, self.credit_field):
            if name in self.fields:
                self.fields[name].help_text = (
                    f"{self.fields[name].help_text} For a new upload: a photo from the library brings its own."
                ).strip()
                # The page carries the value it showed, so a change is told from a correction made in
                # the library while the page was open (changed_data compares with that, not the row).
                self.fields[name].show_hidden_initial = True
        self._warn_of_rights_ending()

    def _warn_of_rights_ending(self):
        """Beside the pick: when the photo shown here comes off the site, by itself, for its rights."""
        last_day = self.instance.library_rights_until
        if "library_photo" not in self.fields or last_day is None:
            return
        if last_day > timezone.localdate() + RIGHTS_ENDING_SOON:
            return
        off_from = date_format(self.instance.picture_off_from)
        if self.instance.picture_may_be_shown():
            warning = f"Our rights to this photo end on {date_format(last_day)}: from {off_from} no page shows it."
        else:
            warning = f"Our rights to this photo have ended: the site has left it out since {off_from}."
        self.fields["library_photo"].help_text = f"{warning} Pick or upload another one."

    def clean(self):
        cleaned = super().clean()
        if "library_photo" not in self.fields or self.has_error(self.file_field) or self.has_error("library_photo"):
            return cleaned  # a refused upload, or a photo no longer in the library, says why on its own
        upload = cleaned.get(self.file_field)
        picked = cleaned.get("library_photo")
        # Read afresh: a restored version may name a photo deleted since.
        had = (
            Photo.objects.filter(pk=self.instance.library_photo_id).first() if self.instance.library_photo_id else None
        )
        if isinstance(upload, UploadedFile):
            if picked is not None and picked != had:
                self.add_error("library_photo", "Pick a photo from the library or upload a new one, not both.")
                return cleaned
            self._require_text_for_upload(cleaned, replacing=had)
            cleaned["library_photo"] = None  # the upload becomes a new photo when the row is saved
        elif picked is not None and upload is False:
            self.add_error("library_photo", "Pick a photo or clear the picture, not both.")
        elif picked is not None:
            if picked != had and picked.rights_ended():
                self.add_error(
                    "library_photo",
                    f"Our rights to this photo ended on {date_format(picked.rights_until)}. Pick another one.",
                )
                return cleaned
            if picked == had:
                self._refuse_changes_kept_in_the_library(cleaned, picked)
            # The row copies the photo when it is saved (FromTheLibrary.copy_from_library). The name is set
            # here past the image field, which would open the file to measure it, and None leaves it there.
            self.instance.__dict__[self.file_field] = picked.file.name
            cleaned[self.file_field] = None
            cleaned[self.alt_field] = picked.alt_text
            cleaned[self.credit_field] = picked.credit
        else:
            cleared = upload is False or (had is not None and picked is None)
            if upload and not cleared:
                # A picture the row held before it had a library photo (an old version being
                # restored, say): kept, and linked to its photo when the row is saved.
                return cleaned
            # Nothing picked, the pick taken away, or the file cleared: no picture.
            if self.picture_required:
                self.add_error(self.file_field, "Pick a photo from the library or upload one.")
                return cleaned
            cleaned["library_photo"] = None
            cleaned[self.file_field] = ""
            cleaned[self.alt_field] = ""
            cleaned[self.credit_field] = ""
        return cleaned

    def _require_text_for_upload(self, cleaned, replacing=None):
        alt = (cleaned.get(self.alt_field) or "").strip()
        if not alt:
            self.add_error(self.alt_field, "Describe the picture for readers who cannot see it.")
        elif replacing is not None and alt == replacing.alt_text.strip():
            self.add_error(self.alt_field, "Describe the new picture: this is the alt text of the photo it replaces.")
        if not (cleaned.get(self.credit_field) or "").strip():
            self.add_error(
                self.credit_field,
                "Say who took the picture or where it comes from: the library keeps a credit with every photo.",
            )

    def _refuse_changes_kept_in_the_library(self, cleaned, photo):
        for field, attribute in ((self.alt_field, "alt_text"), (self.credit_field, "credit")):
            # Only what the editor changed on this form: a value shown when the page was opened and
            # corrected in the library since is simply taken from the library.
            typed = (cleaned.get(field) or "").strip() if field in self.changed_data else ""
            kept = getattr(photo, attribute).strip()
            if typed and typed != kept:
                what = "alt text" if attribute == "alt_text" else "credit"
                # A photo moved in from before the library may have no credit: it is added there, once.
                message = (
                    "This photo has no {} yet. Add it in the library, for every place it appears: {}."
                    if not kept
                    else "This photo's {} is kept in the library, for every place it appears: {}."
                )
                self.add_error(field, format_html(message, what, photo_admin_link(photo, "change it there")))
