"""Nothing secret and no personnummer in any published document.

Seeded random meetings carry a unique marker string in every field of their sekretess-marked
ärenden, §§ and documents, and a personnummer beside an open marker in every free-text field
of the open ones. The personnummer come in every shape (with and without century; no
separator, hyphen, '+' for a person over 100, en and em dash, minus sign, non-breaking
hyphen, space, non-breaking and thin space, " - ", a line break; valid or wrong check digit;
samordningsnummer), in the fields and inside the attachments (text, Markdown with a table,
DOCX, PDF with its text broken over lines). Secret markers also stand where a careless export
would copy them: a former title of a secret ärende in the "Ändringar efter utskick" log,
attachment file names, attached PDFs' bookmarks and metadata (Title, Subject, Keywords) and
DOCX core properties.

Every public export, every format, is read back (PDF with pypdf: page text, bookmarks, document
info and XMP; DOCX with python-docx: body, tables, headers, core properties; HTML and text as
they are, <title> included): not one secret marker, not one personnummer may be there, and the
open markers must be, so the test fails both when something leaks and when the cleaning removes
too much. The members' version is read too: the markers and numbers reach it, so their absence
from the public one means something.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from kallelse_tui.domain.justering import justera, justera_omedelbart, registrera_anslag
from kallelse_tui.domain.model import (
    Andring,
    Anteckning,
    AnteckningTyp,
    Arende,
    ArendeTyp,
    Beslutsunderlag,
    Forslag,
    Handlaggare,
    Jav,
    Justering,
    ListPost,
    Mottagare,
    Omrostning,
    OvrigNarvarande,
    Rost,
    UnderlagTyp,
    Undertecknare,
    Yrkande,
    YrkandeTyp,
)
from kallelse_tui.domain.paragrafer import oppna_paragraf
from kallelse_tui.domain.status import Status
from kallelse_tui.export.anslag import export_anslag
from kallelse_tui.export.handlingar import export_handlingar
from kallelse_tui.export.kallelse import export_kallelse
from kallelse_tui.export.protokoll import export_protokoll
from kallelse_tui.export.utdrag import export_utdrag
from tests.motesdata import mote as provmote
from tests.motesdata import organ as provorgan
from tests.test_export_handlingar import Lager, pdf_fabrik_i

FORMAT = ("pdf", "html", "md", "txt", "docx")
ANSLAG_FORMAT = ("pdf", "html", "md", "txt")
CI_FALL = range(3)
SLOW_FALL = range(3, 23)


def luhn_siffra(nio: str) -> str:
    """The check digit that makes `nio` + digit pass the Luhn test."""
    total = 0
    for i, tecken in enumerate(nio):
        produkt = int(tecken) * (2 if i % 2 == 0 else 1)
        total += produkt - 9 if produkt > 9 else produkt
    return str(-total % 10)


@dataclass(frozen=True)
class Pnr:
    text: str  # as written in the field
    datum6: str  # YYMMDD (day + 60 for a samordningsnummer)
    fyra: str  # the last four digits

    @property
    def karna(self) -> str:
        """The ten digits that identify the person, whatever the shape."""
        return self.datum6 + self.fyra


# (century?, separator); every separator a personnummer is written with in the documents.
FORMER = (
    (True, "-"),
    (False, "-"),
    (False, ""),
    (True, ""),
    (False, "+"),
    (False, "\u2013"),  # en dash
    (True, "\u2014"),  # em dash
    (False, "\u2212"),  # minus sign
    (False, "\u2011"),  # non-breaking hyphen
    (False, " "),
    (True, "\u00a0"),  # non-breaking space
    (False, "\u2009"),  # thin space
    (False, " - "),
    (False, "-\n"),  # broken over a line, as PDF text extraction gives it
)
# Characters between the digits of a personnummer as written above.
SEPARATORER = "-+\u2013\u2014\u2212\u2011\u00a0\u2009"


def personnummer(rng: random.Random, form: tuple[bool, str], samordning: bool) -> Pnr:
    sekel_med, sep = form
    if sep.strip() == "+":  # '+': 100 years or older on the day it is written
        fodd = date(1900, 1, 1) + timedelta(days=rng.randrange(0, 365 * 25))
    else:
        fodd = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 365 * 90))
    dag = fodd.day + (60 if samordning else 0)
    datum6 = f"{fodd:%y%m}{dag:02d}"
    nio = datum6 + f"{rng.randrange(1000):03d}"
    # A mistyped number (wrong check digit) is still personal data; bare ten digits without
    # the century need a valid one (or they could be a phone number).
    fel = sep and rng.random() < 0.3
    kontroll = luhn_siffra(nio)
    fyra = nio[6:] + (str((int(kontroll) + 1) % 10) if fel else kontroll)
    sekel = f"{fodd.year // 100}" if sekel_med else ""
    return Pnr(f"{sekel}{datum6}{sep}{fyra}", datum6, fyra)


@dataclass
class Fall:
    """One generated meeting and what must and must not be in its public documents."""

    rng: random.Random
    hemliga: list[str] = field(default_factory=list)  # secret markers
    pnr: list[Pnr] = field(default_factory=list)
    oppna: dict[str, list[str]] = field(default_factory=dict)  # document → open markers
    n: int = 0

    def _ord(self, prefix: str) -> str:
        self.n += 1
        return prefix + "".join(self.rng.choices(string.ascii_uppercase, k=8))

    def hemlig(self, vad: str = "") -> str:
        """A secret text: a unique marker (with a personnummer, for good measure)."""
        marker = self._ord("HEMLIG")
        self.hemliga.append(marker)
        return f"{vad} {marker} {self._pnr()}".strip()

    def oppen(self, *dokument: str, vad: str = "") -> str:
        """An open text with a personnummer: the marker must stay in `dokument`."""
        marker = self._ord("OPPEN")
        for d in dokument:
            self.oppna.setdefault(d, []).append(marker)
        return f"{vad} {marker}, pnr {self._pnr()}.".strip()

    def _pnr(self) -> str:
        form = FORMER[(len(self.pnr) + self.rng.randrange(len(FORMER))) % len(FORMER)]
        p = personnummer(self.rng, form, samordning=self.rng.random() < 0.3)
        self.pnr.append(p)
        return p.text


def generera(seed: int, mapp: Path, pdf) -> tuple:
    """A meeting with open and secret ärenden, §§, votes, lists and documents."""
    rng = random.Random(seed)
    f = Fall(rng)
    o = provorgan()
    o.kommun = f.oppen("kallelse", "protokoll", "anslag", vad="Kommun")
    lager = Lager(mapp)
    m = provmote(0)
    m.arenden = []
    m.status = Status.PAGAR
    m.tid = time(9, 0)
    m.plats = f.oppen("kallelse", vad="Stadshuset")
    m.distans = f.oppen("kallelse", vad="Distans via länk")
    m.osa = f.oppen("kallelse", vad="OSA till sekreteraren")
    m.adressater = [f.oppen("kallelse", vad="Ledamöter")]
    # The log keeps only its dates in public when anything is secret: no open marker here.
    m.andringar = [Andring(date(2026, 3, 2), f"Ändrat, {f._pnr()}.")]
    m.undertecknare = [Undertecknare("Sara Sekreterare", f.oppen("kallelse", vad="Sekreterare"))]
    m.ovriga_narvarande = [OvrigNarvarande("Tove Tjänsteman", f.oppen("protokoll", vad="Chef"))]

    antal = rng.randint(3, 6)
    hemliga_index = set(rng.sample(range(antal), rng.randint(1, max(1, antal // 2))))
    typer = [ArendeTyp.BESLUT, ArendeTyp.MEDDELANDEN, ArendeTyp.DELEGATIONSBESLUT]
    for i in range(antal):
        hemlig = i in hemliga_index
        typ = rng.choice(typer)
        aid = f"a{i + 1}"
        if hemlig:
            t = f.hemlig
            a = Arende(
                aid,
                t("Ärende"),
                typ,
                dnr=f"KS 2026/9{seed:02d}{i}",
                sekretess=True,
                osl=rng.choice(["OSL 26 kap. 1 §", "39 kap. 3 §", ""]),
                # The § keeps its number, Dnr and this neutral title in public.
                publik_titel=f.oppen("kallelse", "paragraf", vad="Neutral rubrik"),
            )
            # A title it had before it was marked secret, left in the change log.
            tidigare = f.hemlig("Tidigare rubrik")
            m.andringar.append(Andring(date(2026, 3, 1), f"Ärende {i + 1} ”{tidigare}” ändrat."))
        else:
            a = Arende(aid, f.oppen("kallelse", "paragraf", vad="Ärende"), typ)
            a.dnr = f"KS 2026/{100 + i}"
            t = lambda vad="": f.oppen("paragraf", vad=vad)  # noqa: E731
        a.handlaggare = Handlaggare(
            "Hanna Handläggare",
            t("Utredare") if hemlig else f.oppen("kallelse", vad="Utredare"),
            telefon=f.hemlig("tel") if hemlig else f.oppen("kallelse", vad="tel"),
        )
        a.beskrivning = t("Bakgrund")
        a.ekonomiska_konsekvenser = t("Kostnad")
        # Förslag and tidigare behandling are printed by neither kallelse nor protokoll.
        a.forslag = [Forslag([f.hemlig("Förslag") if hemlig else f.oppen(vad="Förslag")])]
        a.tidigare = [f.hemlig("AU §") if hemlig else f.oppen(vad="AU §")]
        a.skickas_till = [Mottagare(t("Mottagare"))]
        if typ is not ArendeTyp.BESLUT:
            a.poster = [
                ListPost(
                    n,
                    t("Post"),
                    dnr=f"KS 2026/{500 + n}",
                    avsandare=t("Avsändare"),
                    delegationspunkt=t("Punkt") if typ is ArendeTyp.DELEGATIONSBESLUT else "",
                )
                for n in range(1, rng.randint(2, 3))
            ]
        a.beslutsunderlag = underlag(f, lager, pdf, hemlig)
        m.arenden.append(a)

    # An ändring and an open beslut that name a secret ärende by its title and Dnr.
    hemligt = next(a for a in m.arenden if a.sekretess)
    m.andringar.append(Andring(date(2026, 3, 3), f"{hemligt.rubrik} ({hemligt.dnr}) tillkom."))

    for a in m.arenden:
        p = oppna_paragraf(m, o, a.id, 40 + seed)
        t = f.hemlig if a.sekretess else (lambda vad="": f.oppen("paragraf", vad=vad))
        p.beslut = t("Beslut")
        p.behandling = t("Behandling") if rng.random() < 0.5 else ""
        p.yrkanden = [
            Yrkande("y1", "l2", YrkandeTyp.BIFALL, t("Yrkande"), ["l3"]),
            Yrkande("y2", "l4", YrkandeTyp.ANDRING, t("Ändringsyrkande")),
        ]
        p.propositionsordning = ["y1", "y2"]
        p.bifallna = ["y1"]
        if rng.random() < 0.6:
            p.omrostning = Omrostning(t("Ja"), t("Nej"))
            for ledamot in ("l1", "l2", "l5", "l6", "l7"):
                p.omrostning.roster[ledamot] = rng.choice(list(Rost))
        p.anteckningar = [
            Anteckning(AnteckningTyp.RESERVATION, ["l4"], t("Motivering")),
            Anteckning(AnteckningTyp.PROTOKOLLSANTECKNING, ["l8"], t("Anteckning")),
        ]
        if rng.random() < 0.4:
            p.jav = [Jav("l9", "e1")]
        if not a.sekretess:
            p.beslut += f"\n\nSe även {hemligt.rubrik}, {hemligt.dnr}."

    # An omedelbart justerad §, sometimes a secret one: its own anslagsbevis is published.
    omedelbar = rng.choice(m.paragrafer)
    justera_omedelbart(m, o, omedelbar.nummer, m.datum, ["l2", "l3"])
    assert omedelbar.omedelbar is not None
    omedelbar.omedelbar.anslag = m.datum + timedelta(days=1)
    m.status = Status.PROTOKOLL_KLART
    return f, m, o, lager, omedelbar.nummer


def underlag(f: Fall, lager: Lager, pdf, hemligt_arende: bool) -> list[Beslutsunderlag]:
    """Documents of every kind, open or secret, and secret ones in an open ärende. Their file
    names, PDF bookmarks and metadata and DOCX properties carry secret markers whatever the
    document: none of it may reach a public version."""
    ut = []
    for sekretess in (False, True):
        hemlig = sekretess or hemligt_arende
        for slag in ("txt", "md", "pdf", "docx", "skannad"):
            if slag != "txt" and f.rng.random() < 0.4:
                continue
            if hemlig:
                titel, innehall = f.hemlig("Bilaga"), f.hemlig("Innehåll")
                rad = f.hemlig("Rad")
            else:
                titel = f.oppen("handlingar", vad="Bilaga")
                # A scan has no text: only its title is there to be seen.
                dit = ("handlingar",) if slag != "skannad" else ()
                innehall = f.oppen(*dit, vad="Innehåll")
                rad = f.oppen(*dit, vad="Rad")
            lager.n += 1
            filnamn = f"{f.hemlig('Filnamn').split()[1]}-{lager.n}.{slag.replace('skannad', 'pdf')}"
            if slag == "txt":
                data = f"{innehall}\n\n{rad}\n".encode()
            elif slag == "md":
                data = f"# {innehall}\n\n| Kolumn | Värde |\n|---|---|\n| {rad} | 1 |\n".encode()
            elif slag == "pdf":
                data = med_metadata(f, pdf((f"{innehall}\n{rad}",)))
            elif slag == "skannad":  # no text layer: only its metadata could leak
                data = med_metadata(f, tom_pdf())
            else:
                data = docx_med_egenskaper(f, [innehall, rad])
            u = lager.lagg(titel, filnamn, data, typ=UnderlagTyp.TJANSTESKRIVELSE)
            if slag == "skannad":
                u.granskad_for_publicering = f.rng.random() < 0.5
            if sekretess:
                u.sekretess, u.osl = True, "OSL 26 kap. 1 §"
            ut.append(u)
    return ut


def med_metadata(f: Fall, pdf: bytes) -> bytes:
    """`pdf` with Title, Subject and Keywords and a bookmark that are secret markers."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.add_metadata(
        {"/Title": f.hemlig("Titel"), "/Subject": f.hemlig("Ämne"), "/Keywords": f.hemlig("Ord")}
    )
    writer.add_outline_item(title=f.hemlig("Bokmärke"), page_number=0)
    ut = BytesIO()
    writer.write(ut)
    return ut.getvalue()


def tom_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    ut = BytesIO()
    writer.write(ut)
    return ut.getvalue()


def docx_med_egenskaper(f: Fall, stycken: list[str]) -> bytes:
    from io import BytesIO

    import docx

    doc = docx.Document()
    for stycke in stycken:
        doc.add_paragraph(stycke)
    egenskaper = doc.core_properties
    egenskaper.title, egenskaper.subject = f.hemlig("Titel"), f.hemlig("Ämne")
    egenskaper.keywords, egenskaper.author = f.hemlig("Ord"), f.hemlig("Författare")
    ut = BytesIO()
    doc.save(ut)
    return ut.getvalue()


# --- reading back ------------------------------------------------------------------------


def las(path: Path) -> str:
    """Everything a reader of `path` can see: the text, PDF bookmarks and metadata, DOCX
    headers and tables."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        delar = [page.extract_text() or "" for page in reader.pages]

        def bokmarken(items) -> None:
            for item in items:
                if isinstance(item, list):
                    bokmarken(item)
                else:
                    delar.append(str(item.title))

        bokmarken(reader.outline)
        delar += [str(v) for v in (reader.metadata or {}).values()]
        xmp = reader.trailer["/Root"].get("/Metadata")
        if xmp is not None:
            delar.append(xmp.get_object().get_data().decode("utf-8", "replace"))
        return "\n".join(delar)
    if path.suffix == ".docx":
        import docx

        doc = docx.Document(str(path))
        delar = [p.text for p in doc.paragraphs]
        for tabell in doc.tables:
            delar += [cell.text for rad in tabell.rows for cell in rad.cells]
        for sektion in doc.sections:
            for del_ in (sektion.header, sektion.footer):
                delar += [p.text for p in del_.paragraphs]
                for tabell in del_.tables:
                    delar += [cell.text for rad in tabell.rows for cell in rad.cells]
        e = doc.core_properties
        delar += [e.title, e.subject, e.keywords, e.author, e.comments, e.category]
        return "\n".join(str(x or "") for x in delar)
    return path.read_text(encoding="utf-8")


def _tat(text: str) -> str:
    """Lower case without white space (line breaks, U+200B) or separators, so a marker or a
    number broken over a line, or written '811218 9876', is still found."""
    return re.sub(rf"[\s\u200b\u00ad{re.escape(SEPARATORER)}]", "", text).lower()


def kontrollera_publik(f: Fall, path: Path, oppna: list[str]) -> None:
    text = las(path)
    tat = _tat(text)
    lacker = [x for x in f.hemliga if _tat(x) in tat]
    assert not lacker, f"{path.name}: sekretess i den publika versionen: {lacker}"
    pnr = [p.text for p in f.pnr if p.karna in tat]
    assert not pnr, f"{path.name}: personnummer i den publika versionen: {pnr}"
    saknas = [x for x in oppna if _tat(x) not in tat]
    assert not saknas, f"{path.name}: öppet innehåll saknas: {saknas}"
    if oppna:
        assert "mmdd" in tat, f"{path.name}: inga maskerade personnummer kvar att se"


def kontrollera_intern(f: Fall, path: Path) -> None:
    """The members' version has the secret markers and the numbers: they do reach the
    documents, so their absence from the public one is the cleaning's doing."""
    tat = _tat(las(path))
    assert any(_tat(x) in tat for x in f.hemliga), path.name
    assert any(p.karna in tat for p in f.pnr), path.name
    assert path.stat().st_mode & 0o077 == 0, f"{path.name}: läsbar för andra än ägaren"


def kor(seed: int, tmp_path: Path) -> None:
    pdf = pdf_fabrik_i(tmp_path)
    (tmp_path / "lager").mkdir()
    f, m, o, lager, omedelbar = generera(seed, tmp_path / "lager", pdf)
    ut = tmp_path / "ut"
    ut.mkdir()

    for fmt in FORMAT:
        kontrollera_publik(
            f, export_kallelse(m, o, fmt, ut / f"kallelse.{fmt}", public=True), f.oppna["kallelse"]
        )
    kontrollera_intern(f, export_kallelse(m, o, "txt", ut / "kallelse-intern.txt"))

    def handlingar(namn: str, public: bool) -> Path:
        return export_handlingar(
            m, o, ut / namn, fil_for=lager.fil_for, text_for=lager.text_for, public=public
        )

    kontrollera_publik(
        f,
        handlingar("handlingar.pdf", True),
        f.oppna.get("handlingar", []) + f.oppna["kallelse"],
    )
    kontrollera_intern(f, handlingar("handlingar-intern.pdf", False))

    alla = [p.nummer for p in m.paragrafer]
    bestyrkt = f.oppen("utdrag", vad="Sara Sekreterare")
    for fmt in FORMAT:
        kontrollera_publik(
            f,
            export_protokoll(m, o, fmt, ut / f"protokoll.{fmt}", public=True),
            f.oppna["protokoll"] + f.oppna["paragraf"],
        )
    kontrollera_intern(f, export_protokoll(m, o, "txt", ut / "protokoll-intern.txt"))

    m.justering = Justering(tid_och_plats=f.oppen("protokoll", vad="Kommunkansliet"))
    justera(m, o, m.datum + timedelta(days=3), "", ["l2", "l3"])
    registrera_anslag(m, m.datum + timedelta(days=4), f.oppen("anslag", vad="Arkivet"))
    # Utdrag are made of justerade §§ only (export/utdrag.py refuses the others).
    for fmt in FORMAT:
        kontrollera_publik(
            f,
            export_utdrag(m, o, fmt, ut / f"utdrag.{fmt}", alla, public=True, bestyrkt_av=bestyrkt),
            f.oppna["paragraf"] + f.oppna["utdrag"],
        )
    # Each § alone, as an utdrag for a recipient: a secret one shows nothing of itself.
    for nummer in alla:
        path = export_utdrag(m, o, "txt", ut / f"utdrag-{nummer}.txt", [nummer], public=True)
        kontrollera_publik(f, path, [])
    for fmt in ANSLAG_FORMAT:
        bevis = export_anslag(m, o, fmt, ut / f"anslag.{fmt}", bestyrkt_av=bestyrkt)
        kontrollera_publik(f, bevis, f.oppna["anslag"])
        bevis = export_anslag(m, o, fmt, ut / f"anslag-{omedelbar}.{fmt}", paragraf=omedelbar)
        kontrollera_publik(f, bevis, f.oppna["anslag"])
    kontrollera_publik(
        f,
        export_protokoll(m, o, "pdf", ut / "justerat.pdf", public=True),
        f.oppna["protokoll"] + f.oppna["paragraf"],
    )


@pytest.mark.parametrize("seed", CI_FALL)
def test_public_documents_leak_nothing(seed, tmp_path):
    kor(seed, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SLOW_FALL)
def test_public_documents_leak_nothing_many_meetings(seed, tmp_path):
    kor(seed, tmp_path)
