"""Each worker's own copies of its hot pages, served with no cache round trip, and never past a bump it could hear.

A hit through the shared cache is one Redis round trip, and on a busy page that
round trip is most of the hit. So a process keeps the pages it served last
(bounded by count and bytes) and serves them again from memory, on exactly the
rule pages.py applies to the shared copy: no tag the page depends on has a
version later than the one its render began at.

What a process knows of tag changes:

- Every bump is published on a Redis channel (announce(), called by
  pages.bump_now() once the new versions are stored). Each process subscribes,
  and at the start of every request reads what has arrived (a non-blocking
  read, about 2 µs). Redis sends the message before it answers the bumping
  process, so by the time a writer's save has returned, every process has it
  waiting on its socket: a request that starts after the save sees the change.
- A copy is kept only when the shared cache has just said it is fresh, with the
  versions that cache gave for its tags; messages only ever make a tag newer.
- Anything that could have lost a message drops every copy and every version
  heard: a new connection to Redis (a restart, a network error), a fork, a
  failed read. Copies come back only once the new subscription is confirmed,
  each after a round trip to the shared cache.
- A copy goes back to the shared cache at least every REVALIDATE_SECONDS, so a
  Redis that hangs rather than refuses (no error, no messages) is noticed as it
  is without copies, by a failed read.

Only with a cache that can publish (pagecache.cache_backends.ResilientRedisCache);
local memory is per process already and needs none of this.
"""

import contextlib
import json
import logging
import os
import threading
import time
from collections import OrderedDict

from django.core.cache import cache

logger = logging.getLogger(__name__)

CHANNEL = "pagecache:bumps"
MAX_PAGES = 1024
MAX_BYTES = 32 * 1024 * 1024
REVALIDATE_SECONDS = 1.0
# After a failed subscription, try again at most this often.
RETRY_SECONDS = 1.0


class _Listener:
    """This process's subscription to the bumps, its copies and the tag versions it has heard."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pid = None
        self.pubsub = None
        self.confirmed = False
        self.retry_at = 0.0
        self.heard = {}  # tag -> its latest version, as far as this process knows
        self.copies = OrderedDict()  # page key -> (entry, validated at, monotonic)
        self.bytes = 0

    def forget(self):
        self.heard.clear()
        self.copies.clear()
        self.bytes = 0

    def drop_subscription(self):
        self.forget()
        self.confirmed = False
        pubsub, self.pubsub = self.pubsub, None
        if pubsub is not None:
            with contextlib.suppress(Exception):  # closing a connection that may already have failed
                pubsub.close()

    def listening(self):
        """Read every bump delivered so far; True when the copies may be trusted."""
        if self.pid != os.getpid():  # a forked child shares no socket with its parent
            self.pid, self.pubsub = os.getpid(), None
            self.forget()
            self.confirmed = False
        if self.pubsub is None and not self._subscribe():
            return False
        try:
            while (message := self.pubsub.get_message(timeout=0)) is not None:
                if message["type"] == "subscribe":
                    # Confirmed on a new connection: whatever was sent before it is lost to us.
                    self.forget()
                    self.confirmed = True
                elif message["type"] == "message":
                    self._apply(message["data"])
        except Exception as error:
            logger.warning("Page cache: lost the bump channel (%s); copies dropped", error)
            self.drop_subscription()
            return False
        return self.confirmed

    def _subscribe(self):
        now = time.monotonic()
        if now < self.retry_at:
            return False
        self.retry_at = now + RETRY_SECONDS
        try:
            self.pubsub = cache.subscribe(CHANNEL)
            # Any reconnection redis-py makes by itself could have lost messages.
            self.pubsub.connection.register_connect_callback(self._reconnected)
        except Exception as error:
            logger.warning("Page cache: could not subscribe to bumps (%s)", error)
            self.drop_subscription()
            return False
        return False  # trusted once the subscription is confirmed

    def _reconnected(self, connection):
        self.forget()
        self.confirmed = False

    def _apply(self, data):
        version, tags = json.loads(data)
        self.hear(version, tags)

    def hear(self, version, tags):
        """Versions only ever grow: a message or a read that arrives late cannot lower one."""
        for tag in tags:
            if version > self.heard.get(tag, 0):
                self.heard[tag] = version


_listener = _Listener()


def enabled():
    return hasattr(cache, "subscribe")


def fresh(key, is_fresh):
    """This process's copy of the page at key if it may be served now, else None.

    is_fresh(entry, version_of) is pages.py's rule, given the version this process heard for each tag.
    """
    with _listener.lock:
        if not _listener.listening():
            return None
        kept = _listener.copies.get(key)
        if kept is None:
            return None
        entry, validated = kept
        if time.monotonic() - validated > REVALIDATE_SECONDS or not is_fresh(entry, _listener.heard.get):
            _drop(key)
            return None
        _listener.copies.move_to_end(key)
        return entry


def keep(key, entry, versions):
    """Keep entry, which the shared cache just found fresh with these tag versions (tag -> version)."""
    with _listener.lock:
        if not _listener.listening():
            return
        for tag, version in versions.items():
            _listener.hear(version, [tag])
        _drop(key)
        _listener.copies[key] = (entry, time.monotonic())
        _listener.bytes += len(entry.content)
        while _listener.copies and (len(_listener.copies) > MAX_PAGES or _listener.bytes > MAX_BYTES):
            _drop(next(iter(_listener.copies)))


def _drop(key):
    kept = _listener.copies.pop(key, None)
    if kept is not None:
        _listener.bytes -= len(kept[0].content)


def announce(version, tags):
    """Tell every process these tags have a new version; this one knows at once."""
    with _listener.lock:
        _listener.hear(version, tags)
    return cache.publish(CHANNEL, json.dumps([version, sorted(tags)]))


def reset():
    """Forget every copy and the subscription (tests, and after settings change the cache)."""
    with _listener.lock:
        _listener.drop_subscription()
        _listener.pid = None
        _listener.retry_at = 0.0
