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
  tag ``articles``. Its value in the cache is the time it last changed.
  ``bump(*tags)`` (on commit) sets it to now. A stored page records when its
  render started and its tags; it is served only while every tag is older than
  that start, so a change that commits while a page is being rendered still
  invalidates it. Every page also depends on ``global`` (bump_everything()).
- A page lives at most PAGE_CACHE_TIMEOUT seconds, less if its view says so
  (``expires_within``), and never past the next scheduled article's go-live
  time, which changes lists without any save.
- Any cache error is logged and the page is rendered as if uncached. The
  process then leaves the cache alone except to bump ``global`` (at most once
  a second); once that succeeds, pages stored before the outage are stale and
  cannot outlive changes made during it.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from importlib import import_module
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import split_header_value

from . import registry

logger = logging.getLogger(__name__)

GLOBAL_TAG = "global"
# A tag bumped this close before a render started may come from a clock a little
# ahead of ours (another server): such a page is not trusted.
CLOCK_MARGIN = 1.0
NEXT_GO_LIVE_KEY = "pagecache:next-go-live"
# Part of every page key: raise it when Entry changes, so a deploy never reads the old shape.
ENTRY_FORMAT = 1

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


def bump(*tags):
    """Mark pages depending on any of these tags stale, once the current transaction commits."""
    tags = {str(tag) for tag in tags if tag is not None}
    if tags:
        transaction.on_commit(lambda: bump_now(tags))


def bump_everything():
    """Mark every stored page stale (after loaddata, an import or a restore); False if the cache is down."""
    return bump_now({GLOBAL_TAG})


def bump_now(tags):
    """Mark these tags changed now; False (logged) if the cache did not answer."""
    global _cache_failed
    now = time.time()
    try:
        # set_many() names the keys it could not write; pagecache.cache_backends'
        # Redis backend names them all instead of raising while Redis is down.
        if cache.set_many({_tag_key(tag): now for tag in tags}, timeout=None):
            raise ConnectionError("the cache did not take the new tag times")
        if tags & registry.next_change_tags():
            cache.delete(NEXT_GO_LIVE_KEY)
    except Exception as error:
        logger.error("Page cache: could not mark %s stale (%s); will bump everything when it is back", tags, error)
        _cache_failed = True
        return False
    return True


def _tag_key(tag):
    return f"pagecache:tag:{tag}"


def _page_key(request):
    """Scheme, host, path and the query string with its parameters sorted by name.

    Only by name: the sort is stable, so a repeated parameter keeps the order of its
    values, which views read (``GET.get`` takes the last): ``?q=a&q=b`` and
    ``?q=b&q=a`` are two pages and two keys.
    """
    origin = settings.SITE_URL or f"{request.scheme}://{request.get_host()}"
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    query = urlencode(sorted(pairs, key=lambda pair: pair[0]))
    digest = hashlib.sha256(f"{origin}{request.path}?{query}".encode()).hexdigest()
    return f"pagecache:page:v{ENTRY_FORMAT}:{digest}"


@dataclass
class Entry:
    built_at: float
    tags: tuple
    status: int
    headers: list
    content: bytes


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for anonymous readers; label every response's Cache-Control.

    Sits just below Django's CSP middleware: on a hit, sessions, auth, CSRF and
    messages never run, while the security headers and the CSP header (built
    per response, with no nonce since none was used) are still added above it.
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
            key = _page_key(request)
        except DisallowedHost:  # let the rest of the stack answer it (400)
            return self.get_response(request)
        response = _read(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return _forget_stale_session(request, response)
        started = time.time()
        response = self.get_response(request)
        can_store = storable(request, response)
        label(request, response, candidate, can_store)
        if can_store:
            response["X-Page-Cache"] = "miss"
            _write(key, request, response, started)
        return _forget_stale_session(request, response)

    def is_candidate(self, request):
        """Could this request be answered with the page every anonymous reader gets?

        A watch-progress cookie does not matter: no page depends on it (the browser
        reads it, static/js/watch_progress.js). A session cookie matters only if its
        session is signed in or holds messages; one left behind by a signed-out
        member of staff does not turn caching off, and is deleted from the browser.
        """
        if request.method not in ("GET", "HEAD"):
            return False
        # The admin, staff previews and media never get near the cache (registry.py says whose).
        if request.path.startswith(registry.never_cached_prefixes()):
            return False
        cookies = request.COOKIES
        if "HTTP_AUTHORIZATION" in request.META or not registry.PERSONAL_COOKIES.isdisjoint(cookies):
            return False
        if settings.SESSION_COOKIE_NAME in cookies:
            return not _session_is_personal(request)
        return True


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


def _read(key):
    """The stored response for key if every tag it depends on is unchanged since it was built."""
    global _cache_failed
    try:
        guessed = _tags_seen.get(key, ())
        found = cache.get_many([key, *(_tag_key(tag) for tag in guessed)])
        entry = found.get(key)
        if entry is None or not isinstance(entry, Entry):
            return None
        if entry.tags == guessed:
            versions = found
        else:
            _remember_tags(key, entry.tags)
            versions = cache.get_many([_tag_key(tag) for tag in entry.tags])
    except Exception as error:
        logger.warning("Page cache: read failed (%s); rendering the page", error)
        _cache_failed = True
        return None
    for tag in entry.tags:
        changed = versions.get(_tag_key(tag))
        if changed is None or changed + CLOCK_MARGIN > entry.built_at:
            return None
    response = HttpResponse(entry.content, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    return response


def _remember_tags(key, tags):
    if len(_tags_seen) >= TAGS_SEEN_LIMIT:
        _tags_seen.clear()
    _tags_seen[key] = tags


def _write(key, request, response, started):
    global _cache_failed
    tags = tuple(sorted(request._page_cache_tags | {GLOBAL_TAG}))
    try:
        timeout = _lifetime(request, started)
        tag_keys = [_tag_key(tag) for tag in tags]
        versions = cache.get_many(tag_keys)
        if any(changed + CLOCK_MARGIN > started for changed in versions.values()):
            return  # something it shows changed while it was rendered
        for tag_key in tag_keys:
            if tag_key not in versions:
                # A tag never bumped, or evicted: call it changed just before this render,
                # so no page stored before an eviction can pass for fresh. add() never
                # overwrites a bump made meanwhile.
                cache.add(tag_key, started - CLOCK_MARGIN - 0.001, timeout=None)
        if timeout < 1:
            return
        headers = [(name, value) for name, value in response.headers.items() if name.lower() != "x-page-cache"]
        cache.set(key, Entry(started, tags, response.status_code, headers, response.content), timeout=timeout)
        _remember_tags(key, tags)
    except Exception as error:
        logger.warning("Page cache: write failed (%s); the page was served uncached", error)
        _cache_failed = True


def _lifetime(request, started):
    """Seconds the page may live: the default, its view's limit, and the next change with no save."""
    timeout = settings.PAGE_CACHE_TIMEOUT
    if (max_age := getattr(request, "_page_cache_max_age", None)) is not None:
        timeout = min(timeout, max_age)
    go_live = _next_go_live(started)
    if go_live is not None:
        timeout = min(timeout, int(go_live - time.time()))
    return timeout


def _next_go_live(started):
    """When the next unsaved change is due (a timestamp), or None; memoised in the cache.

    A scheduled article appears on lists when its time comes, with no save to
    bump anything, so no page may be kept past that moment. The apps that know
    such moments register them (registry.next_change), with the tags whose
    bumps can move them; the memo is trusted only if it was computed after the
    last bump of any of those tags.
    """
    watched = sorted(registry.next_change_tags())
    found = cache.get_many([NEXT_GO_LIVE_KEY, *(_tag_key(tag) for tag in watched)])
    memo = found.get(NEXT_GO_LIVE_KEY)
    changed = max((found[_tag_key(tag)] for tag in watched if _tag_key(tag) in found), default=None)
    if memo is not None and (changed is None or changed + CLOCK_MARGIN <= memo[0]):
        return memo[1]
    computed_at = time.time()
    go_live = registry.earliest_next_change()
    value = go_live.timestamp() if go_live else None
    memo_timeout = settings.PAGE_CACHE_TIMEOUT if value is None else max(1, int(value - computed_at))
    cache.set(NEXT_GO_LIVE_KEY, (computed_at, value), timeout=memo_timeout)
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
