"""Settings come from the environment; production refuses to start half-configured; the editor stays locked down."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

REPO_ROOT = Path(__file__).resolve().parents[1]
PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DEBUG); print(settings.DATABASES['default']['ENGINE']); "
    "print(settings.CACHES['default']['BACKEND'])"
)


def run_settings(script=None, **env):
    """Run script (by default: print the settings) in a fresh interpreter with only the given configuration."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="dramasite.settings")
    return subprocess.run(  # noqa: S603 -- our own interpreter, fixed arguments
        [sys.executable, "-c", script or PRINT_SETTINGS],
        cwd=REPO_ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start():
    """With DEBUG off and no secret key, the site will not start and says which variable is missing."""
    result = run_settings(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="dramasite.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    """With DEBUG off and no allowed hosts, the site will not start and names DJANGO_ALLOWED_HOSTS."""
    result = run_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr
    assert "DJANGO_SECRET_KEY" not in result.stderr.splitlines()[-1]


def test_production_without_collected_static_files_refuses_to_start(tmp_path):
    """Every page's stylesheet link needs collectstatic's manifest: without it the WSGI app says so at start-up,
    rather than answering each page with a 500. With the files collected, it starts."""
    production = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "dramasite.example",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    result = run_settings("import dramasite.wsgi", **production)
    assert result.returncode != 0
    assert "collectstatic" in result.stderr.splitlines()[-1]
    collected = run_settings(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)",
        **production,
    )
    assert collected.returncode == 0, collected.stderr
    assert run_settings("import dramasite.wsgi", **production).returncode == 0


def test_production_with_key_and_hosts_starts_with_debug_off():
    """With a secret key and allowed hosts, production settings load with DEBUG off."""
    result = run_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="dramasite.example")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "False"


def test_no_environment_means_local_sqlite_and_memory_cache():
    """With no environment at all, the site runs locally on SQLite with DEBUG on."""
    result = run_settings()
    assert result.returncode == 0, result.stderr
    debug, engine, cache = result.stdout.splitlines()
    assert debug == "True"
    assert engine == "django.db.backends.sqlite3"
    assert cache == "django.core.cache.backends.locmem.LocMemCache"


def test_database_url_selects_postgresql():
    """DATABASE_URL=postgres://… switches the database to PostgreSQL."""
    result = run_settings(DATABASE_URL="postgres://u@h:5432/db")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "django.db.backends.postgresql"


def test_redis_url_selects_the_redis_cache():
    """REDIS_URL switches the cache to Redis (Django's backend, made to survive a Redis outage)."""
    result = run_settings(REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2] == "pagecache.cache_backends.ResilientRedisCache"


def test_redis_url_gives_a_cache_that_works():
    """With REDIS_URL the site really stores and reads through the local Redis server (the client is installed)."""
    script = (
        "import django; django.setup(); from django.core.cache import cache; "
        "cache.set('dramasite-settings-test', 'ok', 5); print(cache.get('dramasite-settings-test')); "
        "cache.delete('dramasite-settings-test')"
    )
    result = run_settings(script, REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_bad_debug_value_is_refused():
    """A typo in DJANGO_DEBUG is an error, not silently 'on'."""
    result = run_settings(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


# The editor ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(settings.CKEDITOR_CONFIGS))
def test_editor_config_never_allows_full_page_or_all_content(name):
    """No editor toolbar can turn on full-page mode or switch off CKEditor's content filter."""
    config = settings.CKEDITOR_CONFIGS[name]
    assert config.get("fullPage", False) is not True
    assert config.get("allowedContent", False) is not True
    assert "filebrowserUploadUrl" not in config
    assert "filebrowserBrowseUrl" not in config


def test_editor_uploads_are_not_installed():
    """The CKEditor upload app is not installed."""
    assert "ckeditor_uploader" not in settings.INSTALLED_APPS


@pytest.mark.django_db  # a 404 asks whether the address moved (addresses/middleware.py)
@pytest.mark.parametrize("path", ["/ckeditor/upload/", "/ckeditor/browse/"])
def test_no_editor_upload_address(client, path):
    """There is no address that accepts files from the editor."""
    with pytest.raises(Resolver404):
        resolve(path)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_site_icon(client):
    """The /favicon.ico every browser asks for redirects to the real icon instead of a 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


@pytest.mark.django_db
def test_admin_pages_show_the_site_icon(admin_client):
    """Admin pages declare the site icon too."""
    assert 'rel="icon"' in admin_client.get("/admin/").content.decode()


def test_the_page_cache_is_on_unless_django_page_cache_says_0():
    """DJANGO_PAGE_CACHE=0 serves every page uncached (the benchmark's baseline); default on."""
    script = "import django; django.setup(); from django.conf import settings; print(settings.PAGE_CACHE)"
    assert run_settings(script).stdout.strip() == "True"
    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "news.example"}
    # Production on per-process local memory would let one worker serve a page another worker changed.
    assert run_settings(script, **production).stdout.strip() == "False"
    assert run_settings(script, **production, REDIS_URL="redis://127.0.0.1:6379/9").stdout.strip() == "True"
    assert run_settings(script, **production, DJANGO_PAGE_CACHE="1").stdout.strip() == "True"
    assert run_settings(script, DJANGO_PAGE_CACHE="0").stdout.strip() == "False"
    assert run_settings(script, DJANGO_PAGE_CACHE="1").stdout.strip() == "True"


MEDIA_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings; from django.urls import reverse; "
    "from django.urls.exceptions import NoReverseMatch\n"
    "try: route = reverse('media', kwargs={'name': 'a.png'})\n"
    "except NoReverseMatch: route = None\n"
    "print(json.dumps({'storage': settings.STORAGES['default'], 'media_url': settings.MEDIA_URL, "
    "'img_src': settings.SECURE_CSP['img-src'], 'admin_img_src': settings.ADMIN_CSP['img-src'], 'route': route}))"
)


def media_settings(**env):
    import json

    result = run_settings(MEDIA_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_media_default_to_the_local_disk_served_by_the_app_in_production():
    """DJANGO_DEBUG=0 with nothing else said: files in MEDIA_ROOT, and /media/ answered by the site itself."""
    found = media_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="dramasite.example")
    assert found["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["route"] == "/media/a.png"


def test_s3_media_settings_come_from_the_environment():
    """DJANGO_MEDIA_STORAGE=s3: django-storages' backend with the bucket, endpoint, region, keys; no /media/ route."""
    found = media_settings(
        DJANGO_MEDIA_STORAGE="s3",
        DJANGO_S3_BUCKET="newsroom-media",
        DJANGO_S3_ENDPOINT_URL="https://objects.example:9000",
        DJANGO_S3_REGION="eu-west-1",
        DJANGO_S3_ACCESS_KEY_ID="AKIAEXAMPLE",
        DJANGO_S3_SECRET_ACCESS_KEY="secret",
    )
    options = found["storage"]["OPTIONS"]
    assert found["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "newsroom-media",
        "https://objects.example:9000",
        "eu-west-1",
    )
    assert (options["access_key"], options["secret_key"]) == ("AKIAEXAMPLE", "secret")
    assert options["querystring_auth"] is False and options["file_overwrite"] is False
    assert found["route"] is None
    assert (
        "https://objects.example:9000" in found["img_src"] and "https://objects.example:9000" in found["admin_img_src"]
    )


def test_s3_media_behind_a_cdn_domain():
    """A custom domain is where pages link and the only extra origin the policy allows pictures from."""
    found = media_settings(DJANGO_MEDIA_STORAGE="s3", DJANGO_S3_BUCKET="b", DJANGO_S3_CUSTOM_DOMAIN="img.news.example")
    assert found["storage"]["OPTIONS"]["custom_domain"] == "img.news.example"
    assert found["media_url"] == "https://img.news.example/"
    assert found["img_src"] == ["'self'", "data:", "https://img.news.example"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_MEDIA_STORAGE": "s3"}, "DJANGO_S3_BUCKET"),
        ({"DJANGO_MEDIA_STORAGE": "ftp"}, "must be local or s3"),
        ({"DJANGO_MEDIA_STORAGE": "s3", "DJANGO_S3_BUCKET": "b", "DJANGO_S3_URL_PROTOCOL": "ftp:"}, "https: or http:"),
    ],
)
def test_half_configured_media_storage_refuses_to_start(env, message):
    result = run_settings(MEDIA_SETTINGS, **env)
    assert result.returncode != 0
    assert message in result.stderr
