"""Moving pictures that were uploaded into a row into the photo library (a data migration's step).

Used by the migrations that gave articles' images, shows' posters and people's
portraits their library photo (articles 0024, shows 0008, people 0008), with the
historical models they pass. Each distinct picture becomes one photo: the same
file with the same alt text and credit, in any of the three, is one photo all
those rows point at; the same file described differently is a photo per
description, so no row's text changes. Photos keep the file's name, so its
renditions stay where they are.

Rows are read as values, not model instances: an image field given a name and
no stored size opens the file to measure it (a download from S3, or an error
for a file gone missing), and nothing here needs the file.
"""


def into_library(apps, schema_editor, label, copies):
    Photo = apps.get_model("pictures", "Photo")
    model = apps.get_model(label)
    using = schema_editor.connection.alias
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
