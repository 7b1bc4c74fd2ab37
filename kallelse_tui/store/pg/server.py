"""Talking to the server: connecting, the schema and its versions, and every failure turned
into a Swedish sentence that names what was not done and never shows the password."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from kallelse_tui.store.errors import (
    StoreConnectionError,
    StoreError,
    StoreReadOnlyError,
    StoreVersionError,
    StoreWriteError,
)
from kallelse_tui.store.pg.search import SCHEMA as SEARCH_SCHEMA

SCHEMA_VERSION = 3
CONNECT_TIMEOUT_S = 10

# MIGRATIONS[n] upgrades the schema from version n to n + 1 inside the transaction that
# holds the schema lock; the version row is updated in the same transaction.
MIGRATIONS: dict[int, Callable[[psycopg.Connection[Any]], None]] = {}

# Any one value: a transaction-scoped advisory lock on it serialises schema creation and
# migration between secretaries starting Kallelse at the same moment.
_SCHEMA_LOCK = 0x4B414C4C

SCHEMA = """
CREATE TABLE kallelse_meta (nyckel text PRIMARY KEY, varde text NOT NULL);
CREATE TABLE organ (id text PRIMARY KEY, doc jsonb NOT NULL);
CREATE TABLE sammantrade (
    id text PRIMARY KEY,
    organ_id text NOT NULL REFERENCES organ (id),
    datum date NOT NULL,
    tid time,
    rad jsonb NOT NULL,
    doc jsonb NOT NULL,
    last boolean NOT NULL DEFAULT false,
    version bigint NOT NULL DEFAULT 1,
    andrad timestamptz NOT NULL DEFAULT now(),
    andrad_av text NOT NULL DEFAULT ''
);
CREATE INDEX sammantrade_organ ON sammantrade (organ_id, datum);
CREATE TABLE paragrafserie (
    organ_id text NOT NULL REFERENCES organ (id),
    ar integer NOT NULL,
    PRIMARY KEY (organ_id, ar)
);
CREATE TABLE paragrafnummer (
    organ_id text NOT NULL,
    ar integer NOT NULL,
    nummer integer NOT NULL,
    sammantrade_id text NOT NULL REFERENCES sammantrade (id) ON DELETE CASCADE,
    PRIMARY KEY (organ_id, ar, nummer),
    FOREIGN KEY (organ_id, ar) REFERENCES paragrafserie (organ_id, ar)
);
CREATE INDEX paragrafnummer_mote ON paragrafnummer (sammantrade_id);
CREATE TABLE kedjehuvud (organ_id text PRIMARY KEY REFERENCES organ (id), doc jsonb NOT NULL);
CREATE TABLE bilaga (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    storlek bigint NOT NULL,
    data bytea NOT NULL,
    text text,
    text_sha256 text NOT NULL DEFAULT ''
);
CREATE TABLE skrivratt (
    roll text NOT NULL,
    organ_id text NOT NULL REFERENCES organ (id),
    PRIMARY KEY (roll, organ_id)
);
-- Who may write an organ's meetings: the owner of the tables (who ran `kallelse db init`)
-- and the logins `kallelse db grant` named for it. Row-level security below asks this.
CREATE FUNCTION kallelse_far_skriva(organ text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(
            current_user, (SELECT relowner FROM pg_class WHERE oid = 'sammantrade'::regclass),
            'MEMBER')
        OR EXISTS (
            SELECT 1 FROM skrivratt s JOIN pg_roles r ON r.rolname = s.roll
            WHERE s.organ_id = organ AND pg_has_role(current_user, r.oid, 'MEMBER'))
$$;
CREATE TABLE redigering (
    sammantrade_id text PRIMARY KEY,
    vem text NOT NULL,
    dator text NOT NULL,
    sedan timestamptz NOT NULL DEFAULT now(),
    backend_pid integer NOT NULL
);
CREATE TABLE utcheckning (
    sammantrade_id text PRIMARY KEY REFERENCES sammantrade (id) ON DELETE CASCADE,
    vem text NOT NULL,
    dator text NOT NULL,
    sedan timestamptz NOT NULL DEFAULT now(),
    mapp text NOT NULL
);
"""


def _meeting_policies(table: str) -> str:
    """Row-level security of a table whose rows belong to a meeting (`sammantrade_id`):
    everyone reads them; only who may write the meeting's organ writes them."""
    organ = "(SELECT organ_id FROM sammantrade WHERE id = sammantrade_id)"
    return f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
CREATE POLICY lasa ON {table} FOR SELECT USING (true);
CREATE POLICY skriva ON {table} FOR ALL
    USING (kallelse_far_skriva({organ})) WITH CHECK (kallelse_far_skriva({organ}));
"""


# Only who may write the meeting's organ checks it out (or in).
SCHEMA += _meeting_policies("utcheckning")

SCHEMA += SEARCH_SCHEMA

# Version 2: the registers beside the meetings (api.REGISTER_KINDS), one JSONB row each.
REGISTERRAD = """
CREATE TABLE registerrad (
    typ text NOT NULL,
    id text NOT NULL,
    organ_id text NOT NULL REFERENCES organ (id),
    doc jsonb NOT NULL,
    PRIMARY KEY (typ, id)
);
CREATE INDEX registerrad_organ ON registerrad (typ, organ_id);
"""
SCHEMA += REGISTERRAD

# Row-level security: everyone reads everything; an organ's rows are written only by
# those kallelse_far_skriva lets. The table owner is not bound by it.
_RLS = {
    "organ": "id",
    "sammantrade": "organ_id",
    "paragrafserie": "organ_id",
    "paragrafnummer": "organ_id",
    "kedjehuvud": "organ_id",
    "registerrad": "organ_id",
    "sok_dok": "organ_id",
    "sok_dnr": "organ_id",
}


def _policies(table: str, column: str) -> str:
    return f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
CREATE POLICY lasa ON {table} FOR SELECT USING (true);
CREATE POLICY skapa ON {table} FOR INSERT WITH CHECK (kallelse_far_skriva({column}));
CREATE POLICY andra ON {table} FOR UPDATE USING (kallelse_far_skriva({column}))
    WITH CHECK (kallelse_far_skriva({column}));
CREATE POLICY ta_bort ON {table} FOR DELETE USING (kallelse_far_skriva({column}));
"""


SCHEMA += "".join(_policies(table, column) for table, column in _RLS.items())


def _add_registers(conn: psycopg.Connection[Any]) -> None:
    conn.execute(REGISTERRAD + _policies("registerrad", "organ_id"))  # type: ignore[arg-type]
    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'kallelse_sekreterare'").fetchone():
        conn.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON registerrad TO kallelse_sekreterare")


MIGRATIONS[1] = _add_registers

# Version 3: each ärende of a meeting is a row of its own, its place in the meeting's list
# (from 0) its key; the meeting's row holds the rest of the document. An autosave changes
# one ärende: it rewrites that row (a few kB), not the whole meeting (~90 kB, detoasted,
# recompressed and WAL-logged on every save). Written by whoever may write the meeting.
ARENDE = """
CREATE TABLE arende (
    sammantrade_id text NOT NULL REFERENCES sammantrade (id) ON DELETE CASCADE,
    ordning integer NOT NULL,
    doc jsonb NOT NULL,
    PRIMARY KEY (sammantrade_id, ordning)
);
""" + _meeting_policies("arende")
SCHEMA += ARENDE


def _arenden_as_rows(conn: psycopg.Connection[Any]) -> None:
    conn.execute(ARENDE)  # type: ignore[arg-type]  # a constant
    conn.execute(
        "INSERT INTO arende SELECT s.id, e.n - 1, e.doc FROM sammantrade s, "
        "jsonb_array_elements(s.doc->'arenden') WITH ORDINALITY AS e(doc, n)"
    )
    conn.execute("UPDATE sammantrade SET doc = doc - 'arenden'")
    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'kallelse_sekreterare'").fetchone():
        conn.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON arende TO kallelse_sekreterare")


MIGRATIONS[2] = _arenden_as_rows


@functools.lru_cache(maxsize=16)  # every database step names it, should it fail
def shown_url(spec: str) -> str:
    """The URL fit to show and log: user, host, port, database and parameters, never the
    password (nor one given as a parameter)."""
    try:
        params = conninfo_to_dict(spec)
    except psycopg.ProgrammingError:
        return "postgresql://…"  # unparseable: show nothing that could hold a secret
    params.pop("password", None)
    user = params.pop("user", None)
    host = str(params.pop("host", None) or "")
    port = params.pop("port", None)
    dbname = params.pop("dbname", None) or ""
    where = host if host and not host.startswith("/") else ""
    if port:
        where += f":{port}"
    rest = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    if host.startswith("/"):
        rest = "&".join(p for p in (f"host={host}", rest) if p)
    return f"postgresql://{f'{user}@' if user else ''}{where}/{dbname}" + (
        f"?{rest}" if rest else ""
    )


def _scrub(text: str, spec: str) -> str:
    """A server's or libpq's message with the password taken out, should it appear."""
    with contextlib.suppress(psycopg.ProgrammingError):
        password = conninfo_to_dict(spec).get("password")
        if password:
            text = text.replace(str(password), "***")
    return text


def connect(spec: str) -> psycopg.Connection[Any]:
    """An autocommit connection; libpq parameters in the URL (sslmode, …) pass through."""
    try:
        params = conninfo_to_dict(spec)
    except psycopg.ProgrammingError:
        raise StoreError(
            "Adressen till PostgreSQL-servern går inte att läsa. Den ska se ut som "
            "postgresql://användare@server/databas (med parametrar som ?sslmode=require)."
        ) from None
    defaults: dict[str, str | int] = {
        "application_name": "kallelse",
        "connect_timeout": CONNECT_TIMEOUT_S,
        # The server notices within about 90 s that a machine holding an edit lease
        # vanished from the network (its lease then expires with the connection).
        "options": "-c tcp_keepalives_idle=60 -c tcp_keepalives_interval=10 "
        "-c tcp_keepalives_count=3",
        # And this machine, that the server did: a save is not left hanging for minutes.
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "tcp_user_timeout": 30000,
    }
    extra = {k: v for k, v in defaults.items() if k not in params}
    try:
        conn = psycopg.connect(make_conninfo(spec, **extra), autocommit=True)
    except psycopg.OperationalError as exc:
        raise _connect_error(spec, exc) from None
    import orjson
    from psycopg.types.json import set_json_loads

    set_json_loads(orjson.loads, conn)
    return conn


# libpq's most common reasons, in the users' language (others are shown as they are).
_REASONS = {
    "connection refused": "servern tar inte emot anslutningar",
    "failed to resolve host": "servernamnet hittades inte",
    "could not translate host name": "servernamnet hittades inte",
    "timeout expired": "servern svarade inte i tid",
    "no such file or directory": "ingen server lyssnar där",
    "network is unreachable": "nätverket går inte att nå",
    "server does not support ssl": "servern kan inte kryptera anslutningen (sslmode)",
    "certificate verify failed": "serverns certifikat gick inte att verifiera (sslmode)",
}


def _connect_error(spec: str, exc: psycopg.OperationalError) -> StoreError:
    url = shown_url(spec)
    reason = _scrub(str(exc).strip().splitlines()[-1] if str(exc).strip() else "", spec)
    lowered = str(exc).lower()
    if "authentication failed" in lowered or "no password supplied" in lowered:
        return StoreConnectionError(
            f"Inloggningen på PostgreSQL-servern {url} misslyckades: fel användarnamn eller "
            f"lösenord. Kontrollera inloggningen (i KALLELSE_STORE eller ~/.pgpass); "
            f"ingenting har ändrats."
        )
    if "does not exist" in lowered and "database" in lowered:
        return StoreConnectionError(
            f"Databasen på {url} finns inte. Be den som sköter servern skapa den, eller "
            f"kontrollera namnet i adressen."
        )
    for english, swedish in _REASONS.items():
        if english in lowered:
            reason = swedish
            break
    return StoreConnectionError(
        f"Kunde inte nå PostgreSQL-servern {url} ({reason}). Kontrollera nätverket och "
        f"adressen, eller arbeta i ett lokalt lager med --store MAPP; ingenting har ändrats."
    )


@contextlib.contextmanager
def translated(spec: str, what: str) -> Iterator[None]:
    """Run a database step; a failure becomes a StoreError saying `what` was not done
    (e.g. "sammanträdet KS 2026-03-02 sparades inte")."""
    url = shown_url(spec)
    try:
        yield
    except pgerrors.DiskFull:
        raise StoreWriteError(
            f"Databasservern {url} har slut på diskutrymme: {what}. Be den som sköter "
            f"servern frigöra utrymme och försök igen."
        ) from None
    except pgerrors.InsufficientPrivilege:
        raise StoreReadOnlyError(
            f"Servern {url} tillåter inte ändringen för din inloggning (du har inte "
            f"skrivrätt till det organet): {what}."
        ) from None
    except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
        if isinstance(exc, pgerrors.ReadOnlySqlTransaction):
            raise StoreReadOnlyError(f"Servern {url} tar bara emot läsning: {what}.") from None
        raise StoreConnectionError(
            f"Förbindelsen med databasservern {url} bröts: {what}. Det du skrivit finns "
            f"kvar; spara igen när servern går att nå."
        ) from None
    except psycopg.Error as exc:
        message = _scrub(exc.diag.message_primary or str(exc), spec)
        raise StoreError(f"Databasservern {url} vägrade ({message}): {what}.") from None


def ensure_schema(conn: psycopg.Connection[Any], spec: str, readonly: bool) -> None:
    """Create the schema on first writable open, migrate an older one, refuse a newer."""
    url = shown_url(spec)
    version = _schema_version(conn)
    if version == SCHEMA_VERSION:
        return
    if version is not None and version > SCHEMA_VERSION:
        raise StoreVersionError(
            f"Lagret på {url} har schemaversion {version}, men den här versionen av "
            f"Kallelse känner bara till version {SCHEMA_VERSION}. Uppdatera Kallelse; "
            f"lagret har inte ändrats."
        )
    if readonly:
        if version is None:
            raise StoreError(
                f"Det finns inget Kallelse-lager i databasen {url}. Öppna det en gång med "
                f"skrivrätt (eller kör kallelse db init) så skapas det."
            )
        raise StoreVersionError(
            f"Lagret på {url} har den äldre schemaversionen {version} och behöver "
            f"uppgraderas; öppna det en gång med skrivrätt."
        )
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        version = _schema_version(conn)  # someone else may have just done it
        if version is None:
            conn.execute(SCHEMA)  # type: ignore[arg-type]  # a constant, no parameters
            conn.execute(
                "INSERT INTO kallelse_meta VALUES ('schema_version', %s)", (str(SCHEMA_VERSION),)
            )
            return
        while version < SCHEMA_VERSION:
            step = MIGRATIONS.get(version)
            if step is None:
                raise StoreVersionError(
                    f"Det finns ingen uppgradering från schemaversion {version} för {url}."
                )
            step(conn)
            version += 1
            conn.execute(
                "UPDATE kallelse_meta SET varde = %s WHERE nyckel = 'schema_version'",
                (str(version),),
            )


def _schema_version(conn: psycopg.Connection[Any]) -> int | None:
    row = conn.execute("SELECT to_regclass('kallelse_meta') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return None
    found = conn.execute(
        "SELECT varde FROM kallelse_meta WHERE nyckel = 'schema_version'"
    ).fetchone()
    return int(found[0]) if found else None
