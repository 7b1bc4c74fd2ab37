"""The index's tables, its version and its meta rows (version, and whether it is built)."""

from __future__ import annotations

import sqlite3
from typing import Any

# Bump when the schema or what goes into a row changes: an index of another version is
# dropped and rebuilt.
INDEX_VERSION = 3

SAMMANTRADE = "sammanträde"
ARENDE = "ärende"
BESLUT = "beslut"
BILAGA = "bilaga"

_SCHEMA_META = "CREATE TABLE meta (nyckel TEXT PRIMARY KEY, varde TEXT NOT NULL)"
_SCHEMA_DATA = """
CREATE TABLE mote (
    id TEXT PRIMARY KEY, organ_id TEXT NOT NULL, kortnamn TEXT NOT NULL, datum TEXT NOT NULL
);
CREATE TABLE dok (
    id INTEGER PRIMARY KEY,
    slag TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    organ_id TEXT NOT NULL,
    datum TEXT NOT NULL,
    arende_id TEXT,
    underlag_id TEXT,
    nummer INTEGER,
    paragraf INTEGER,
    rubrik TEXT NOT NULL,
    dnr TEXT NOT NULL,
    beslut TEXT NOT NULL DEFAULT '',
    sekretess INTEGER NOT NULL,
    egen_sekretess INTEGER NOT NULL DEFAULT 0,
    summa TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dok_mote ON dok (meeting_id, arende_id);
CREATE TABLE dnrrad (
    nyckel TEXT NOT NULL,
    serie TEXT NOT NULL,
    dnr TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    organ_id TEXT NOT NULL,
    datum TEXT NOT NULL,
    arende_id TEXT NOT NULL,
    nummer INTEGER NOT NULL,
    paragraf INTEGER,
    rubrik TEXT NOT NULL,
    beslut TEXT NOT NULL,
    post INTEGER NOT NULL
);
CREATE INDEX dnrrad_nyckel ON dnrrad (nyckel);
CREATE INDEX dnrrad_mote ON dnrrad (meeting_id, arende_id);
CREATE VIRTUAL TABLE fts USING fts5 (
    rubrik, text, ram, nycklar,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '3 4'
);
"""
_TABLES = ("meta", "mote", "dok", "dnrrad", "fts")

_Rad = tuple[Any, ...]  # a row of `dok`, as _dok_rader selects it


def _skapa_tabeller(conn: sqlite3.Connection) -> None:
    """Everything but `meta`."""
    for statement in _SCHEMA_DATA.split(";"):
        if statement.strip():
            conn.execute(statement)


def _skapa(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN")
    conn.execute(_SCHEMA_META)
    _skapa_tabeller(conn)
    _satt_meta(conn, "version", str(INDEX_VERSION))
    _satt_meta(conn, "byggt", "0")
    conn.execute("COMMIT")


def _satt_meta(conn: sqlite3.Connection, nyckel: str, varde: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (nyckel, varde) VALUES (?, ?)", (nyckel, varde))


def _las_version(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT varde FROM meta WHERE nyckel = 'version'").fetchone()
    try:
        return int(row[0]) if row else None
    except ValueError:
        return None


def _las_status(conn: sqlite3.Connection) -> bool:
    """Built and of this version; raises DatabaseError on a file that is not an index."""
    if _las_version(conn) != INDEX_VERSION:
        return False
    row = conn.execute("SELECT varde FROM meta WHERE nyckel = 'byggt'").fetchone()
    return bool(row and row[0] == "1")
