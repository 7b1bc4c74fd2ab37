"""Publication: what a published kallelse, protokoll, utdrag, anslagsbevis or handlingar
bundle may contain (OSL, GDPR).

`publik_version` is the one gate: every public export passes the meeting and the organ
through it before it builds its document, and only the fields listed in `TILLATET` come
out, every other field takes its default (a field added to the model later stays out
until someone allows it here). On the way:
- a sekretess-marked ärende keeps its number, Dnr and the neutral public title the
  secretary wrote (`Arende.publik_titel`); its texts, lists, names and documents go, and
  its § says only "Sekretess enligt 29 kap. 1 § OSL";
- a sekretess-marked document keeps only its place ("Handling som omfattas av sekretess");
- the "Ändringar efter utskick" log, which may name a secret ärende by a former title,
  keeps only its dates when the meeting has anything secret;
- every text has its personnummer masked and the current titles of secret ärenden and
  documents replaced.

What counts as a personnummer (and samordningsnummer, day + 60): six or eight digits that
are a real date, then four digits, separated by nothing, a hyphen, plus, en or em dash,
minus sign, non-breaking hyphen, any kind of space, " - ", or a line break ("121212-\\n1212"
as PDF text extraction gives). With a separator, or with the century, the check digit does
not matter (a mistyped number is still personal data); ten bare digits must pass the
check digit or not start with 0, since every Swedish phone number does ("0701234567").
Never masked: Dnr ("2023-00463 102"), dates, phone numbers ("0920-45 61 20"), amounts,
organisationsnummer (month digits 20 and above).
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from kallelse_tui.domain.model import (
    Ajournering,
    Andring,
    Anslag,
    Anteckning,
    Arende,
    Beslutsunderlag,
    Forslag,
    Handlaggare,
    Jav,
    Justering,
    Ledamot,
    ListPost,
    Mottagare,
    NarvaroPost,
    OmedelbarJustering,
    Omrostning,
    Organ,
    OvrigNarvarande,
    Paragraf,
    Rattelse,
    Reglemente,
    Sammantrade,
    Signatur,
    Undertecknare,
    Yrkande,
)

OSL = "OSL"
SEKRETESS_RUBRIK = "Sekretess enligt {osl}"
SEKRETESS_TITEL = "Ärende som omfattas av sekretess"  # when no public title is written
SEKRETESS_HANDLING = "Handling som omfattas av sekretess"
ANDRING_UTAN_TEXT = "Kallelsen har ändrats efter utskick."
BORTTAGEN = "[sekretess]"

# What a public version had removed, for the banner.
SEKRETESS = "sekretess"
PERSONNUMMER = "personnummer"
PUBLIK_NOT = "Version för publicering: {vad} är borttagna."
_NOT_DEL = {SEKRETESS: "uppgifter som omfattas av sekretess", PERSONNUMMER: "personnummer"}

T = TypeVar("T")
_DAG = date(2000, 1, 1)  # the date of the stand-in meeting publik_text cleans against

_MELLANRUM = r"[^\S\n]"  # any space but a line break: U+00A0, U+2009 and U+202F too
_STRECK = "[-+\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d]"
_PERSONNUMMER = re.compile(
    r"(?<![\d\w])"
    r"(?P<sekel>18|19|20)?(?P<ar>\d{2})(?P<manad>\d{2})(?P<dag>\d{2})"
    rf"(?P<sep>{_MELLANRUM}{{0,2}}(?:{_STRECK}{_MELLANRUM}{{0,2}})?\n?{_MELLANRUM}{{0,2}})"
    r"(?P<nummer>\d{4})"
    r"(?![\d\w])"
)


def _luhn(siffror: str) -> bool:
    total = 0
    for i, tecken in enumerate(siffror):
        produkt = int(tecken) * (2 if i % 2 == 0 else 1)
        total += produkt - 9 if produkt > 9 else produkt
    return total % 10 == 0


def _ar_personnummer(m: re.Match[str]) -> bool:
    manad, dag = int(m["manad"]), int(m["dag"])
    if dag > 60:  # samordningsnummer
        dag -= 60
    # 2000 is a leap year, so 29 February passes whatever the century.
    if not (1 <= manad <= 12 and 1 <= dag <= calendar.monthrange(2000, manad)[1]):
        return False
    if m["sep"] or m["sekel"]:
        return True
    return _luhn(m["ar"] + m["manad"] + m["dag"] + m["nummer"]) or not m["ar"].startswith("0")


def _mask(m: re.Match[str]) -> str:
    if not _ar_personnummer(m):
        return m[0]
    sep = "+" if "+" in m["sep"] else "-" if m["sep"] else ""
    return ("ÅÅÅÅ" if m["sekel"] else "ÅÅ") + "MMDD" + sep + "XXXX"


def maska_personnummer(text: str) -> str:
    """Replace every personnummer and samordningsnummer in `text` with a placeholder."""
    return _PERSONNUMMER.sub(_mask, text)


def sekretess_hanvisning(osl: str) -> str:
    """'Sekretess enligt 29 kap. 1 § OSL', the Swedish way, whether the secretary wrote
    'OSL 29 kap. 1 §', '29 kap. 1 §' or '29 kap. 1 § OSL'; 'Sekretess enligt OSL' if empty."""
    paragraf = re.sub(rf"^\s*{OSL}\b\s*|\s*\b{OSL}\s*$", "", osl.strip())
    if not paragraf:
        return SEKRETESS_RUBRIK.format(osl=OSL)
    if paragraf[:1].isdigit():
        return SEKRETESS_RUBRIK.format(osl=f"{paragraf} {OSL}")
    return SEKRETESS_RUBRIK.format(osl=osl.strip())


def publik_rubrik(arende: Arende) -> str:
    """The title a published document shows: the neutral public title for a
    sekretess-marked ärende, otherwise the title itself."""
    if not arende.sekretess:
        return arende.rubrik
    return arende.publik_titel.strip() or SEKRETESS_TITEL


def publiceringsnot(borttaget: Iterable[str]) -> str:
    """The banner of a public version, naming what was removed; "" when nothing was."""
    delar = [_NOT_DEL[k] for k in (SEKRETESS, PERSONNUMMER) if k in set(borttaget)]
    return PUBLIK_NOT.format(vad=" och ".join(delar)) if delar else ""


# --- the allow-list ----------------------------------------------------------------------

# A field's rule: TEXT is copied with personnummer masked and secret titles replaced (also
# inside lists, dicts and nested dataclasses, which follow their own rules); EXAKT is
# copied as it is (ids, hashes, numbers, dates). A field not listed is left out.
TEXT, EXAKT = "text", "exakt"

TILLATET: dict[type, dict[str, str]] = {
    Sammantrade: {
        "id": EXAKT,
        "organ_id": EXAKT,
        "datum": EXAKT,
        "tid": EXAKT,
        "plats": TEXT,
        "status": EXAKT,
        "distans": TEXT,
        "osa": TEXT,
        "adressater": TEXT,
        "undertecknare": TEXT,
        "arenden": TEXT,
        "paragrafer": TEXT,
        "narvaro": EXAKT,
        "ovriga_narvarande": TEXT,
        "justering": TEXT,
        "anslag": TEXT,
        "kallad_datum": EXAKT,
        "andringar": TEXT,
        "rattelser": TEXT,
        "signaturer": TEXT,
        "sluttid": EXAKT,
        "ajourneringar": EXAKT,
        "kungorelse_uppsatt": EXAKT,
    },
    Arende: {
        "id": EXAKT,
        "rubrik": TEXT,
        "typ": EXAKT,
        "dnr": TEXT,
        "handlaggare": TEXT,
        "forslag": TEXT,
        "beskrivning": TEXT,
        "ekonomiska_konsekvenser": TEXT,
        "beslutsunderlag": TEXT,
        "skickas_till": TEXT,
        "extra": EXAKT,
        "tidigare": TEXT,
        "poster": TEXT,
        "forslagsstallare": TEXT,
    },
    Beslutsunderlag: {
        "id": EXAKT,
        "titel": TEXT,
        "typ": EXAKT,
        "datum": EXAKT,
        "sha256": EXAKT,
        "storlek": EXAKT,
        "textstatus": EXAKT,
        "sidor": EXAKT,
        "granskad_for_publicering": EXAKT,
        # filnamn: only its suffix, to choose how to typeset it (see _publik_underlag)
    },
    Paragraf: {
        "nummer": EXAKT,
        "arende_id": EXAKT,
        "beslut": TEXT,
        "utfall": EXAKT,
        "behandling": TEXT,
        "yrkanden": TEXT,
        "propositionsordning": EXAKT,
        "omrostning": TEXT,
        "anteckningar": TEXT,
        "jav": EXAKT,
        "omedelbar_justering": EXAKT,
        "bifallna": EXAKT,
        "omedelbar": EXAKT,
        "motforslag": EXAKT,
        "motforslagsvotering": TEXT,
    },
    Organ: {
        "id": EXAKT,
        "namn": TEXT,
        "kortnamn": TEXT,
        "typ": EXAKT,
        "kommun": TEXT,
        "ledamoter": TEXT,
        "reglemente": TEXT,
        "undertecknare": TEXT,
        "forsta_paragraf": EXAKT,
        "anslag_av": TEXT,
        "forvaltningsratt": TEXT,
    },
    Justering: {
        "justerare": EXAKT,
        "tid_och_plats": TEXT,
        "datum": EXAKT,
        "protokoll_hash": EXAKT,
        "paragraf_hashar": EXAKT,
        "foregaende_hash": EXAKT,
        "namn": TEXT,
        "version": EXAKT,
        "texter": EXAKT,
        "delar": EXAKT,
    },
    Ledamot: {
        "id": EXAKT,
        "namn": TEXT,
        "parti": TEXT,
        "roll": EXAKT,
        "fran": EXAKT,
        "till": EXAKT,
    },
    Reglemente: {f.name: TEXT for f in dataclasses.fields(Reglemente)},
    Undertecknare: {"namn": TEXT, "titel": TEXT},
    OvrigNarvarande: {"namn": TEXT, "titel": TEXT},
    Handlaggare: {"namn": TEXT, "titel": TEXT, "telefon": TEXT, "epost": TEXT},
    Forslag: {"punkter": TEXT, "till_organ": TEXT},
    Mottagare: {"namn": TEXT, "syfte": EXAKT},
    ListPost: {
        "nummer": EXAKT,
        "text": TEXT,
        "dnr": TEXT,
        "datum": EXAKT,
        "avsandare": TEXT,
        "delegationspunkt": TEXT,
    },
    Yrkande: {"id": EXAKT, "ledamot_id": EXAKT, "typ": EXAKT, "text": TEXT, "instammande": EXAKT},
    Omrostning: {
        "ja_forslag": TEXT,
        "nej_forslag": TEXT,
        "roster": EXAKT,
        "utslagsrost": EXAKT,
        "ja_yrkande": EXAKT,
        "nej_yrkande": EXAKT,
    },
    Rattelse: {
        "paragraf": EXAKT,
        "var": TEXT,
        "ska_vara": TEXT,
        "beslutad_av": TEXT,
        "datum": EXAKT,
        "foregaende_hash": EXAKT,
        "hash": EXAKT,
    },
    Anteckning: {"typ": EXAKT, "ledamot_ids": EXAKT, "motivering": TEXT},
    Anslag: {"uppsatt": EXAKT, "nedtas": EXAKT, "forvaringsplats": TEXT, "hash": EXAKT},
    Andring: {"datum": EXAKT, "text": TEXT},
    # Fields of these are ids, dates and hashes only.
    Jav: {"ledamot_id": EXAKT, "ersatt_av": EXAKT},
    NarvaroPost: {f.name: EXAKT for f in dataclasses.fields(NarvaroPost)},
    Ajournering: {f.name: EXAKT for f in dataclasses.fields(Ajournering)},
    OmedelbarJustering: {f.name: EXAKT for f in dataclasses.fields(OmedelbarJustering)},
    # Who signed digitally, as the public version says "Justerat digitalt av …".
    Signatur: {**{f.name: EXAKT for f in dataclasses.fields(Signatur)}, "namn": TEXT},
}

# Fields that never reach a public document, named so that `test_publicering` can tell a
# field left out on purpose from one nobody has decided about yet.
UTESLUTNA: dict[type, frozenset[str]] = {
    # Who was sent what, after justering: never protokoll text.
    Sammantrade: frozenset({"expediering", "tillagda_mottagare"}),
    # The organ as frozen at justering: exports get it through the same gate as `organ`.
    Justering: frozenset({"organ"}),
    Arende: frozenset({"sekretess", "osl", "publik_titel"}),
    Beslutsunderlag: frozenset({"filnamn", "sekretess", "osl"}),
}


@dataclass(frozen=True)
class PublikVersion:
    """The meeting and organ as a public document may show them; `text` cleans text from
    outside them (an attachment's) by the same rule, and `borttaget` says what was removed
    from all of it."""

    mote: Sammantrade
    organ: Organ
    rensning: Rensning

    @property
    def borttaget(self) -> frozenset[str]:
        return frozenset(self.rensning.borttaget)

    @property
    def not_text(self) -> str:
        return publiceringsnot(self.borttaget)

    def text(self, text: str) -> str:
        return self.rensning.text(text)


class Rensning:
    """One public version being made: the text rule, and a note of what it removed."""

    def __init__(self, mote: Sammantrade) -> None:
        self.borttaget: set[str] = set()
        ersatt: dict[str, str] = {}
        for a in mote.arenden:
            if a.sekretess and len(a.rubrik.strip()) > 2:
                ersatt[a.rubrik.strip()] = publik_rubrik(a)
            for u in a.beslutsunderlag:
                if (u.sekretess or a.sekretess) and len(u.titel.strip()) > 2:
                    ersatt.setdefault(u.titel.strip(), SEKRETESS_HANDLING)
        # Longest first, so a title containing another is replaced whole.
        self.ersatt = sorted(ersatt.items(), key=lambda kv: -len(kv[0]))
        self.hemligt = any(
            a.sekretess or any(u.sekretess for u in a.beslutsunderlag) for a in mote.arenden
        )

    def text(self, text: str) -> str:
        ut = text
        for hemlig, ersattning in self.ersatt:
            ut = ut.replace(hemlig, ersattning)
        if ut != text:
            self.borttaget.add(SEKRETESS)
        maskerad = maska_personnummer(ut)
        if maskerad != ut:
            self.borttaget.add(PERSONNUMMER)
        return maskerad

    def varde(self, v: Any) -> Any:
        if isinstance(v, Enum):  # a StrEnum is a str: keep it the enum it is
            return v
        if isinstance(v, str):
            return self.text(v)
        if isinstance(v, list):
            return [self.varde(x) for x in v]
        if isinstance(v, dict):
            return {k: self.varde(x) for k, x in v.items()}
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return self.objekt(v)
        return v

    def objekt(self, obj: T, **satt: Any) -> T:
        """A new `obj` with only its allowed fields (and `satt` as given)."""
        regler = TILLATET.get(type(obj), {})
        falt = {
            f.name: getattr(obj, f.name) if regel == EXAKT else self.varde(getattr(obj, f.name))
            for f in dataclasses.fields(obj)  # type: ignore[arg-type]
            if (regel := regler.get(f.name)) and f.name not in satt
        }
        return type(obj)(**falt, **satt)

    def arende(self, a: Arende) -> Arende:
        if not a.sekretess:
            return self.objekt(
                a, beslutsunderlag=[self.underlag(u, False) for u in a.beslutsunderlag]
            )
        self.borttaget.add(SEKRETESS)
        titel = self.text(publik_rubrik(a))
        return Arende(
            id=a.id,
            rubrik=titel,
            typ=a.typ,
            dnr=self.text(a.dnr),
            sekretess=True,
            osl=a.osl,
            extra=a.extra,
            beslutsunderlag=[self.underlag(u, True) for u in a.beslutsunderlag],
            publik_titel=titel,
        )

    def underlag(self, u: Beslutsunderlag, hemligt_arende: bool) -> Beslutsunderlag:
        if u.sekretess or hemligt_arende:
            self.borttaget.add(SEKRETESS)
            return Beslutsunderlag(
                id=u.id, titel=SEKRETESS_HANDLING, typ=u.typ, sekretess=True, osl=u.osl or ""
            )
        # The file name may carry a name or a personnummer; the suffix says how to print it.
        return self.objekt(u, filnamn=_suffix(u.filnamn))

    def paragraf(self, p: Paragraf, hemliga: set[str]) -> Paragraf:
        if p.arende_id not in hemliga:
            return self.objekt(p)
        # Number, omedelbar justering and who stepped out (the närvaro list counts them).
        return Paragraf(
            nummer=p.nummer,
            arende_id=p.arende_id,
            jav=[Jav(j.ledamot_id, j.ersatt_av) for j in p.jav],
            omedelbar_justering=p.omedelbar_justering,
            omedelbar=p.omedelbar,
        )

    def andring(self, a: Andring) -> Andring:
        if not self.hemligt:
            return self.objekt(a)
        # A former title of a secret ärende may stand in the text: only the date stays.
        self.borttaget.add(SEKRETESS)
        return Andring(a.datum, ANDRING_UTAN_TEXT)


def _suffix(filnamn: str) -> str:
    punkt = filnamn.rfind(".")
    return filnamn[punkt:].lower() if punkt > 0 else ""


def publik_version(mote: Sammantrade, organ: Organ) -> PublikVersion:
    """The meeting and organ with only what a public document may contain (see the
    module's docstring); every public export starts here."""
    r = Rensning(mote)
    hemliga = {a.id for a in mote.arenden if a.sekretess}
    ny = r.objekt(
        mote,
        arenden=[r.arende(a) for a in mote.arenden],
        paragrafer=[r.paragraf(p, hemliga) for p in mote.paragrafer],
        andringar=[r.andring(a) for a in mote.andringar],
    )
    return PublikVersion(ny, r.objekt(organ), r)


def publik_text(text: str, arenden: Iterable[Arende]) -> str:
    """Free text from outside the meeting (typed in an export form) made fit to publish by
    the same rule as the meeting's own texts."""
    return Rensning(Sammantrade(id="", organ_id="", datum=_DAG, arenden=list(arenden))).text(text)


def publicera(varde: T, arenden: Iterable[Arende]) -> T:
    """`publik_text` applied to every string in a JSON-like value (dicts, lists, strings)."""
    r = Rensning(Sammantrade(id="", organ_id="", datum=_DAG, arenden=list(arenden)))
    rensa: Callable[[Any], Any] = r.varde
    return rensa(varde)  # type: ignore[no-any-return]
