"""Whole pages for anonymous readers, kept in Django's cache and dropped exactly when they change.

The rules are in docs/caching.md. In short:

- Only a view that says what its page depends on (``depends_on(request, *tags)``)
  is cached, only for GET/HEAD, only a 200 that sets no cookie, is not private,
  used no CSP nonce and no CSRF token and was not rendered for a signed-in
  user, and only for a request without the messages cookie or a signed-in
  session (those pages are per reader). The watch-progress cookie does not
  count: pages never depend on it (the browser applies it), so readers with
  progress share the cached pages.
- A tag is a name such as ``article:12``, ``show:3``, ``tag:romance`` or the list
  tag ``articles``. Its value in the cache is its version: a number from one
  counter in the cache (the version clock), which every bump advances.
  ``bump(*tags)`` (on commit) gives the tags the next number. A render reads
  the clock before it starts, and its page is served only while none of its
  tags has a later version, so a change that commits while a page is being
  rendered still invalidates it. No wall clock is involved: servers whose clocks
  disagree cannot make a stale page look fresh. Every page also depends on
  ``global`` (bump_everything()).
- A page lives at most PAGE_CACHE_TIMEOUT seconds, less if its view says so
  (``expires_within``), and never past the next scheduled article's go-live
  time, which changes lists without any save.
- A stored page is kept a while past freshness: when a change makes it stale,
  the first request renders it again while the others get that copy from before
  the change, so each page renders once per change (single flight, a render
  lock in the cache). A render that cannot be stored drops the old copy.
- Any cache error is logged and the page is rendered as if uncached. The
  process then leaves the cache alone except to bump ``global`` (at most once
  a second); once that succeeds, pages stored before the outage are stale and
  cannot outlive changes made during it.
- The middleware sits at the top of the stack, so a stored page carries every
  header the stack added (security headers, the CSP). pagecache.wsgi answers
  fresh pages for plainly anonymous requests before Django's handler runs; the
  middleware answers the rest (a session cookie to look into, the test client).
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from importlib import import_module
from operator import itemgetter
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.db import transaction
from django.http import HttpResponse, parse_cookie
from django.utils.cache import patch_cache_control
from django.utils.http import split_header_value

from . import registry, worker_copies

logger = logging.getLogger(__name__)

GLOBAL_TAG = "global"
# The version clock: every bump takes the next number from it.
CLOCK_KEY = "pagecache:clock"
NEXT_GO_LIVE_KEY = "pagecache:next-go-live"
# Part of every page key: raise it when Entry changes, so a deploy never reads the old shape.
ENTRY_FORMAT = 2
# How long a stored page outlives its freshness, to stand in while it is rendered again.
KEPT_STALE_SECONDS = 600
# Longest one render may hold a page's render lock; past it, another request renders too.
RENDER_LOCK_SECONDS = 10

# The environ key under which the WSGI fast path hands its lookup to the middleware.
LOOKED_UP = "pagecache.looked_up"

# What the request's headers alone say about who asks (reader()).
ANONYMOUS = "anonymous"  # the page every anonymous reader gets
ASK_THE_SESSION = "session"  # a session cookie: anonymous unless its session is signed in or holds messages
PERSONAL = "personal"  # never from or into the cache

# Set when a cache operation failed; cleared once ``global`` has been bumped again.
_cache_failed = False
# During an outage, try that bump at most once a second, not on every request.
RECOVERY_INTERVAL = 1.0
_next_recovery = 0.0

# The tags each page was last stored with, as this process saw them: a hit then
# asks the cache for the page and its tags' versions in one round trip instead
# of two. Only a guess: the stored entry's own tags always decide, and a wrong
# or missing guess costs the second round trip. Bounded; emptied when full.
_tags_seen = {}
TAGS_SEEN_LIMIT = 10_000


def depends_on(request, *tags):
    """Declare what the page being rendered shows; only pages that declare it are cached."""
    declared = getattr(request, "_page_cache_tags", None)
    if declared is None:
        declared = request._page_cache_tags = set()
    declared.update(str(tag) for tag in tags if tag is not None)


def expires_within(request, seconds):
    """The page changes with time (next episode, airing now): keep it at most this long."""
    current = getattr(request, "_page_cache_max_age", None)
    request._page_cache_max_age = seconds if current is None else min(current, seconds)


def changes_with_time(request):
    """The page shows what is airing or due next: keep it only PAGE_CACHE_TIME_SENSITIVE_TIMEOUT."""
    expires_within(request, settings.PAGE_CACHE_TIME_SENSITIVE_TIMEOUT)


class _TransactionBumps:
    """Every tag one transaction changed, bumped together once it commits: one version, one render per page.

    A publish saves the article, then its shows, people and tags: bumped one by one,
    a page rendered between two bumps would be rendered again after the second.
    Each bump() still registers its own on-commit callback (a savepoint that rolls
    back takes its callbacks with it, and tests run the callbacks of a block); the
    first of them to run bumps every tag gathered so far, and the rest find it done.
    """

    def __init__(self):
        self.tags = set()
        self.done = False

    def flush(self):
        if not self.done:
            self.done = True
            bump_now(self.tags)


def bump(*tags):
    """Mark pages depending on any of these tags stale, once the current transaction commits."""
    tags = {str(tag) for tag in tags if tag is not None}
    if not tags:
        return
    connection = transaction.get_connection()
    # Django gives each transaction a new list of on-commit callbacks: the same list, the same transaction.
    gathered = connection.__dict__.get("_pagecache_bumps")
    if gathered is None or gathered[0] is not connection.run_on_commit or gathered[1].done:
        gathered = connection._pagecache_bumps = (connection.run_on_commit, _TransactionBumps())
    gathered[1].tags |= tags
    transaction.on_commit(gathered[1].flush)


def bump_everything():
    """Mark every stored page stale (after loaddata, an import or a restore); False if the cache is down."""
    return bump_now({GLOBAL_TAG})


def bump_now(tags):
    """Give these tags a new version now; False (logged) if the cache did not answer."""
    global _cache_failed
    try:
        version = _next_version()
        # set_many() names the keys it could not write; pagecache.cache_backends'
        # Redis backend names them all instead of raising while Redis is down.
        if cache.set_many({_tag_key(tag): version for tag in tags}, timeout=None):
            raise ConnectionError("the cache did not take the new tag versions")
        if worker_copies.enabled() and not worker_copies.announce(version, tags):
            raise ConnectionError("the cache did not pass the bump on to other processes")
        if tags & registry.next_change_tags():
            cache.delete(NEXT_GO_LIVE_KEY)
    except Exception as error:
        logger.error("Page cache: could not mark %s stale (%s); will bump everything when it is back", tags, error)
        _cache_failed = True
        return False
    return True


def _tag_key(tag):
    # Versions are integers: Redis keeps them as digits, read back with no unpickling.
    return f"pagecache:tag-version:{tag}"


def _next_version():
    """A version later than every one given so far, from the cache's own counter.

    A counter that is missing (first use, a Redis restart, an eviction) starts
    from the time in microseconds, so it never goes back below versions that
    may still be stored.
    """
    cache.add(CLOCK_KEY, time.time_ns() // 1000, timeout=None)
    return cache.incr(CLOCK_KEY)


def _clock(found):
    """The clock's value from a get_many() that asked for it, started if it was missing.

    None when the cache keeps nothing (Redis unreachable, which the resilient backend
    answers as an empty cache): the page is then rendered and not stored.
    """
    clock = found.get(CLOCK_KEY)
    if clock is None:
        cache.add(CLOCK_KEY, time.time_ns() // 1000, timeout=None)
        clock = cache.get(CLOCK_KEY)
    return clock


def page_key(meta, path):
    """Scheme, host, path and the query string with its parameters sorted by name (meta: the WSGI environ).

    Only by name: the sort is stable, so a repeated parameter keeps the order of its
    values, which views read (``GET.get`` takes the last): ``?q=a&q=b`` and
    ``?q=b&q=a`` are two pages and two keys. The host is the one the request
    named (canonical links are built from it, unless DJANGO_SITE_URL is set); only
    a host Django allowed ever has a page stored under it.
    """
    pairs = parse_qsl(meta.get("QUERY_STRING", ""), keep_blank_values=True)
    query = urlencode(sorted(pairs, key=itemgetter(0)))
    address = f"{_scheme(meta)}://{_raw_host(meta)}{path}?{query}"
    return f"pagecache:page:v{ENTRY_FORMAT}:{hashlib.sha256(address.encode()).hexdigest()}"


def _scheme(meta):
    """HttpRequest.scheme, read from the environ."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = meta.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return meta.get("wsgi.url_scheme", "http")


def _raw_host(meta):
    """HttpRequest._get_raw_host(), read from the environ: not validated (see page_key)."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in meta:
        return meta["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in meta:
        return meta["HTTP_HOST"]
    return f"{meta.get('SERVER_NAME', '')}:{meta.get('SERVER_PORT', '')}"


def environ_path(environ):
    """WSGIRequest.path, read from the environ as a WSGI server filled it in."""
    path_info = get_path_info(environ) or "/"
    return "{}/{}".format(get_script_name(environ).rstrip("/"), path_info.replace("/", "", 1))


def reader(meta, path):
    """ANONYMOUS, ASK_THE_SESSION or PERSONAL: what the request's method, path and headers say.

    A watch-progress cookie does not matter: no page depends on it (the browser
    reads it, static/js/watch_progress.js). A session cookie matters only if its
    session is signed in or holds messages, which takes a look into the session.
    """
    if meta.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return PERSONAL
    # The admin, staff previews, media and static files never get near the cache (registry.py says whose).
    if path.startswith(registry.never_cached_prefixes()):
        return PERSONAL
    if "HTTP_AUTHORIZATION" in meta:
        return PERSONAL
    if cookie_header := meta.get("HTTP_COOKIE"):
        cookies = parse_cookie(cookie_header)
        if not registry.PERSONAL_COOKIES.isdisjoint(cookies):
            return PERSONAL
        if settings.SESSION_COOKIE_NAME in cookies:
            return ASK_THE_SESSION
    return ANONYMOUS


def fresh_entry(environ):
    """The fresh stored page for a request any anonymous reader could have made, or None (pagecache.wsgi)."""
    if not settings.PAGE_CACHE or _cache_failed:
        return None
    path = environ_path(environ)
    if reader(environ, path) is not ANONYMOUS:
        return None
    key = page_key(environ, path)
    found = _lookup(key, with_clock=True)
    if found.fresh:
        return found.entry
    # Handed to the middleware, which would otherwise ask the cache the same question again.
    environ[LOOKED_UP] = (key, found)
    return None


@dataclass
class Entry:
    # The version clock when its render began: fresh while no tag has a later version.
    built: int
    # Served as fresh until then (a time: its lifetime); kept longer to stand in during the next render.
    fresh_until: float
    tags: tuple
    status: int
    headers: list
    content: bytes


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for anonymous readers; label every response's Cache-Control.

    First in the stack: what it stores is the response as it leaves Django, with
    the security headers and the CSP header (with no nonce, since a page that
    used one is never stored), and a hit skips everything below it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _cache_failed:
            _recover()
        candidate = self.is_candidate(request)
        # Until the cache has answered the recovery bump, it is neither read nor written.
        if not (candidate and settings.PAGE_CACHE) or _cache_failed:
            response = self.get_response(request)
            label(request, response, candidate, storable(request, response) if candidate else False)
            return response
        try:
            request.get_host()
        except DisallowedHost:  # let the rest of the stack answer it (400); nothing is stored under it
            return self.get_response(request)
        key = page_key(request.META, request.path)
        handed = request.META.pop(LOOKED_UP, None)
        found = handed[1] if handed and handed[0] == key else _lookup(key, with_clock=True)
        entry = found.entry
        if found.fresh:
            return _forget_stale_session(request, _stored_response(entry, "hit"))
        rendering_after_a_change = entry is not None
        if rendering_after_a_change:
            if not _take_render_lock(key):
                # Another request is rendering this page since it changed: this one gets the copy from before,
                # which nobody downstream may keep.
                response = _stored_response(entry, "stale")
                response["Cache-Control"] = "no-store"
                return _forget_stale_session(request, response)
            # The render that held the lock may have stored the page between this request's look and its
            # lock: that render is the one for this change, so look once more before rendering again.
            found = _lookup(key, with_clock=True)
            if found.fresh:
                _release_render_lock(key)
                return _forget_stale_session(request, _stored_response(found.entry, "hit"))
        try:
            response = self.get_response(request)
            can_store = storable(request, response)
            label(request, response, candidate, can_store)
            if can_store:
                if found.clock is not None:  # None: the cache failed just now
                    _write(key, request, response, found.clock)
                response["X-Page-Cache"] = "miss"
            elif rendering_after_a_change:
                # Gone, moved or personal now: the old copy must not stand in for it again.
                _discard(key)
        finally:
            if rendering_after_a_change:
                _release_render_lock(key)
        return _forget_stale_session(request, response)

    def is_candidate(self, request):
        """Could this request be answered with the page every anonymous reader gets?

        See reader(). A session cookie left behind by a signed-out member of staff
        does not turn caching off, and is deleted from the browser.
        """
        kind = reader(request.META, request.path)
        if kind is ASK_THE_SESSION:
            return not _session_is_personal(request)
        return kind is ANONYMOUS


def _session_is_personal(request):
    """Is the request's session signed in or holding messages? Loaded once, and kept for the view.

    SessionMiddleware (pagecache.sessions) takes the loaded store from the request instead of
    reading it again, so a signed-in page costs no extra query. A session key the store does not
    know (the session ended, or was deleted by a restore) is marked so the response deletes the
    cookie: the reader's next requests come without it.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore(request.COOKIES[settings.SESSION_COOKIE_NAME])
    personal = store.get(SESSION_KEY) is not None or store.get(SessionStorage.session_key) is not None
    if store.session_key is None:
        # Not handed on: Django's own store for it stays unread, so the page can still be stored.
        request._stale_session_cookie = True
        return False
    request._preloaded_session = store
    return personal


def _forget_stale_session(request, response):
    if getattr(request, "_stale_session_cookie", False) and settings.SESSION_COOKIE_NAME not in response.cookies:
        response.delete_cookie(
            settings.SESSION_COOKIE_NAME,
            path=settings.SESSION_COOKIE_PATH,
            domain=settings.SESSION_COOKIE_DOMAIN,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
    return response


def storable(request, response):
    """True when this response is the same for every anonymous reader and may be kept."""
    if getattr(request, "_page_cache_tags", None) is None or response.status_code != 200 or response.streaming:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False  # rendered for a member of staff, whatever it says
    if response.cookies:
        return False
    if _cache_control(response) & {"private", "no-store", "no-cache"}:
        return False
    # A per-reader value was rendered into the page: a CSP nonce or a CSRF token.
    if getattr(request, "_csp_nonce", None) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    vary = {value.lower() for value in split_header_value(response.get("Vary", ""))}
    return vary <= {"cookie"}


def label(request, response, candidate, can_store):
    """Cache-Control for browsers and CDNs: public for shared pages, private for personal ones."""
    if can_store:
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_BROWSER_MAX_AGE,
            s_maxage=settings.PAGE_CACHE_SHARED_MAX_AGE,
            stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
        )
        return
    user = getattr(request, "user", None)
    if settings.SESSION_COOKIE_NAME in request.COOKIES and user is not None and user.is_authenticated:
        # Anything rendered for a signed-in member of staff stays in their browser only.
        patch_cache_control(response, private=True, no_store=True)
    elif getattr(request, "_page_cache_tags", None) is not None and not candidate:
        # A public page rendered for a reader with a personal cookie (a message to show once).
        patch_cache_control(response, private=True)
    elif getattr(request, "_page_cache_tags", None) is not None and response.status_code == 200:
        # Public page, but a nonce or token made it personal.
        patch_cache_control(response, private=True)


def _cache_control(response):
    return {part.split("=")[0].strip().lower() for part in split_header_value(response.get("Cache-Control", ""))}


@dataclass
class Found:
    entry: Entry | None
    fresh: bool
    # The version clock as read with the page (with_clock=True): a render starting now is built at it.
    clock: int | None = None


def _lookup(key, with_clock=False):
    """What the cache holds for key, and whether it may be served (_is_fresh).

    This process's own copy first (worker_copies.py), then the shared cache.
    """
    global _cache_failed
    copies = worker_copies.enabled()
    if copies and (entry := worker_copies.fresh(key, _is_fresh)) is not None:
        return Found(entry, True)
    try:
        guessed = _tags_seen.get(key, ())
        clock_key = [CLOCK_KEY] if with_clock else []
        found = cache.get_many([key, *clock_key, *(_tag_key(tag) for tag in guessed)])
        clock = _clock(found) if with_clock else None
        entry = found.get(key)
        if entry is None or not isinstance(entry, Entry):
            return Found(None, False, clock)
        if entry.tags == guessed:
            versions = found
        else:
            _remember_tags(key, entry.tags)
            versions = cache.get_many([_tag_key(tag) for tag in entry.tags])
    except Exception as error:
        logger.warning("Page cache: read failed (%s); rendering the page", error)
        _cache_failed = True
        return Found(None, False)
    tag_versions = {tag: versions.get(_tag_key(tag)) for tag in entry.tags}
    if not _is_fresh(entry, tag_versions.get):
        return Found(entry, False, clock)
    if copies:
        worker_copies.keep(key, entry, tag_versions)
    return Found(entry, True, clock)


def _is_fresh(entry, version_of):
    """The rule for serving a stored page: in its lifetime, and no tag changed since its render began.

    version_of(tag) is the tag's version, or None when unknown: unknown is not fresh.
    """
    if time.time() >= entry.fresh_until:
        return False
    for tag in entry.tags:
        version = version_of(tag)
        if version is None or version > entry.built:
            return False
    return True


def _stored_response(entry, how):
    response = HttpResponse(entry.content, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    response["X-Page-Cache"] = how
    return response


def _render_lock_key(key):
    return f"{key}:rendering"


def _take_render_lock(key):
    """True if no other request is rendering this page (for at most RENDER_LOCK_SECONDS)."""
    return cache.add(_render_lock_key(key), 1, timeout=RENDER_LOCK_SECONDS)


def _release_render_lock(key):
    try:
        cache.delete(_render_lock_key(key))
    except Exception as error:  # it expires by itself
        logger.warning("Page cache: could not release a render lock (%s)", error)


def _discard(key):
    global _cache_failed
    try:
        cache.delete(key)
    except Exception as error:
        logger.warning("Page cache: could not drop a stored page (%s)", error)
        _cache_failed = True


def _remember_tags(key, tags):
    if len(_tags_seen) >= TAGS_SEEN_LIMIT:
        _tags_seen.clear()
    _tags_seen[key] = tags


def _write(key, request, response, built):
    """Store the page rendered from the state at version `built`, unless a tag it shows changed since."""
    global _cache_failed
    tags = tuple(sorted(request._page_cache_tags | {GLOBAL_TAG}))
    try:
        tag_keys = [_tag_key(tag) for tag in tags]
        versions = cache.get_many(tag_keys)
        if any(version > built for version in versions.values()):
            return  # something it shows changed while it was rendered
        for tag_key in tag_keys:
            if tag_key not in versions:
                # A tag never bumped, or evicted: call it changed as this render began, so no
                # page stored before an eviction can pass for fresh. add() never overwrites
                # a bump made meanwhile (a later version, which makes this page stale).
                cache.add(tag_key, built, timeout=None)
        timeout = _lifetime(request)
        if timeout < 1:
            return
        headers = [(name, value) for name, value in response.headers.items() if name.lower() != "x-page-cache"]
        entry = Entry(built, time.time() + timeout, tags, response.status_code, headers, response.content)
        cache.set(key, entry, timeout=timeout + KEPT_STALE_SECONDS)
        _remember_tags(key, tags)
    except Exception as error:
        logger.warning("Page cache: write failed (%s); the page was served uncached", error)
        _cache_failed = True


def _lifetime(request):
    """Seconds the page may live: the default, its view's limit, and the next change with no save."""
    timeout = settings.PAGE_CACHE_TIMEOUT
    if (max_age := getattr(request, "_page_cache_max_age", None)) is not None:
        timeout = min(timeout, max_age)
    go_live = _next_go_live()
    if go_live is not None:
        timeout = min(timeout, int(go_live - time.time()))
    return timeout


def _next_go_live():
    """When the next unsaved change is due (a timestamp), or None; memoised in the cache.

    A scheduled article appears on lists when its time comes, with no save to
    bump anything, so no page may be kept past that moment. The apps that know
    such moments register them (registry.next_change), with the tags whose
    bumps can move them; the memo is trusted only if none of those tags has a
    version later than the clock when it was computed.
    """
    watched = sorted(registry.next_change_tags())
    found = cache.get_many([NEXT_GO_LIVE_KEY, CLOCK_KEY, *(_tag_key(tag) for tag in watched)])
    memo = found.get(NEXT_GO_LIVE_KEY)
    changed = max((found[_tag_key(tag)] for tag in watched if _tag_key(tag) in found), default=None)
    if memo is not None and (changed is None or changed <= memo[0]):
        return memo[1]
    clock = _clock(found)
    go_live = registry.earliest_next_change()
    value = go_live.timestamp() if go_live else None
    memo_timeout = settings.PAGE_CACHE_TIMEOUT if value is None else max(1, int(value - time.time()))
    if clock is not None:
        cache.set(NEXT_GO_LIVE_KEY, (clock, value), timeout=memo_timeout)
    return value


def _recover():
    """After a cache failure: bump everything once the cache answers again (see the module docstring)."""
    global _cache_failed, _next_recovery
    now = time.time()
    if now < _next_recovery:
        return
    _next_recovery = now + RECOVERY_INTERVAL
    _cache_failed = False
    if not bump_now({GLOBAL_TAG}):
        _cache_failed = True
