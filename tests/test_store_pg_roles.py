"""Who may write what, enforced by the server (issue 14 point 5): `kallelse db init` and
`kallelse db grant`, then two logins, each writing only its own organ's meetings."""

from __future__ import annotations

import uuid
from datetime import date

import psycopg
import pytest
from psycopg.types.json import Jsonb

from kallelse_tui.cli import main
from kallelse_tui.domain.model import Organ, OrganTyp, nytt_sammantrade
from kallelse_tui.store import StoreError, StoreLeaseError, StoreReadOnlyError, open_store

KS = Organ("x-ks", "Kommunstyrelsen", "KS", OrganTyp.STYRELSE, "Provby kommun")
SBN = Organ("x-sbn", "Samhällsbyggnadsnämnden", "SBN", OrganTyp.NAMND, "Provby kommun")


def _as(url: str, login: str) -> str:
    return url.replace("postgresql://postgres:@", f"postgresql://{login}@", 1)


@pytest.fixture
def logins(pg_url: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """KS's and SBN's secretaries: each may write its own organ's meetings."""
    suffix = uuid.uuid4().hex[:8]
    ks_login, sbn_login = f"ks_{suffix}", f"sbn_{suffix}"
    assert main(["db", "init", pg_url]) == 0
    assert "kallelse_sekreterare" in capsys.readouterr().out
    with open_store(pg_url) as admin:
        for organ in (KS, SBN):
            admin.save_organ(organ)
            admin.save_meeting(nytt_sammantrade(organ, date(2026, 3, 2), set()))
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for login in (ks_login, sbn_login):
            conn.execute(f"CREATE ROLE {login} LOGIN")
    assert main(["db", "grant", ks_login, "--organ", KS.id, "--store", pg_url]) == 0
    assert main(["db", "grant", sbn_login, "--organ", SBN.id, "--store", pg_url]) == 0
    capsys.readouterr()
    return _as(pg_url, ks_login), _as(pg_url, sbn_login)


def test_each_login_writes_only_its_organs_meetings(logins: tuple[str, str]) -> None:
    ks_url, sbn_url = logins
    with open_store(ks_url) as ks, open_store(sbn_url) as sbn:
        own = ks.meeting("x-ks-2026-03-02")
        own.plats = "KS-salen"
        ks.save_meeting(own)
        own.arenden[0].beskrivning = "Sparad av KS"  # the ärende's own row
        ks.save_arende(own.id, own.arenden[0])
        assert sbn.meeting(own.id).arenden[0].beskrivning == "Sparad av KS"
        other = ks.meeting("x-sbn-2026-03-02")  # reading everything is allowed
        assert "har inte skrivrätt till sammanträden i Samhällsbyggnadsnämnden" in ks.lease(
            other.id
        )
        other.plats = "KS:s ändring"
        with pytest.raises(StoreLeaseError, match="har inte skrivrätt"):
            ks.save_meeting(other)
        new = nytt_sammantrade(SBN, date(2026, 4, 6), set())
        with pytest.raises(StoreReadOnlyError, match="tillåter inte ändringen"):
            ks.save_meeting(new)  # refused by the server's row-level security
        assert sbn.meeting("x-sbn-2026-03-02").plats != "KS:s ändring"
        mine = sbn.meeting("x-sbn-2026-03-02")
        mine.plats = "Stadshuset"
        sbn.save_meeting(mine)
        assert ks.meeting("x-sbn-2026-03-02").plats == "Stadshuset"


def test_the_server_itself_refuses_a_write_outside_the_grant(logins: tuple[str, str]) -> None:
    ks_url, _sbn_url = logins
    with psycopg.connect(ks_url, autocommit=True) as conn:  # no Kallelse in between
        changed = conn.execute(
            "UPDATE sammantrade SET datum = datum WHERE organ_id = %s", (SBN.id,)
        ).rowcount
        assert changed == 0
        assert (
            conn.execute(
                "UPDATE sammantrade SET datum = datum WHERE organ_id = %s", (KS.id,)
            ).rowcount
            == 1
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO sammantrade (id, organ_id, datum, rad, doc) VALUES "
                "('x-sbn-2027-01-01', %s, '2027-01-01', %s, %s)",
                (SBN.id, Jsonb({}), Jsonb({})),
            )
        arenden = "UPDATE arende SET doc = doc WHERE sammantrade_id = %s"
        assert conn.execute(arenden, ("x-sbn-2026-03-02",)).rowcount == 0
        assert conn.execute(arenden, ("x-ks-2026-03-02",)).rowcount == 3
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO arende VALUES ('x-sbn-2026-03-02', 99, '{}')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM skrivratt")  # nor give itself more


def test_grant_names_what_is_wrong(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "init", pg_url]) == 0
    assert main(["db", "grant", "finns_inte", "--organ", "x", "--store", pg_url]) == 2
    assert "Inloggningen ”finns_inte” finns inte" in capsys.readouterr().err
    assert main(["db", "init", "/tmp/en-mapp"]) == 2
    assert "postgresql://" in capsys.readouterr().err
    with pytest.raises(StoreError):
        from kallelse_tui.store.pg.roles import grant

        grant(pg_url, "postgres", ["finns-inte"])
