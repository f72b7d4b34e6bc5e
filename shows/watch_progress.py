"""A reader's “I've watched up to episode N”, kept in one small cookie.

No account: the cookie ``watched`` holds ``show_id:episode`` pairs joined by
dots, newest last, e.g. ``12:8.31:3``. It is read strictly: anything that is
not exactly that shape (text, signs, leading zeros, numbers out of range, more
than MAX_SHOWS pairs, an over-long value) is ignored, never an error. Nothing
is gained by forging it (it only opens articles for the reader who forged
it), so it is not signed.

Pages whose content depends on it must vary on the Cookie header; see
mark_personal().
"""

import re

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

COOKIE_NAME = "watched"
MAX_SHOWS = 50
MAX_EPISODE = 9999
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
# 50 pairs of at most "123456789:9999" plus the dots between them.
MAX_COOKIE_LENGTH = MAX_SHOWS * 15

_PAIR = re.compile(r"([1-9][0-9]{0,8}):([1-9][0-9]{0,3})")


def parse_progress(raw):
    """{show_id: episode} from a cookie value; {} for anything malformed."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_COOKIE_LENGTH:
        return {}
    pairs = raw.split(".")
    if len(pairs) > MAX_SHOWS:
        return {}
    progress = {}
    for pair in pairs:
        match = _PAIR.fullmatch(pair)
        if not match:
            continue
        show_id, episode = int(match[1]), int(match[2])
        # The first mention wins; a duplicate is as suspect as any other oddity.
        if episode <= MAX_EPISODE and show_id not in progress:
            progress[show_id] = episode
    return progress


def progress_from(request):
    """The reader's progress, parsed from the request's cookie."""
    return parse_progress(request.COOKIES.get(COOKIE_NAME))


def serialize_progress(progress):
    return ".".join(f"{show_id}:{episode}" for show_id, episode in progress.items())


def with_episode(progress, show_id, episode):
    """A copy of progress with show_id at episode (0 forgets the show), newest last, capped."""
    updated = {key: value for key, value in progress.items() if key != show_id}
    if episode:
        updated[show_id] = episode
    # Too many shows: forget the ones set longest ago.
    while len(updated) > MAX_SHOWS:
        del updated[next(iter(updated))]
    return updated


def store_progress(response, progress):
    """Write progress to the response's cookie, or delete the cookie when it is empty."""
    if not progress:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return
    response.set_cookie(
        COOKIE_NAME,
        serialize_progress(progress),
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        # Only the server reads it: the shield is decided there so it works without JavaScript.
        httponly=True,
        samesite="Lax",
    )


def mark_personal(request, response):
    """Say that response depends on the reader's cookie, so no shared cache mixes readers.

    Vary: Cookie always (a cache keys the page by the Cookie header); private
    as well once the reader has a watch-progress cookie, so shared caches and
    CDNs that ignore Vary do not store their personal view at all.
    """
    patch_vary_headers(response, ["Cookie"])
    if COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True)
    return response


class PersonalisedByProgressMixin:
    """For views whose page reads the watch-progress cookie."""

    def render_to_response(self, context, **response_kwargs):
        return mark_personal(self.request, super().render_to_response(context, **response_kwargs))
