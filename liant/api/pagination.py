"""ninja's limit/offset pagination with bounds the database can hold."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


class Pagination(LimitOffsetPagination):
    """``?limit=`` (1–200, 50 by default) and ``?offset=``; answers ``{items, count}``."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
        # An offset past 10⁹ finds nothing anyway; larger ones overflow SQL's OFFSET.
        offset: int = Field(0, ge=0, le=10**9)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
