"""Paging of API lists: one query shape (`limit`, `offset`) and one answer shape for every list.

    @router.get("/things", response=Page[ThingOut])
    def list_things(request, page: Query[PageParams]) -> Page[ThingOut]:
        return page_of(Thing.objects.visible_to(...), page, ThingOut.from_thing)

The answer is `{"count", "limit", "offset", "items"}`; `count` is the number over all pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
# Far beyond any list here, and well inside the integers SQLite and PostgreSQL take in LIMIT and
# OFFSET: a larger number is refused as a 422, where the database would have failed with a 500.
MAX_OFFSET = 1_000_000_000

ItemT = TypeVar("ItemT")


class PageParams(Schema):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Hoeveel regels per keer (1 tot en met 200)."
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description="Hoeveel regels over te slaan (0 tot en met 1.000.000.000).",
    )


class PageInfo(Schema):
    """Where a page stands; `Page[X]` adds the items (or subclass it to describe them)."""

    count: int = Field(description="Het aantal regels in totaal, over alle pagina's.")
    limit: int = Field(description="Het gevraagde aantal regels per keer.")
    offset: int = Field(description="Het aantal overgeslagen regels.")


class Page(PageInfo, Generic[ItemT]):
    items: list[ItemT]


def page_of(
    rows: QuerySet[Any] | Sequence[Any],
    params: PageParams,
    convert: Callable[[Any], ItemT],
) -> Page[ItemT]:
    """One page of `rows` (a queryset is counted and sliced in the database)."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    # Past the end there is nothing to fetch.
    window = rows[params.offset : params.offset + params.limit] if params.offset < count else []
    return Page[ItemT](
        count=count,
        limit=params.limit,
        offset=params.offset,
        items=[convert(row) for row in window],
    )
