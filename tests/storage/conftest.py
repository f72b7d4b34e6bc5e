"""Media in object storage, against a real S3-compatible server on loopback (moto's server mode).

One moto_server for the folder, started on a free port in 8180–8189 by
rehearsal/services.py (PrivateS3) and stopped by its process id; each test
gets a fresh bucket and the site's settings for it, exactly as
DJANGO_MEDIA_STORAGE=s3 builds them (pictures/storage_settings.py). Everything
crosses HTTP: uploads, listings, deletes and the readers' GETs of the URLs
the pages print.
"""

import itertools
import urllib.request
from dataclasses import dataclass

import boto3
import pytest

from pictures import renditions
from pictures.storage_settings import s3_media_settings
from rehearsal.services import PrivateS3, free_port

KEYS = {"DJANGO_S3_ACCESS_KEY_ID": "dramasite-test", "DJANGO_S3_SECRET_ACCESS_KEY": "dramasite-test-secret"}
_buckets = itertools.count(1)


@pytest.fixture(scope="package")
def s3_server():
    server = PrivateS3(free_port(8180, 8189))
    server.start()
    yield server
    server.stop()


@dataclass
class Bucket:
    name: str
    endpoint: str
    media_url: str
    client: object

    def names(self, prefix=""):
        listed = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def fetch(self, url):
        """What a reader's browser gets for a URL a page printed: (status, content type, bytes)."""
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 -- our own loopback server
            return response.status, response.headers["Content-Type"], response.read()


def use_bucket(settings, server, **extra_env):
    """Make a new bucket and point the site's default storage at it, as the production settings would."""
    name = f"dramasite-media-{next(_buckets)}"
    env = {
        "DJANGO_S3_BUCKET": name,
        "DJANGO_S3_ENDPOINT_URL": server.endpoint,
        "DJANGO_S3_REGION": "us-east-1",
        # moto, like a bucket with ACLs enabled, serves anonymous readers objects marked public-read.
        "DJANGO_S3_DEFAULT_ACL": "public-read",
        **KEYS,
        **extra_env,
    }
    backend, media_url, _ = s3_media_settings(env)
    client = boto3.client(
        "s3",
        endpoint_url=server.endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["DJANGO_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["DJANGO_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {**settings.STORAGES, "default": backend}
    settings.MEDIA_URL = media_url
    renditions.forget_local()
    return Bucket(name, server.endpoint, media_url, client)


@pytest.fixture
def bucket(settings, s3_server):
    return use_bucket(settings, s3_server)
