"""Django's Redis cache with one Redis client per connection pool, kept for the process.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` object for every cache call;
with redis-py 5 and later that object fills a table of about 170 response callbacks each time,
some 0.15-0.2 ms per call, more than the round trip to Redis itself (measured by cProfile of the
public catalogue list, bench/README.md). The client object is thread-safe and holds no
connection of its own (the pool does), so one per pool is enough. `settings.CACHES` names
`hechtwerk.core.cache.RedisCache` when `REDIS_URL` is set.

`redis_client()` gives the raw client of such a cache (or None for any other backend), for
the few callers that send several commands in one round trip (`core.ratelimit.hit_and_get`).
"""

from __future__ import annotations

from typing import Any, cast

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusedClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django: Any = self  # Django's private helpers, which django-stubs does not declare
        index = django._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = django._client(connection_pool=django._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusedClient


def redis_client(alias: str = DEFAULT_CACHE_ALIAS) -> tuple[Any, Any] | None:
    """(the writable redis client, the serializer) of the cache `alias` when it is a Redis
    cache; None for any other backend."""
    backend = caches[alias]
    if not isinstance(backend, DjangoRedisCache):
        return None
    client: Any = cast(Any, backend)._cache
    return client.get_client(write=True), client._serializer
