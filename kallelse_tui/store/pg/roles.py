"""`kallelse db init` and `kallelse db grant`: the secretaries' role and who may write which
organ's meetings, enforced by the server's row-level security (see server.SCHEMA)."""

from __future__ import annotations

from psycopg import sql

from kallelse_tui.store.errors import StoreError
from kallelse_tui.store.pg.server import connect, ensure_schema, shown_url, translated

ROLE = "kallelse_sekreterare"
_WRITABLE = (
    "organ",
    "sammantrade",
    "arende",
    "paragrafserie",
    "paragrafnummer",
    "kedjehuvud",
    "bilaga",
    "registerrad",
    "sok_dok",
    "sok_dnr",
)


def init_db(spec: str) -> list[str]:
    """Create (or bring up to date) the schema and the secretaries' role; one sentence per
    step, for the person setting up the server."""
    url = shown_url(spec)
    with connect(spec) as conn, translated(spec, f"lagret på {url} skapades inte"):
        ensure_schema(conn, spec, readonly=False)
        with conn.transaction():
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (ROLE,)).fetchone():
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(ROLE)))
            role = sql.Identifier(ROLE)
            conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
            conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(role))
            conn.execute(
                sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(
                    sql.SQL(", ").join(map(sql.Identifier, _WRITABLE)), role
                )
            )
            leases = sql.SQL("GRANT INSERT, UPDATE, DELETE ON redigering, utcheckning TO {}")
            conn.execute(leases.format(role))
            conn.execute(sql.SQL("GRANT USAGE ON SEQUENCE sok_dok_id_seq TO {}").format(role))
            conn.execute(
                sql.SQL("GRANT EXECUTE ON FUNCTION kallelse_far_skriva(text) TO {}").format(role)
            )
    return [
        f"Lagret på {url} är klart (schemat skapat eller redan aktuellt).",
        f"Rollen {ROLE} får läsa allt; skrivrätt per organ ges med "
        f"kallelse db grant INLOGGNING --organ ID.",
    ]


def grant(spec: str, login: str, organ_ids: list[str]) -> list[str]:
    """Let `login` write the meetings of these organs (and read everything)."""
    url = shown_url(spec)
    with connect(spec) as conn, translated(spec, f"skrivrätten för {login} sparades inte"):
        ensure_schema(conn, spec, readonly=True)
        with conn.transaction():
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone():
                raise StoreError(
                    f"Inloggningen ”{login}” finns inte på servern {url}. Skapa den först "
                    f"(CREATE ROLE {login} LOGIN PASSWORD '…'), och ge sedan skrivrätten."
                )
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (ROLE,)).fetchone():
                raise StoreError(f"Rollen {ROLE} saknas på {url}: kör kallelse db init först.")
            known = {r[0] for r in conn.execute("SELECT id FROM organ").fetchall()}
            if missing := [o for o in organ_ids if o not in known]:
                raise StoreError(
                    f"Organet ”{missing[0]}” finns inte i lagret på {url}; se kallelse organ "
                    f"list. Ingen skrivrätt har getts."
                )
            conn.execute(
                sql.SQL("GRANT {} TO {}").format(sql.Identifier(ROLE), sql.Identifier(login))
            )
            for organ_id in organ_ids:
                conn.execute(
                    "INSERT INTO skrivratt VALUES (%s, %s) ON CONFLICT DO NOTHING",
                    (login, organ_id),
                )
    return [f"{login} får nu skriva sammanträden i {', '.join(organ_ids)}; allt annat läsa."]
