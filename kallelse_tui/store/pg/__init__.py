"""The PostgreSQL store: a kommun's secretaries share one server (psycopg 3)."""

from kallelse_tui.store.pg.store import PgStore

__all__ = ["PgStore"]
