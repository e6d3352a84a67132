"""The cache: Redis, and a memory cache in each process while Redis does not answer.

The cache holds login rate limits and used TOTP codes. Django's Redis backend raises when Redis
is down, which would turn every sign-in into a 500. This backend falls back to a per-process
memory cache instead, so pages keep working and sign-in stays rate-limited (per process, so a
little looser: the limit counts per gunicorn worker) until Redis is back. After a failure it
leaves Redis alone for RETRY_AFTER seconds, so an outage costs one timeout, not one per call.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER = 30.0
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class FailoverRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"failover:{server}", params)
        self._down_until = 0.0

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except _UNAVAILABLE as error:
                self._down_until = time.monotonic() + RETRY_AFTER
                logger.warning("Redis cache unavailable, using a memory cache: %s", error)
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
