"""People in front of and behind the camera, and who they play."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from editing.locking import VersionedModel
from editing.names import search_key
from editing.richtext import SanitizedRichTextField
from pictures.images import ValidatedImageField
from pictures.models import FromTheLibrary
from shows.models import Show


class Person(FromTheLibrary, VersionedModel):
    library_copies = {
        "file": "photo",
        "width": "photo_width",
        "height": "photo_height",
        "alt_text": "photo_alt",
        "credit": "photo_credit",
    }

    name = models.CharField(
        max_length=200, help_text="Romanised the way the person's agency writes it, e.g. Kim Soo Hyun."
    )
    hangul_name = models.CharField("name in Hangul", max_length=100, blank=True, help_text="e.g. 김수현.")
    alternative_names = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other spellings readers search for, comma-separated, e.g. Kim Soo-hyun, Kim Su-hyeon.",
    )
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="Part of the person's address. If it changes, the old address leads here.",
    )
    birth_date = models.DateField(null=True, blank=True)
    photo = ValidatedImageField(
        upload_to="people/photos/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text="A portrait we have the rights to. JPEG, PNG, GIF or WebP, up to 10 MB.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(
        "photo alt text", max_length=250, blank=True, help_text="Required when there is a photo."
    )
    photo_credit = models.CharField(
        max_length=200, blank=True, help_text="Photographer or agency, e.g. “Gold Medalist”."
    )
    bio = SanitizedRichTextField(config_name="short", blank=True)
    shows = models.ManyToManyField(Show, through="Credit", related_name="people", blank=True)
    search_names = models.TextField(
        editable=False,
        blank=True,
        default="",
        help_text="Every name above, lowercased without spaces or hyphens, so any romanisation finds the person.",
    )
    updated_at = models.DateTimeField("updated time", auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_names = search_key(self.name, self.hangul_name, *self.alternative_names.split(","))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "hangul_name", "alternative_names"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_names"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": "Describe the photo for readers who cannot see it."})


class Credit(models.Model):
    class Kind(models.TextChoices):
        LEAD = "lead", "Lead"
        SUPPORTING = "supporting", "Supporting"
        CAMEO = "cameo", "Cameo"
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"

    ACTING = (Kind.LEAD, Kind.SUPPORTING, Kind.CAMEO)

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="credits")
    character_name = models.CharField(
        max_length=200, blank=True, help_text="For acting roles, e.g. Baek Hyun Woo. Leave empty for crew."
    )
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.LEAD)
    billing_order = models.PositiveSmallIntegerField(
        default=100, help_text="1 for the first-billed name; lower numbers are listed first."
    )

    class Meta:
        ordering = ["show", "billing_order", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "show", "kind", "character_name"], name="unique_credit")
        ]

    def __str__(self):
        if self.character_name:
            return f"{self.person} as {self.character_name} in {self.show}"
        return f"{self.person}, {self.get_kind_display().lower()} of {self.show}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    def clean(self):
        if self.kind in self.ACTING and not self.character_name.strip():
            raise ValidationError({"character_name": "Acting credits need the character's name."})
