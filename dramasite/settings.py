"""Settings for Dramasite, read from the environment (twelve-factor).

With no environment at all the site runs locally: SQLite file, DEBUG on,
local-memory cache, no services. Production (DJANGO_DEBUG=0) refuses to start
without a secret key and allowed hosts. See README.md, "Configuration".
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    # A throwaway key for local work only; production must set its own.
    SECRET_KEY = SECRET_KEY or "django-insecure-local-development-key-do-not-deploy"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]
else:
    missing = [
        name
        for name, value in (("DJANGO_SECRET_KEY", SECRET_KEY), ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS))
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"Production mode (DJANGO_DEBUG=0) needs {' and '.join(missing)}; refusing to start."
        )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The public address, e.g. https://news.example, for canonical links, share tags,
# JSON-LD and calendar UIDs. Empty: built from the request (fine locally and
# behind a proxy that passes the Host header; ALLOWED_HOSTS guards it).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")
SITE_NAME = "Dramasite"

# Bottom to top, as references run (docs/architecture.md): Django and the libraries; the
# building blocks, which know nothing of the newsroom; shows, people, articles; then
# what composes them. The project package (dramasite/) is not an app.
INSTALLED_APPS = [
    # django.contrib.admin with the newsroom's site: change lists filter only by what they declare.
    "adminsite.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "ckeditor",
    "reversion",
    "axes",
    "hardening",
    "addresses",
    "pagecache",
    "pictures",
    "editing",
    "publicpages",
    "shows",
    "people",
    "articles",
    "backup",
    "demo",
]

MIDDLEWARE = [
    # First: a stored page keeps every header the stack below added (security
    # headers, the CSP), and a hit skips the whole stack. pagecache.wsgi answers
    # most hits before Django's handler even runs. See docs/caching.md.
    "pagecache.pages.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "hardening.csp.AdminContentSecurityPolicyMiddleware",
    "hardening.csp.CspReportingEndpointsMiddleware",
    # Django's, reusing the session the page cache read (pagecache/sessions.py).
    "pagecache.sessions.PreloadedSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A 404 at an address that moved becomes a 301 to where it went (addresses/middleware.py).
    "addresses.middleware.RedirectFallbackMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database outage in a view becomes the 503 page (handler500 covers middleware).
    "hardening.outage.DatabaseOutageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dramasite.urls"
WSGI_APPLICATION = "dramasite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Default: a SQLite file in the project. DATABASE_URL=postgres://… switches.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that stops answering (rather than refusing) must not hold a
    # worker for long: after this many seconds the request gets the 503 page.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )
    # Parameters sent apart from the SQL (psycopg's server-side binding), so the public pages'
    # fixed-shape reads can keep their plans in the database (publicpages/prepared.py). Off for a
    # connection pooler that cannot hold prepared statements (PgBouncer before 1.21 in transaction mode).
    DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", env_bool("DATABASE_PREPARED_STATEMENTS", True))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if CACHE_URL.startswith(("redis://", "rediss://")):
    # Redis down means "no cache", not "no site" (pagecache/cache_backends.py);
    # short timeouts so a hung Redis cannot hold a worker.
    CACHES = {
        "default": {
            "BACKEND": "pagecache.cache_backends.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
elif CACHE_URL and not CACHE_URL.startswith("locmem://"):
    raise ImproperlyConfigured("CACHE_URL/REDIS_URL must be redis://, rediss:// or locmem://.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous readers (pagecache/pages.py, docs/caching.md).
# Local memory is per process: run several app processes with REDIS_URL set,
# or each keeps its own copy (invalidation still works, hits are fewer).
# So by default it is on locally (runserver is one process) and, in production,
# only with a shared cache: several workers on local memory would each keep a
# copy that a change made through another worker never reaches.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", DEBUG or CACHE_URL.startswith(("redis://", "rediss://")))
# Longest a page stays in our cache; changes invalidate it long before that.
PAGE_CACHE_TIMEOUT = int(os.environ.get("DJANGO_PAGE_CACHE_TIMEOUT", "600"))
# Pages that change with the clock (next episode, airing now, calendars).
PAGE_CACHE_TIME_SENSITIVE_TIMEOUT = int(os.environ.get("DJANGO_PAGE_CACHE_TIME_SENSITIVE_TIMEOUT", "60"))
# Cache-Control on public pages: browsers, then CDNs and shared caches (neither can be purged).
# Browsers revalidate by default, so a reader coming back after a change (a new
# spoiler warning, an edit) sees it at once.
PAGE_CACHE_BROWSER_MAX_AGE = int(os.environ.get("DJANGO_PAGE_CACHE_BROWSER_MAX_AGE", "0"))
PAGE_CACHE_SHARED_MAX_AGE = int(os.environ.get("DJANGO_PAGE_CACHE_SHARED_MAX_AGE", "60"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("DJANGO_PAGE_CACHE_STALE_WHILE_REVALIDATE", "30"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# Stored in UTC; shown in Korean time by default because that is when the
# shows air. The reader's own zone is applied in the browser.
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
# One date and time format with its zone on every staff screen (dramasite/formats/en/formats.py).
FORMAT_MODULE_PATH = ["dramasite.formats"]

STATIC_URL = "static/"


def static_file_headers(headers, path, url):
    """WhiteNoise answers above the CSP and clickjacking middleware: give its files their own guard.

    No static file is meant to be a page: one opened as a document (an SVG, any HTML a
    package might ship) gets no script, no plugins and no framing.
    """
    headers["X-Frame-Options"] = "DENY"
    headers["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; sandbox"
    )


WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers
# Where collectstatic puts the files WhiteNoise serves in production.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Django's finders, minus the test and sample pages packages ship (hardening/staticfiles.py).
STATICFILES_FINDERS = ["hardening.staticfiles.FileSystemFinder", "hardening.staticfiles.AppDirectoriesFinder"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Where uploaded images live (docs/deployment.md): "local" is MEDIA_ROOT on this machine, served by
# the app itself at MEDIA_URL (pictures/views.py); "s3" is a bucket of an S3-compatible object
# store shared by every app server, which pages link to directly (or to its CDN domain).
MEDIA_STORAGE = os.environ.get("DJANGO_MEDIA_STORAGE", "local")
# The origins pages load pictures from, besides the site itself (for the Content-Security-Policy).
MEDIA_ORIGINS = []
if MEDIA_STORAGE == "local":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    from pictures.storage_settings import s3_media_settings

    MEDIA_BACKEND, MEDIA_URL, MEDIA_ORIGINS = s3_media_settings(os.environ)
else:
    raise ImproperlyConfigured(f"DJANGO_MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}.")
# Served by the app only when it holds the files (on one machine).
MEDIA_SERVED_BY_APP = MEDIA_STORAGE == "local"
STORAGES = {
    "default": MEDIA_BACKEND,
    # Hashed names and compressed copies, written by collectstatic (make setup runs it, so a
    # checkout set up for development also serves under production settings). While DEBUG is
    # on, {% static %} gives the plain names the development server finds.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: images only, checked by pictures.images before anything is stored.
IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
IMAGE_UPLOAD_MAX_PIXELS = 40_000_000
# Animated GIF/WebP: every frame is decoded to re-encode it, so the whole animation is capped
# (a 480×270 reaction GIF of 200 frames is 26 megapixels).
IMAGE_UPLOAD_MAX_FRAMES = 300
IMAGE_UPLOAD_MAX_ANIMATION_PIXELS = 30_000_000

# import_content (backup/): media files have the upload cap above; one table's rows
# (data/<model>.jsonl) and the whole archive have these. 100,000 articles are about 600 MB of rows.
BACKUP_MAX_DATA_FILE_BYTES = int(os.environ.get("DJANGO_BACKUP_MAX_DATA_FILE_BYTES", str(4 * 1024**3)))
BACKUP_MAX_ARCHIVE_BYTES = int(os.environ.get("DJANGO_BACKUP_MAX_ARCHIVE_BYTES", str(50 * 1024**3)))

# Mail: console locally; SMTP from the environment in production (Django's
# deploy check refuses a development backend). Defaults to the host's own MTA.
if DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_SMTP_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_SMTP_PORT", "0")) or None,
                "username": os.environ.get("DJANGO_SMTP_USER", ""),
                "password": os.environ.get("DJANGO_SMTP_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_SMTP_STARTTLS", False),
                "use_ssl": env_bool("DJANGO_SMTP_SSL", False),
                "timeout": 10,
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@dramasite.invalid")

# Where browsers send violation reports (hardening/csp_reports.py): report-uri
# for browsers without the Reporting API, report-to (named in the
# Reporting-Endpoints header, hardening.csp) for those with it.
CSP_REPORT_PATH = "/csp-report/"
CSP_REPORT_ENDPOINT = "csp-endpoint"
CSP_REPORT_RATE = "60/m"  # per client address; a page with many violations sends one report each
CSP_REPORT_MAX_BYTES = 8 * 1024  # a real report is well under 2 KB

# The public site's policy. Admin pages get their own (see hardening.csp):
# CKEditor 4 cannot run under this one.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": ["https://www.youtube-nocookie.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "report-uri": [CSP_REPORT_PATH],
    "report-to": [CSP_REPORT_ENDPOINT],
}
# Rollout (docs/security.md, "CSP rollout"): DJANGO_CSP_REPORT_ONLY=1 sends the public
# policy as Content-Security-Policy-Report-Only instead of enforcing it. The
# admin's policy is a CKEditor mitigation and is always enforced.
CSP_REPORT_ONLY = env_bool("DJANGO_CSP_REPORT_ONLY", False)
if CSP_REPORT_ONLY:
    SECURE_CSP_REPORT_ONLY, SECURE_CSP = SECURE_CSP, {}
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "report-uri": [CSP_REPORT_PATH],
    "report-to": [CSP_REPORT_ENDPOINT],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: the admin and the reader forms send the
# token from the form, so page scripts get no handle on it.
CSRF_COOKIE_HTTPONLY = True

# The only sign-in is the admin's: land there, and on its sign-in page after
# signing out. A `next` that leaves the site is ignored in favour of these.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
LOGOUT_REDIRECT_URL = "admin:login"

# Login throttling (django-axes): 5 failures for one username from one address
# lock that pair out, even with the right password, for 15 minutes (429 page).
# A success clears the count. Operators unlock with `manage.py axes_reset*`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Only failures are recorded; a success needs no row (the user's last_login has it).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no banner on every manage.py command

# The editor: a news toolbar, no uploads, no full-page mode, and the default
# Advanced Content Filter (never allowedContent: true). The sanitiser in
# editing.richtext is the real gate; this only keeps the editor honest.
_EDITOR_LOCKDOWN = {
    "removePlugins": "image,uploadimage,uploadfile,filebrowser,iframe,flash,forms,smiley,exportpdf",
    "linkShowAdvancedTab": False,
    "linkShowTargetTab": False,
    "entities": False,
    "width": "100%",
}
CKEDITOR_CONFIGS = {
    "default": {
        **_EDITOR_LOCKDOWN,
        "toolbar": "News",
        "toolbar_News": [
            ["Format", "Styles"],
            ["Bold", "Italic"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Undo", "Redo", "RemoveFormat"],
            ["Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        "stylesSet": [{"name": "Spoiler", "element": "span", "attributes": {"class": "spoiler"}}],
        "height": 420,
    },
    # Synopses and bios: a few inline styles and links.
    "short": {
        **_EDITOR_LOCKDOWN,
        "toolbar": "Short",
        "toolbar_Short": [["Bold", "Italic"], ["Link", "Unlink"], ["BulletedList"], ["RemoveFormat"]],
        "height": 180,
    },
}

TAGGIT_CASE_INSENSITIVE = True

# Article versions in the admin's history keep their shows and people (articles/history_serializer.py).
SERIALIZATION_MODULES = {"article_history_json": "articles.history_serializer"}

# django-ckeditor warns that CKEditor 4 is out of support. We accept it, with
# the mitigations in docs/security.md: no uploads through the editor, nh3 on save
# and on render, trusted staff only, and a CSP for admin pages only.
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
