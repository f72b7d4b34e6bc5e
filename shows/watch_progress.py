"""A reader's “I've watched up to episode N”, kept in one small cookie.

No account: the cookie ``watched`` holds ``show_id:episode`` pairs joined by
dots, newest last, e.g. ``12:8.31:3``. It is read strictly: anything that is
not exactly that shape (text, signs, leading zeros, numbers out of range, more
than MAX_SHOWS pairs, an over-long value) is ignored, never an error. Nothing
is gained by forging it (it only opens articles for the reader who forged
it), so it is not signed.

The server reads it only to update it (the progress form's POST). Pages do not
depend on it: they are the same for every reader, so the page cache and a CDN
serve one copy, and static/js/watch_progress.js reads the cookie in the
browser to lift a shield or fill in the form. So it is not HttpOnly.
"""

import re

from django.conf import settings

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
        # static/js/watch_progress.js reads it: the shield is lifted in the browser, on a shared page.
        httponly=False,
        samesite="Lax",
    )
