"""/media/: the pictures the site stored, served by the app itself when they are on its own disk.

On one machine (DJANGO_MEDIA_STORAGE=local, the default) nothing else is needed to
show pictures in production: this view answers MEDIA_URL from MEDIA_ROOT, under
gunicorn as under runserver. What it serves, and how:

- only files the site stores there: JPEG, PNG, GIF and WebP, every one an upload's
  re-encode or a rendition Pillow wrote (pictures/images.py, pictures/renditions.py).
  Anything else in the folder (a stray file, a rendition half-written under its
  ".partial-" name, a path outside MEDIA_ROOT) is a 404;
- with the type its extension says and nosniff, and a policy that lets nothing in it
  run or be framed if it is opened as a page;
- cached long: a rendition for a year (its name changes with its original), an
  original for a week; Last-Modified answers revalidation with 304;
- as a file the WSGI server sends itself (gunicorn uses sendfile).

Several app servers share pictures through object storage instead (pictures/storage_settings.py);
pages then link to the bucket or its CDN and this view is not routed.
"""

import stat
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from .renditions import MIME_TYPES
from .renditions import ROOT as RENDITIONS_ROOT

# Every type a stored original or rendition can have (AVIF is made, never uploaded); older uploads may end in .jpeg.
CONTENT_TYPES = {**MIME_TYPES, "jpeg": "image/jpeg"}
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"
ORIGINAL_CACHE_CONTROL = "public, max-age=604800"
# A picture opened as a page: nothing in it runs, nothing frames it.
MEDIA_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"


@require_safe
def serve_media(request, name):
    """One stored picture, or 404."""
    parts = name.split("/")
    extension = parts[-1].rsplit(".", 1)[-1].lower() if "." in parts[-1] else ""
    content_type = CONTENT_TYPES.get(extension)
    if content_type is None or any(not part or part.startswith(".") for part in parts):
        raise Http404("No such picture.")
    try:
        path = Path(default_storage.path(name))  # safe_join: nothing outside MEDIA_ROOT
        status = path.stat()
    except (SuspiciousFileOperation, OSError, ValueError):  # ValueError: a NUL in the name
        raise Http404("No such picture.") from None
    if not stat.S_ISREG(status.st_mode):
        raise Http404("No such picture.")
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), status.st_mtime):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
        response["Content-Length"] = status.st_size
    response["Last-Modified"] = http_date(status.st_mtime)
    response["Cache-Control"] = RENDITION_CACHE_CONTROL if parts[0] == RENDITIONS_ROOT else ORIGINAL_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_POLICY
    return response
