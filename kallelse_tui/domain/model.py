"""The domain model: the language the secretaries speak, as plain dataclasses.

No Textual, no TinyDB here. Identifiers are short readable strings so that the command
line can name things ("norrvik-ks-2023-12-11").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum

from kallelse_tui.domain.datum import kort_datum, lang_datum
from kallelse_tui.domain.dnr import Dnr, parse_dnr
from kallelse_tui.domain.errors import DomainError, ValidationError
from kallelse_tui.domain.status import LASTA, Status, kontrollera_overgang
from kallelse_tui.domain.tidsfrister import nedtagning, overklagande_sista_dag


class OrganTyp(StrEnum):
    FULLMAKTIGE = "fullmäktige"
    STYRELSE = "styrelse"
    NAMND = "nämnd"
    UTSKOTT = "utskott"
    DIREKTION = "direktion"


class Roll(StrEnum):
    ORDFORANDE = "ordförande"
    VICE_1 = "1:e vice ordförande"
    VICE_2 = "2:e vice ordförande"
    LEDAMOT = "ledamot"
    ERSATTARE = "ersättare"

    @property
    def ar_ledamot(self) -> bool:
        return self is not Roll.ERSATTARE


class ArendeTyp(StrEnum):
    STANDARD = "standard"  # Upprop, Val av justerare ...
    BESLUT = "beslutsärende"
    INFORMATION = "informationsärende"
    MEDDELANDEN = "meddelanden"
    DELEGATIONSBESLUT = "delegationsbeslut"
    VAL = "val"
    MOTION = "motion"

    @property
    def kort(self) -> str:
        """For narrow columns."""
        return _ARENDETYP_KORT.get(self, self.value)


_ARENDETYP_KORT = {
    ArendeTyp.BESLUT: "beslut",
    ArendeTyp.INFORMATION: "info",
    ArendeTyp.MEDDELANDEN: "medd.",
    ArendeTyp.DELEGATIONSBESLUT: "deleg.",
}


class UnderlagTyp(StrEnum):
    TJANSTESKRIVELSE = "tjänsteskrivelse"
    PROTOKOLLSUTDRAG = "protokollsutdrag"
    BILAGA = "bilaga"
    YTTRANDE = "yttrande"
    OVRIGT = "övrigt"


class Syfte(StrEnum):
    KANNEDOM = "för kännedom"
    VERKSTALLIGHET = "för verkställighet"
    EFTER_UNDERSKRIFT = "efter underskrift"


class Utfall(StrEnum):
    BIFALL = "bifall"
    AVSLAG = "avslag"
    ATERREMISS = "återremiss"
    BORDLAGGNING = "bordläggning"
    UTGAR = "ärendet utgår"
    NOTERAS = "informationen noteras"
    ANNAT = "annat"


class YrkandeTyp(StrEnum):
    BIFALL = "bifall"
    AVSLAG = "avslag"
    ATERREMISS = "återremiss"
    BORDLAGGNING = "bordläggning"
    ANDRING = "ändring"
    TILLAGG = "tilläggsyrkande"


class Rost(StrEnum):
    JA = "ja"
    NEJ = "nej"
    AVSTAR = "avstår"


class NarvaroTyp(StrEnum):
    TJANSTGOR = "tjänstgörande ledamot"
    ERSATTARE_TJANSTGOR = "tjänstgörande ersättare"
    NARVARANDE_ERSATTARE = "närvarande ersättare"
    FRANVARANDE = "frånvarande"


class AnteckningTyp(StrEnum):
    RESERVATION = "reservation"
    PROTOKOLLSANTECKNING = "protokollsanteckning"


PSEUDOMOTTAGARE = frozenset({"akten", "diariet", "arkivet"})


@dataclass
class Ledamot:
    id: str
    namn: str
    parti: str = ""
    roll: Roll = Roll.LEDAMOT
    fran: date | None = None
    till: date | None = None

    @property
    def visningsnamn(self) -> str:
        """'Anna Berg (S)', as the protocols print members."""
        return f"{self.namn} ({self.parti})" if self.parti else self.namn

    def har_mandat(self, dag: date) -> bool:
        return (self.fran is None or self.fran <= dag) and (self.till is None or dag <= self.till)


@dataclass
class Undertecknare:
    namn: str
    titel: str = ""


@dataclass
class Reglemente:
    """Per-organ settings; every rule's number is configurable here."""

    kallelse_dagar: int = 7
    standardarenden: list[str] = field(
        default_factory=lambda: ["Upprop", "Val av justerare", "Godkännande av ärendelista"]
    )
    plats: str = ""
    tid: time | None = None
    justering_dagar: int = 14
    delegation_dagar_fore: int = 8


@dataclass
class Organ:
    id: str
    namn: str  # "Kommunstyrelsen"
    kortnamn: str  # "KS"
    typ: OrganTyp
    kommun: str = ""
    ledamoter: list[Ledamot] = field(default_factory=list)
    reglemente: Reglemente = field(default_factory=Reglemente)
    undertecknare: list[Undertecknare] = field(default_factory=list)
    # The first § number per year, when a series does not start at 1 (set in the register).
    forsta_paragraf: dict[str, int] = field(default_factory=dict)
    # The official who puts the protokoll up on the anslagstavla and signs the anslagsbevis.
    anslag_av: str = ""
    # The court an appeal (laglighetsprövning) is sent to: "Förvaltningsrätten i Luleå".
    forvaltningsratt: str = ""

    @property
    def namn_och_kommun(self) -> str:
        """ "Kommunstyrelsen, Norrviks kommun"; the name alone while the kommun is not given."""
        return f"{self.namn}, {self.kommun}" if self.kommun else self.namn

    def ledamot(self, ledamot_id: str) -> Ledamot:
        for ledamot in self.ledamoter:
            if ledamot.id == ledamot_id:
                return ledamot
        raise DomainError(f"{self.namn} har ingen ledamot med id ”{ledamot_id}”.")

    def nytt_ledamot_id(self, ocksa_upptagna: Iterable[str] = ()) -> str:
        used = {m.id for m in self.ledamoter} | set(ocksa_upptagna)
        n = len(self.ledamoter) + 1
        while f"l{n}" in used:
            n += 1
        return f"l{n}"

    def ordinarie(self, dag: date) -> list[Ledamot]:
        return [m for m in self.ledamoter if m.roll.ar_ledamot and m.har_mandat(dag)]


@dataclass
class Handlaggare:
    namn: str
    titel: str = ""
    telefon: str = ""
    epost: str = ""


@dataclass
class Forslag:
    """Förslag till beslut: numbered points, possibly addressed to another organ
    ("Förslag till beslut fullmäktige")."""

    punkter: list[str]
    till_organ: str = ""


@dataclass
class Mottagare:
    namn: str
    syfte: Syfte = Syfte.KANNEDOM

    @property
    def pseudo(self) -> bool:
        """'Akten' and the like are recorded but never sent an utdrag."""
        return self.namn.strip().lower() in PSEUDOMOTTAGARE


@dataclass
class ListPost:
    """One line of a meddelanden or delegationsbeslut list."""

    nummer: int
    text: str
    dnr: str = ""
    datum: date | None = None
    avsandare: str = ""  # sender, or delegate with title
    delegationspunkt: str = ""


class TextStatus(StrEnum):
    """What text extraction found in an attached file (kept for search)."""

    EJ_LAST = "ej läst"  # not extracted yet
    TEXT = "text"
    UTAN_TEXT = "saknar textlager"  # e.g. a scanned PDF: not an error
    EJ_TEXTFORMAT = "inte ett textformat"  # images, spreadsheets …
    FEL = "kunde inte läsas"


@dataclass
class Beslutsunderlag:
    """A document attached to an ärende; the file itself is stored by its SHA-256."""

    id: str
    titel: str
    typ: UnderlagTyp = UnderlagTyp.BILAGA
    datum: date | None = None
    filnamn: str = ""  # the original file name, for display and export
    sha256: str = ""
    storlek: int = 0
    sekretess: bool = False
    osl: str = ""  # e.g. "OSL 26 kap. 1 §"
    textstatus: TextStatus = TextStatus.EJ_LAST
    sidor: int = 0
    # A scanned PDF (no text layer to mask) goes into a public bundle only once the
    # secretary has looked at it and ticked this (domain/publicering.py).
    granskad_for_publicering: bool = False


@dataclass
class Arende:
    id: str
    rubrik: str
    typ: ArendeTyp = ArendeTyp.BESLUT
    dnr: str = ""  # as printed; see dnr_tolkat
    handlaggare: Handlaggare | None = None
    forslag: list[Forslag] = field(default_factory=list)
    beskrivning: str = ""
    ekonomiska_konsekvenser: str = ""
    beslutsunderlag: list[Beslutsunderlag] = field(default_factory=list)
    skickas_till: list[Mottagare] = field(default_factory=list)
    sekretess: bool = False
    osl: str = ""
    extra: bool = False
    tidigare: list[str] = field(default_factory=list)  # "AU § 143", "KS § 216"
    poster: list[ListPost] = field(default_factory=list)
    # Who made the förslag the organ decides on, in definite form ("arbetsutskottet"): the
    # beslutsgång names it ("bifall till arbetsutskottets förslag"); "" derives it.
    forslagsstallare: str = ""
    # The neutral title a public version shows for a sekretess-marked ärende
    # ("Tillsynsärende enligt PBL"); its own title stays in the members' version.
    publik_titel: str = ""

    @property
    def dnr_tolkat(self) -> Dnr | None:
        if not self.dnr:
            return None
        try:
            return parse_dnr(self.dnr)
        except ValidationError:
            return None


@dataclass
class Yrkande:
    id: str
    ledamot_id: str
    typ: YrkandeTyp
    text: str = ""
    instammande: list[str] = field(default_factory=list)


@dataclass
class Omrostning:
    ja_forslag: str  # the proposal a "ja" vote supports
    nej_forslag: str
    roster: dict[str, Rost] = field(default_factory=dict)  # ledamot_id → röst
    utslagsrost: Rost | None = None  # ordförandens, used only on a tie
    # The yrkanden a ja and a nej vote stand for (ids; "" when only the labels say it): the
    # accepted voteringsproposition, worded from them in the protokoll.
    ja_yrkande: str = ""
    nej_yrkande: str = ""

    def resultat(self) -> dict[Rost, int]:
        tally = {r: 0 for r in Rost}
        for rost in self.roster.values():
            tally[rost] += 1
        return tally

    @property
    def vinnare(self) -> str | None:
        tally = self.resultat()
        if tally[Rost.JA] != tally[Rost.NEJ]:
            return self.ja_forslag if tally[Rost.JA] > tally[Rost.NEJ] else self.nej_forslag
        if self.utslagsrost is Rost.JA:
            return self.ja_forslag
        if self.utslagsrost is Rost.NEJ:
            return self.nej_forslag
        return None


@dataclass
class Anteckning:
    """A reservation or a protokollsanteckning by one or more members."""

    typ: AnteckningTyp
    ledamot_ids: list[str]
    motivering: str = ""


@dataclass
class Jav:
    ledamot_id: str
    ersatt_av: str = ""  # ledamot_id of the ersättare serving instead


@dataclass
class Paragraf:
    nummer: int
    arende_id: str
    beslut: str = ""
    utfall: Utfall | None = None
    behandling: str = ""
    yrkanden: list[Yrkande] = field(default_factory=list)
    propositionsordning: list[str] = field(default_factory=list)  # yrkande ids
    omrostning: Omrostning | None = None
    anteckningar: list[Anteckning] = field(default_factory=list)
    jav: list[Jav] = field(default_factory=list)
    omedelbar_justering: bool = False
    bifallna: list[str] = field(default_factory=list)  # yrkande ids the chair finds adopted
    omedelbar: OmedelbarJustering | None = None  # the record, once justerad at the meeting
    # Three or more alternatives: the yrkande chosen as motförslag (kontraproposition) in the
    # huvudvotering, and the votering that chose it when one was asked for.
    motforslag: str = ""
    motforslagsvotering: Omrostning | None = None


@dataclass
class NarvaroPost:
    ledamot_id: str
    typ: NarvaroTyp
    ersatter: str = ""  # the ledamot an ersättare serves for
    fran_paragraf: int | None = None  # "tjänstgör från § 14"
    till_paragraf: int | None = None  # "lämnar sammanträdet efter § 12"
    # The clock times of those changes ("lämnar kl 11:05"), for the arvodesunderlag.
    fran_tid: time | None = None
    till_tid: time | None = None


@dataclass
class OvrigNarvarande:
    namn: str
    titel: str = ""


@dataclass
class Justering:
    """Who justerar, when and where; once done (see domain/justering.py) also the
    SHA-256 of every § and of the whole protokoll, which make later changes visible."""

    justerare: list[str] = field(default_factory=list)  # ledamot ids
    tid_och_plats: str = ""
    datum: date | None = None
    protokoll_hash: str = ""
    paragraf_hashar: dict[str, str] = field(default_factory=dict)  # "176" → SHA-256 of § 176
    # The protokoll_hash of the organ's previous justerat protokoll ("" for the first):
    # the protokoll form a chain, so removing or rewriting one breaks the next.
    foregaende_hash: str = ""
    # ledamot id → "Anna Berg (S)" as the names were when justerat: the register may change
    # later (a new surname, a new party), the justerat protokoll may not.
    namn: dict[str, str] = field(default_factory=dict)
    # The frozen record (domain/kontrollsumma.py), from version 2: the organ with its members as it
    # was at justering, the SHA-256 of each attachment's extracted text, and one hash per
    # part so that verify can name what changed. Version 1 protokoll have none of these.
    version: int = 1
    organ: Organ | None = None
    texter: dict[str, str] = field(default_factory=dict)  # file sha256 → text sha256
    delar: dict[str, str] = field(default_factory=dict)


@dataclass
class Anslag:
    """The anslag of the justering on the (digital) anslagstavla."""

    uppsatt: date
    nedtas: date | None = None  # when it is (to be) taken down
    forvaringsplats: str = ""  # where the protokoll is kept
    hash: str = ""  # SHA-256 of the anslag and the protokoll's hash (domain/kontrollsumma.py)

    @property
    def sista_dag_overklagande(self) -> date:
        return overklagande_sista_dag(self.uppsatt)

    @property
    def tidigast_nedtagning(self) -> date:
        return nedtagning(self.uppsatt)


@dataclass
class Rattelse:
    """An obvious error in a justerat protokoll, corrected by an appended, dated note (the
    protokoll itself is never rewritten); chained after the protokoll (domain/rattelse.py)."""

    paragraf: int
    var: str  # what the § said
    ska_vara: str  # what it should say
    beslutad_av: str
    datum: date
    foregaende_hash: str = ""
    hash: str = ""


@dataclass
class Signatur:
    """A digital underskrift of a justerat protokoll (domain/signatur.py): one signer's
    PAdES signature in the archived PDF and the same key's signature over the protokoll's
    hash, so that re-justering the protokoll without the keys shows."""

    namn: str  # as the protokoll prints it
    roll: str  # Sekreterare, Ordförande, Justerande
    falt: str  # the PDF signature field
    tid: str  # ISO 8601, UTC
    protokoll_hash: str
    pdf_sha256: str  # the signed PDF after this signature, in the store's attachments
    certifikat: str  # DER, base64
    signatur: str  # base64, over signatur_dokument()
    rattelser: int = 0  # how many rättelser the protokoll had: later ones are not in the PDF


@dataclass
class Andring:
    """A change made after the kallelse was sent ("ändrad efter utskick")."""

    datum: date
    text: str


@dataclass
class Sammantrade:
    id: str
    organ_id: str
    datum: date
    tid: time | None = None
    plats: str = ""
    status: Status = Status.UTKAST
    distans: str = ""  # remote participation note
    osa: str = ""  # RSVP line
    adressater: list[str] = field(default_factory=list)
    undertecknare: list[Undertecknare] = field(default_factory=list)
    arenden: list[Arende] = field(default_factory=list)
    paragrafer: list[Paragraf] = field(default_factory=list)
    narvaro: list[NarvaroPost] = field(default_factory=list)
    ovriga_narvarande: list[OvrigNarvarande] = field(default_factory=list)
    justering: Justering | None = None
    anslag: Anslag | None = None
    kallad_datum: date | None = None
    andringar: list[Andring] = field(default_factory=list)
    # Protokollsutdrag sent after justering (domain/expediering.py); may grow once locked.
    expediering: list[Expediering] = field(default_factory=list)
    # Rättelser appended after justering (domain/rattelse.py); may grow once locked.
    rattelser: list[Rattelse] = field(default_factory=list)
    # When the meeting ended, and its breaks: "kl 09:00–11:45, ajournering 10:15–10:30".
    sluttid: time | None = None
    ajourneringar: list[Ajournering] = field(default_factory=list)
    # Fullmäktige: the day the kungörelse went up on the anslagstavla (KL 5 kap. 11 §).
    kungorelse_uppsatt: date | None = None
    # Recipients added at the expediering (not protokoll text); may grow once locked.
    tillagda_mottagare: list[TillagdMottagare] = field(default_factory=list)
    # Digital underskrifter of the justerat protokoll (domain/signatur.py); may grow once locked.
    signaturer: list[Signatur] = field(default_factory=list)

    @property
    def last(self) -> bool:
        """A justerat protokoll may no longer change."""
        return self.status in LASTA

    def byt_status(self, ny: Status) -> None:
        kontrollera_overgang(self.status, ny)
        self.status = ny

    def markera_kallad(self, skickad: date) -> None:
        """The kallelse went out on `skickad`: utkast → kallad."""
        self.byt_status(Status.KALLAD)
        self.kallad_datum = skickad

    def registrera_andring(self, text: str, dag: date) -> None:
        """Record a change once the kallelse is out; before that nothing needs recording."""
        if self.status is not Status.UTKAST and self.kallad_datum is not None:
            self.andringar.append(Andring(dag, text))

    def paragraf_for(self, arende_id: str) -> Paragraf | None:
        return next((p for p in self.paragrafer if p.arende_id == arende_id), None)

    def arende(self, arende_id: str) -> Arende:
        for arende in self.arenden:
            if arende.id == arende_id:
                return arende
        raise DomainError(f"Sammanträdet {self.id} har inget ärende med id ”{arende_id}”.")

    def lagg_till_arende(self, arende: Arende, position: int | None = None) -> int:
        """Insert `arende` before index `position` (None or past the end: last) and return
        its agenda number. An id already used by another ärende is refused."""
        if any(a.id == arende.id for a in self.arenden):
            raise DomainError(f"Sammanträdet {self.id} har redan ett ärende med id ”{arende.id}”.")
        index = len(self.arenden) if position is None else max(0, min(position, len(self.arenden)))
        self.arenden.insert(index, arende)
        return index + 1

    def kontrollera_borttagning(self, arende_id: str) -> None:
        """Refuse (DomainError) to remove an ärende that already has a § in the protokoll."""
        self.arende(arende_id)
        if self.paragraf_for(arende_id) is not None:
            nummer = [a.id for a in self.arenden].index(arende_id) + 1
            raise DomainError(f"Ärende {nummer} har redan en paragraf och kan inte tas bort.")

    def ta_bort_arende(self, arende_id: str) -> int:
        """Remove the ärende (see `kontrollera_borttagning`) and return the index it had."""
        self.kontrollera_borttagning(arende_id)
        index = [a.id for a in self.arenden].index(arende_id)
        del self.arenden[index]
        return index

    def flytta_arende(self, arende_id: str, steg: int) -> int | None:
        """Swap the ärende with the one `steg` places away and return its new index; None,
        and nothing moves, when that place is outside the list."""
        index = [a.id for a in self.arenden].index(self.arende(arende_id).id)
        mal = index + steg
        if not 0 <= mal < len(self.arenden):
            return None
        items = self.arenden
        items[index], items[mal] = items[mal], items[index]
        return mal

    def nytt_arende_id(self) -> str:
        return self.nytt_arende_id_generator()()

    def nytt_arende_id_generator(self) -> Callable[[], str]:
        """Ids not used by this meeting's ärenden, nor by each other: a1, a2 …"""
        used = {a.id for a in self.arenden}

        def next_id() -> str:
            n = len(used) + 1
            while f"a{n}" in used:
                n += 1
            used.add(f"a{n}")
            return f"a{n}"

        return next_id

    @property
    def rubrik_datum(self) -> str:
        return lang_datum(self.datum)

    @property
    def kort_rubrik(self) -> str:
        return kort_datum(self.datum)


@dataclass(frozen=True)
class SammantradeIndex:
    """What the meetings list needs, kept in the register so it opens without the shards."""

    id: str
    organ_id: str
    datum: date
    tid: time | None
    plats: str
    status: Status
    antal_arenden: int

    @classmethod
    def av(cls, m: Sammantrade) -> SammantradeIndex:
        return cls(m.id, m.organ_id, m.datum, m.tid, m.plats, m.status, len(m.arenden))


def sammantrade_id(organ: Organ, datum: date, upptagna: set[str]) -> str:
    """'norrvik-ks-2023-12-11', with '-2', '-3' for a second meeting the same day."""
    base = f"{organ.id}-{datum.isoformat()}"
    candidate, n = base, 2
    while candidate in upptagna:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def nytt_sammantrade(organ: Organ, datum: date, upptagna: set[str]) -> Sammantrade:
    """A new meeting in utkast, with the organ's standard opening items and defaults."""
    mote = Sammantrade(
        id=sammantrade_id(organ, datum, upptagna),
        organ_id=organ.id,
        datum=datum,
        tid=organ.reglemente.tid,
        plats=organ.reglemente.plats,
        undertecknare=[Undertecknare(u.namn, u.titel) for u in organ.undertecknare],
    )
    for rubrik in organ.reglemente.standardarenden:
        mote.arenden.append(Arende(id=mote.nytt_arende_id(), rubrik=rubrik, typ=ArendeTyp.STANDARD))
    return mote


@dataclass
class OmedelbarJustering:
    """One § justerad at once, at the meeting ("paragrafen förklaras omedelbart justerad"):
    it is locked from then on and posted and appealed on its own, before the rest of the
    protokoll is justerat."""

    datum: date
    justerare: list[str] = field(default_factory=list)  # ledamot ids
    paragraf_hash: str = ""  # SHA-256 of the § as justerad (domain/justering.py)
    anslag: date | None = None  # the day this § was posted on the anslagstavla
    version: int = 1  # of the hash (domain/kontrollsumma.py): 2 covers the whole ärende

    @property
    def sista_dag_overklagande(self) -> date | None:
        return None if self.anslag is None else overklagande_sista_dag(self.anslag)

    @property
    def tidigast_nedtagning(self) -> date | None:
        return None if self.anslag is None else nedtagning(self.anslag)


@dataclass
class Expediering:
    """Protokollsutdrag sent to one recipient of "Beslut skickas till": which §§, and when."""

    mottagare: str  # the recipient's name as the ärenden write it
    paragrafer: list[int]
    skickat: date


@dataclass
class Ajournering:
    """A break in the meeting, printed under "Plats och tid"; `till` unset while it lasts."""

    fran: time
    till: time | None = None


@dataclass
class TillagdMottagare:
    """A recipient added at the expediering, after justering: the ärendets "Beslut skickas
    till" is locked protokoll text, who is sent an utdrag of which §§ is not."""

    namn: str
    syfte: Syfte
    paragrafer: list[int]
