"""Moving pictures that were uploaded into a row into the photo library (a data migration's step).

Used by the migrations that gave articles' images, shows' posters and people's
portraits their library photo (articles 0024, shows 0008, people 0008), with the
historical models they pass, and by the backup import (link_imported), with the
real ones, for archives made before those migrations. Each distinct picture becomes one photo: the same
file with the same alt text and credit, in any of the three, is one photo all
those rows point at; the same file described differently is a photo per
description, so no row's text changes. Photos keep the file's name, so its
renditions stay where they are.

Rows are read as values, not model instances: an image field given a name and
no stored size opens the file to measure it (a download from S3, or an error
for a file gone missing), and nothing here needs the file.
"""

from django.db.models import OuterRef, Subquery


def into_library(apps, schema_editor, label, copies):
    return _into_library(apps, schema_editor.connection.alias, label, copies)


def _into_library(apps, using, label, copies):
    Photo = apps.get_model("pictures", "Photo")
    model = apps.get_model(label)
    photos = Photo.objects.using(using)
    fields = [copies[name] for name in ("file", "width", "height", "alt_text", "credit")]
    rows = list(
        model._base_manager.using(using)
        .filter(library_photo__isnull=True)
        .exclude(**{copies["file"]: ""})
        .order_by("pk")
        .values_list("pk", *fields)
    )
    known = {
        (name, alt, credit): pk for pk, name, alt, credit in photos.values_list("pk", "file", "alt_text", "credit")
    }
    new = {}
    for _, name, width, height, alt, credit in rows:
        key = (name, alt, credit)
        if key not in known and key not in new:
            new[key] = Photo(width=width, height=height, alt_text=alt, credit=credit)
            # Past the descriptor, for the reason above.
            new[key].__dict__["file"] = name
    # bulk_create(): no save signals, so no renditions are made again for files that have them.
    for key, photo in zip(new, photos.bulk_create(new.values()), strict=True):
        known[key] = photo.pk
    links = [model(pk=pk, library_photo_id=known[(name, alt, credit)]) for pk, name, _, _, alt, credit in rows]
    model._base_manager.using(using).bulk_update(links, ["library_photo"], batch_size=500)
    return len(new)


def copy_rights_ends(apps, schema_editor, label):
    """Every use takes a copy of the last day its photo may be shown (FromTheLibrary.library_rights_until)."""
    return _copy_rights_ends(apps, schema_editor.connection.alias, label)


def _copy_rights_ends(apps, using, label):
    Photo = apps.get_model("pictures", "Photo")
    model = apps.get_model(label)
    last_day = Photo.objects.using(using).filter(pk=OuterRef("library_photo_id")).values("rights_until")[:1]
    return (
        model._base_manager.using(using)
        .filter(library_photo__rights_until__isnull=False)
        .update(library_rights_until=Subquery(last_day))
    )


def link_imported(using):
    """After a backup import: rows from an archive made before the library (or before uses copied the
    rights end) are linked and copied as the migrations did; returns the number of photos made."""
    from django.apps import apps

    from .models import library_models

    made = 0
    for model in library_models():
        made += _into_library(apps, using, model._meta.label, model.library_copies)
        _copy_rights_ends(apps, using, model._meta.label)
    return made
