"""The search index: SQLite FTS5 in `<store>/sokindex.sqlite` (0600), derived from the store.

Reading every meeting file of a ten-year store to answer one query would take seconds, so
search runs against this index instead. It is derived data: it can always be rebuilt from
the store (`bygg_om`); a missing, corrupt or old-version index is recreated empty and
`behover_byggas()` says so; a failed index write never fails a save (the change is rolled
back and `behover_byggas()` turns True). A read-only index never writes or repairs.

What is indexed, one FTS row each:
    sammanträde  organ, date, place, notes ("KS oktober", "Sessionssalen")
    ärende       title, beskrivning, förslag, ekonomiska konsekvenser, meddelanden and
                 delegationsbeslut lines, attachment titles
    beslut       the § text (beslut, behandling, yrkanden, reservationer)
    bilaga       an attachment's extracted text (`uppdatera_bilaga`, `bygg_om`)

Columns: `rubrik` (title, weighted high), `text` (body), `ram` (context: organ, year,
Dnr as printed, §, handläggare; weighted low, so "KS budget 2026" narrows as expected) and
`nycklar` (Dnr keys). The tokenizer is unicode61 without removing diacritics: case-folded,
"år" ≠ "ar", "Å" = "å". Text and queries are NFC-normalised first: a decomposed "ä"
(a + U+0308, common in PDF text) would otherwise split the word.

Queries: every word must occur; a word of three letters or more is a prefix ("budg" finds
"budget", "intern" finds "internbudget"; a compound is found by its first part only);
"quoted words" are a phrase. Nothing typed reaches FTS5's query syntax raw. Ranking: bm25,
ties newest first. Row ids follow the meeting date, so FTS5 yields matches newest first
for free; a word matching more than _FONSTER rows is ranked among its newest _FONSTER
matches (bm25 over 20,000 rows alone would cost ~50 ms). "§ 177" / "KS § 177" finds that §.

Dnr: every Dnr (the ärende's own, list lines, and Dnr-shaped text in bodies and
attachments) is indexed as tokens `nk<år>x<löpnr>` and `nk<år>x<löpnr>s<serie>` (serie ""
when none). A query that is a Dnr in any shape searches by key. The series rule: a query
WITH a series ("KS 2020/434") matches that series or a Dnr printed without one
("2020/434"), the same series listed first; a query without a series matches every series.

The package, one idea a module: schema.py (the tables, INDEX_VERSION, the meta rows),
rows.py (what a meeting, ärende, § and attachment become: rows and Dnr rows, shared with
the PostgreSQL store), indexing.py (writing them, and `kallor` for a rebuild), dnr_keys.py
(Dnr keys), query.py (query parsing, the search SQL, utdrag and the result types) and
index.py (SokIndex: opening, transactions, WAL checkpoints, searching).
"""

from __future__ import annotations

from kallelse_tui.store.search.index import FILE_MODE, INDEX_FILE, SokIndex
from kallelse_tui.store.search.indexing import BilagaRad, kallor
from kallelse_tui.store.search.query import HistorikRad, Traff
from kallelse_tui.store.search.schema import (
    ARENDE,
    BESLUT,
    BILAGA,
    INDEX_VERSION,
    SAMMANTRADE,
)

__all__ = [
    "ARENDE",
    "BESLUT",
    "BILAGA",
    "FILE_MODE",
    "INDEX_FILE",
    "INDEX_VERSION",
    "SAMMANTRADE",
    "BilagaRad",
    "HistorikRad",
    "SokIndex",
    "Traff",
    "kallor",
]
