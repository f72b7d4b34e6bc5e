"""A Redis cache that degrades to "always a miss" while Redis is unreachable.

The cache is an optimisation: renditions, the report rate limit and pages all
have a slower way to get what they need. Django's RedisCache raises on a
refused or timed-out connection, which would turn a Redis outage into a site
outage. This backend catches those errors at the one place every cache call
goes through, answers as an empty cache would (a get is a miss, a write is
dropped), and logs at most one line per interval per process, so an outage is
visible without flooding the log. It returns to Redis as soon as it answers
again: redis-py reconnects on the next call.

Short socket timeouts (settings.CACHES OPTIONS) keep a hung Redis from holding
a worker for long.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_INTERVAL_SECONDS = 10


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one redis-py client per connection pool.

    Django builds a new redis.Redis object for every cache call, and building
    one copies its table of response callbacks: about 0.1 ms each time, paid
    several times per page (the page cache's lookups, each picture's
    renditions). A redis.Redis object is safe to share; the pool underneath
    still hands each command its own connection.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache that treats an unreachable server as an empty cache instead of an error."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._last_logged = 0.0

    def validate_key(self, key):
        """Nothing to check: Redis takes any key.

        The base class warns about keys memcached would refuse, scanning every
        character of every key in Python: a page-cache hit asks for a page and a
        dozen tag versions, so that scan was a measurable part of a hit.
        """

    def _unreachable(self, operation, error):
        now = time.monotonic()
        if now - self._last_logged >= LOG_INTERVAL_SECONDS:
            self._last_logged = now
            logger.warning("Cache unreachable (%s: %s); serving without it.", operation, error)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("add", error)
            return False

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            self._unreachable("get", error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set", error)
            return None

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            self._unreachable("delete", error)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            self._unreachable("has_key", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._unreachable("incr", error)
            # What every cache says about a key it does not hold. Callers that
            # count (django-ratelimit) treat it as "could not count".
            raise ValueError(f"Key {key!r} not found (cache unreachable)") from error

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set_many", error)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("delete_many", error)
            return None

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as error:
            self._unreachable("clear", error)
            return False

    # Pub/sub, for the page cache's per-process copies (pagecache/worker_copies.py).

    def publish(self, channel, message):
        """Send message to every subscriber of channel; False if Redis did not take it."""
        try:
            self._cache.get_client(write=True).publish(self._channel(channel), message)
        except UNREACHABLE as error:
            self._unreachable("publish", error)
            return False
        return True

    def subscribe(self, channel):
        """A redis-py PubSub subscribed to channel (raises while Redis is unreachable)."""
        pubsub = self._cache.get_client(write=True).pubsub()
        pubsub.subscribe(self._channel(channel))
        return pubsub

    def _channel(self, channel):
        # Channels are server-wide, not per database: the key prefix and the database keep two sites apart.
        client = self._cache.get_client(write=True)
        return f"{self.key_prefix}:db{client.connection_pool.connection_kwargs.get('db', 0)}:{channel}"
