"""Media in object storage: the settings for django-storages' S3 backend, read from the environment.

DJANGO_MEDIA_STORAGE=s3 puts every upload and rendition in one bucket of an
S3-compatible store (AWS S3, MinIO, Ceph, R2...), so several app servers share
the pictures, and pages link to the bucket, or to the CDN in front of it
(DJANGO_S3_CUSTOM_DOMAIN), instead of to the app. docs/deployment.md has the recipe.
Imported by the settings, so it reads only the environment it is given.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Renditions and uploads never change under a name (a replaced picture gets a new name),
# so browsers and CDNs may keep every object for a year.
OBJECT_CACHE_CONTROL = "public, max-age=31536000, immutable"


def s3_media_settings(env):
    """(STORAGES["default"], MEDIA_URL, origins for the CSP's img-src) for DJANGO_MEDIA_STORAGE=s3."""
    bucket = env.get("DJANGO_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("DJANGO_MEDIA_STORAGE=s3 needs DJANGO_S3_BUCKET, the bucket that holds the media.")
    endpoint = env.get("DJANGO_S3_ENDPOINT_URL") or None
    region = env.get("DJANGO_S3_REGION") or None
    custom_domain = env.get("DJANGO_S3_CUSTOM_DOMAIN") or None
    protocol = env.get("DJANGO_S3_URL_PROTOCOL", "https:")
    if protocol not in ("https:", "http:"):
        raise ImproperlyConfigured("DJANGO_S3_URL_PROTOCOL must be https: or http:.")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": region,
        # Empty: boto3 finds credentials itself (an instance role, AWS_* variables, ~/.aws).
        "access_key": env.get("DJANGO_S3_ACCESS_KEY_ID") or None,
        "secret_key": env.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
        "custom_domain": custom_domain,
        "url_protocol": protocol,
        # Pictures are public: plain URLs, the same for every reader (and for the page cache).
        "querystring_auth": False,
        # Two uploads of "photo.jpg" in one month keep two files, as on disk; renditions are
        # written under their own names on purpose (pictures/renditions.py).
        "file_overwrite": False,
        # None (the default) sends no ACL: make the bucket readable with a policy or a CDN's origin
        # access. "public-read" for stores that want an ACL on each object.
        "default_acl": env.get("DJANGO_S3_DEFAULT_ACL") or None,
        "object_parameters": {"CacheControl": OBJECT_CACHE_CONTROL},
    }
    if custom_domain:
        origin = f"{protocol}//{custom_domain.split('/')[0]}"
        origins = [origin]
        media_url = f"{protocol}//{custom_domain.rstrip('/')}/"
    elif endpoint:
        parts = urlsplit(endpoint)
        # Path-style (endpoint/bucket/key) or virtual-hosted (bucket.endpoint/key): both origins.
        origins = [f"{parts.scheme}://{parts.netloc}", f"{parts.scheme}://{bucket}.{parts.netloc}"]
        media_url = f"{parts.scheme}://{parts.netloc}/{bucket}/"
    else:
        host = f"{bucket}.s3.{region}.amazonaws.com" if region else f"{bucket}.s3.amazonaws.com"
        origins = [f"https://{host}"]
        media_url = f"https://{host}/"
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, media_url, origins
