"""PgStore: the store interface (store/api.py) on a PostgreSQL server."""

from __future__ import annotations

from kallelse_tui.store.errors import StoreError


class PgStore:
    @classmethod
    def open(cls, spec: str, *, readonly: bool = False) -> PgStore:
        raise StoreError("PostgreSQL-lagret är inte klart ännu.")
