"""A synthetic, deterministic multi-year store for the benchmark harness (benchmarks/run.py).

Everything comes from one `random.Random(seed)`, so the same arguments give the same store.
The texts are Swedish-looking nonsense of realistic length: a beskrivning of about 1500
characters, 1-3 förslag points, a Dnr such as "Dnr 2019-00123 04". Meetings before the
reference date are finished (paragrafer with beslut, justering, anslag); later ones are
kallad or utkast. Each beslutsärende has 1-3 beslutsunderlag (2 on average); their
extracted text (a tjänsteskrivelse or a bilaga of 2-6 kB) comes from `underlagstexter`,
seeded per attachment, so it does not change the store that `generate` makes.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta

from kallelse_tui.domain.justering import justera, registrera_anslag
from kallelse_tui.domain.model import (
    Arende,
    ArendeTyp,
    Beslutsunderlag,
    Forslag,
    Handlaggare,
    Justering,
    Ledamot,
    ListPost,
    Mottagare,
    NarvaroPost,
    NarvaroTyp,
    Organ,
    OrganTyp,
    Paragraf,
    Reglemente,
    Roll,
    Sammantrade,
    Syfte,
    UnderlagTyp,
    Undertecknare,
    Utfall,
    nytt_sammantrade,
)
from kallelse_tui.domain.status import Status

KOMMUN = "Ekby kommun"
MONTHS = (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12)  # no meetings in July
OPENING_BESLUT = {
    "Upprop": "Uppropet förrättas.",
    "Val av justerare": "Till justerare jämte ordföranden utses {justerare}.",
    "Godkännande av ärendelista": "Ärendelistan godkänns.",
}

FORNAMN = (
    "Anna Karin Lars Mikael Sofia Tomas Helena Jan Lena Olof Pia Rolf Eva Kerstin Göran "
    "Malin Ahmed Agneta Bertil Camilla David Elin Fredrik Gunilla Hampus Ingrid Jonas Maria "
    "Niklas Olivia Per Rebecka Stefan Therese Ulf Vera Gustav Linnea Peter Marie Johan Annika "
    "Rasmus Britt Emil Sara Nils Yasmin Jörgen Ida Henrik Elsa Oskar Lisa Frida Mats Hanna"
).split()
EFTERNAMN = (
    "Lund Forsberg Nilsson Berglund Eriksson Persson Åkerlund Sandberg Lindqvist Hägglund "
    "Sjöberg Öhman Isaksson Rönnqvist Karimi Holm Sundqvist Öberg Lindgren Marklund Nyström "
    "Bäckström Lundmark Wiklund Åström Fjällström Granström Nordlund Hedman Strand Söderlund "
    "Boman Engström Karlsson Holmgren Hallberg Sjödin Wallin Ek Ahlström Nord Vik Sandin Falk "
    "Dahlberg Blom Åberg Haddad Brandt Lindholm Sund Norén Hellström Krantz Bergh Hedlund"
).split()
PARTIER = ("S", "M", "C", "SD", "V", "KD", "L", "MP")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


SUBJEKT = _words(
    "Förvaltningen|Nämnden|Kommunstyrelsen|Ekonomiavdelningen|Verksamheten|"
    "Kommunledningskontoret|Samhällsbyggnadsförvaltningen|Fullmäktige|Revisorerna|"
    "Länsstyrelsen|Regionen|Bostadsbolaget|Räddningstjänsten|Utredningen"
)
VERB = _words(
    "föreslår|bedömer|redovisar|konstaterar|har utrett|ser behov av|har tagit fram|"
    "vill förtydliga|har följt upp|rekommenderar|har granskat|har prövat|har sammanställt|"
    "lyfter fram|har analyserat|understryker"
)
ADJEKTIV = _words(
    "nya|kommunala|långsiktiga|ekonomiska|samlade|nuvarande|föreslagna|gemensamma|"
    "regionala|särskilda|årliga|befintliga|fördjupade|centrala|övergripande|tekniska|"
    "lokala|tillfälliga|reviderade|planerade"
)
SUBSTANTIV = _words(
    "budgeten|detaljplanen|investeringen|förskolan|äldreomsorgen|vattenverket|"
    "gatubelysningen|avloppsnätet|upphandlingen|avtalet|uppföljningen|taxan|"
    "lokalförsörjningen|kollektivtrafiken|digitaliseringen|arbetsmiljön|riktlinjen|"
    "översiktsplanen|bygglovet|bredbandsutbyggnaden|skolskjutsen|biblioteket|idrottshallen|"
    "internkontrollen|personalförsörjningen|energiplanen|remissen|avfallsplanen|"
    "trafiksäkerheten|folkhälsoarbetet|krisberedskapen|markköpet"
)
PREP = _words(
    "inom|enligt|efter|med hänsyn till|för|till|från|i|genom|utifrån|i samband med|"
    "tillsammans med|inför|avseende"
)
SLUT = _words(
    "under kommande planperiod|inom befintlig budgetram|i enlighet med gällande reglemente|"
    "efter samråd med berörda parter|utan ytterligare kostnader för kommunen|"
    "senast vid årets slut|i nästa delårsrapport|med stöd av kommunallagen|"
    "i dialog med medborgarna|för att säkra en god ekonomisk hushållning"
)
AMNEN = _words(
    "Revidering av riktlinjer för {s}|Yttrande över remiss om {s}|Motion om {s}|"
    "Investeringsbudget {y1} för {s}|Detaljplan för {plats}|Taxa för {s} {y1}|"
    "Uppföljning av internkontrollplan {y}|Delårsrapport per augusti {y}|"
    "Medborgarförslag om {s}|Policy för {s}|Markanvisning i {plats}|Tilläggsanslag för {s}|"
    "Handlingsplan för {s} {y1}–{y3}|Lokalbehov för {s}|Avgifter för {s} {y1}|"
    "Återrapportering av uppdrag om {s}|Borgen för {plats}|Redovisning av {s} {y}|"
    "Samverkansavtal om {s}|Ansökan om bidrag till {s}"
)
AMNESORD = _words(
    "laddinfrastruktur|skolskjuts|gång- och cykelvägar|äldreboenden|ridvägar|"
    "offentlig belysning|vatten och avlopp|föreningsbidrag|hemtjänst|förskoleplatser|"
    "renhållning|bostadsanpassning|kulturskolan|ungdomsgårdar|snöröjning|lokalvård|"
    "matdistribution|informationssäkerhet|arkivhantering|tillsyn"
)
PLATSER = _words(
    "Norra Strandvägen|kvarteret Lärkan|Ängsvägen|Västerbyn|Hamnområdet|"
    "Östra industriområdet|Björkbacken|Centrum etapp 2|Kyrkbyn|Sjöängen"
)
TITLAR = _words(
    "Ekonomichef|Planarkitekt|Utredare|Kommunsekreterare|Lokalstrateg|Förvaltningschef|"
    "Controller|Verksamhetsutvecklare|Miljöstrateg|Jurist"
)
MOTTAGARE = _words(
    "Ekonomiavdelningen|Förvaltningschefer|Kommunfullmäktige|Revisorerna|"
    "Samhällsbyggnadsförvaltningen|Barn- och utbildningsförvaltningen|Bostadsbolaget"
)


@dataclass(frozen=True)
class OrganSpec:
    id: str
    namn: str
    kortnamn: str
    typ: OrganTyp
    members: int
    weekday: int  # 0 = Monday
    week_start: int  # first day of month to look for that weekday
    tid: time


ORGANS = (
    OrganSpec("ekby-ks", "Kommunstyrelsen", "KS", OrganTyp.STYRELSE, 15, 0, 8, time(9, 0)),
    OrganSpec(
        "ekby-sbn", "Samhällsbyggnadsnämnden", "SBN", OrganTyp.NAMND, 11, 2, 10, time(13, 15)
    ),
    OrganSpec(
        "ekby-bun", "Barn- och utbildningsnämnden", "BUN", OrganTyp.NAMND, 11, 3, 15, time(8, 30)
    ),
)


RUBRIKER_BILAGA = _words(
    "Bakgrund|Nulägesbeskrivning|Analys|Alternativ|Konsekvenser för barn|Risker|"
    "Samråd och dialog|Tidplan|Uppföljning|Jämförelse med andra kommuner"
)


class Generator:
    def __init__(self, seed: int | str) -> None:
        self.rng = random.Random(seed)
        self.kedjor: dict[str, str] = {}  # organ id → the last justerat protokoll's hash

    # -- text ----------------------------------------------------------------------------

    def sentence(self) -> str:
        r = self.rng
        words = [
            r.choice(SUBJEKT),
            r.choice(VERB),
            "att" if r.random() < 0.3 else "den",
            r.choice(ADJEKTIV),
            r.choice(SUBSTANTIV),
            r.choice(PREP),
            r.choice(SUBSTANTIV),
        ]
        if r.random() < 0.6:
            words += ["och", r.choice(ADJEKTIV), r.choice(SUBSTANTIV)]
        if r.random() < 0.5:
            words.append(r.choice(SLUT))
        return " ".join(words) + "."

    def text(self, length: int) -> str:
        paragraphs: list[str] = []
        current: list[str] = []
        size = 0
        while size < length:
            s = self.sentence()
            current.append(s)
            size += len(s) + 1
            if len(current) >= self.rng.randint(3, 6):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        return "\n\n".join(paragraphs)

    def sektioner(self, rubriker: list[str], length: int) -> str:
        """Headed sections sharing about `length` characters."""
        each = max(200, length // max(1, len(rubriker)))
        return "\n\n".join(
            f"{rubrik}\n{self.text(self.rng.randint(each * 2 // 3, each * 4 // 3))}"
            for rubrik in rubriker
        )

    def tjansteskrivelse(self, mote: Sammantrade, arende: Arende, length: int) -> str:
        r = self.rng
        handlaggare = arende.handlaggare or Handlaggare(self.namn(), r.choice(TITLAR))
        datum = mote.datum - timedelta(days=r.randint(10, 30))
        punkter = [p for f in arende.forslag for p in f.punkter] or [self.sentence()]
        huvud = [
            "Tjänsteskrivelse",
            f"{datum.isoformat()}    {arende.dnr}",
            f"{handlaggare.namn}, {handlaggare.titel}",
            "",
            arende.rubrik,
            "",
            "Förslag till beslut",
            *(f"{i}. {p}" for i, p in enumerate(punkter, 1)),
            "",
        ]
        rubriker = ["Sammanfattning", "Bakgrund", "Förvaltningens bedömning"]
        rubriker += ["Ekonomiska konsekvenser", "Konsekvenser för miljön"][: r.randint(1, 2)]
        body = self.sektioner(rubriker, length - sum(len(h) + 1 for h in huvud))
        if r.random() < 0.3:  # an earlier decision, cited the way secretaries write them
            tidigare = self.dnr(mote.datum.year - r.randint(1, 4))
            shape = r.choice(("{d}", "KS {y}/{n}", "{y}/{n}", "KS/{y}:{n}"))
            y, n = tidigare.split()[1].split("-")
            cited = shape.format(d=tidigare, y=y, n=int(n))
            body += f"\n\nTidigare beslut\nÄrendet har tidigare behandlats, se {cited}."
        skickas = ", ".join(m.namn for m in arende.skickas_till) or "Akten"
        slut = f"\n\nBeslutet skickas till\n{skickas}\n"
        return "\n".join(huvud) + "\n" + _korta(body, length - len(slut)) + slut

    def bilagetext(self, arende: Arende, titel: str, length: int) -> str:
        rubriker = self.rng.sample(list(RUBRIKER_BILAGA), self.rng.randint(2, 4))
        huvud = f"{titel}\n{arende.rubrik}\n\n"
        return huvud + _korta(self.sektioner(rubriker, length), length - len(huvud))

    def namn(self) -> str:
        return f"{self.rng.choice(FORNAMN)} {self.rng.choice(EFTERNAMN)}"

    def dnr(self, year: int) -> str:
        return f"Dnr {year}-{self.rng.randint(1, 999):05d} {self.rng.randint(0, 99):02d}"

    def rubrik(self, year: int) -> str:
        return self.rng.choice(AMNEN).format(
            s=self.rng.choice(AMNESORD),
            plats=self.rng.choice(PLATSER),
            y=year,
            y1=year + 1,
            y3=year + 3,
        )

    # -- domain objects ------------------------------------------------------------------

    def organ(self, spec: OrganSpec, first_year: int) -> Organ:
        roles = [Roll.ORDFORANDE, Roll.VICE_1, Roll.VICE_2]
        roles += [Roll.LEDAMOT] * (spec.members - len(roles))
        roles += [Roll.ERSATTARE] * (spec.members // 2)
        ledamoter = [
            Ledamot(
                f"l{i}",
                self.namn(),
                self.rng.choice(PARTIER),
                roll,
                date(first_year, 1, 1),
                None,
            )
            for i, roll in enumerate(roles, 1)
        ]
        return Organ(
            id=spec.id,
            namn=spec.namn,
            kortnamn=spec.kortnamn,
            typ=spec.typ,
            kommun=KOMMUN,
            ledamoter=ledamoter,
            reglemente=Reglemente(
                kallelse_dagar=7,
                standardarenden=list(OPENING_BESLUT),
                plats="Kommunhuset, Sessionssalen",
                tid=spec.tid,
            ),
            undertecknare=[Undertecknare(self.namn(), "Nämndsekreterare")],
        )

    def arende(self, mote: Sammantrade, typ: ArendeTyp) -> Arende:
        year = mote.datum.year
        arende = Arende(
            id=mote.nytt_arende_id(),
            rubrik=self.rubrik(year),
            typ=typ,
            dnr=self.dnr(year - self.rng.choice((0, 0, 0, 1))),
            handlaggare=Handlaggare(
                self.namn(),
                self.rng.choice(TITLAR),
                f"0920-45 {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
                "handlaggare@ekby.example",
            ),
            beskrivning=self.text(self.rng.randint(1300, 1700)),
        )
        if typ in (ArendeTyp.MEDDELANDEN, ArendeTyp.DELEGATIONSBESLUT):
            arende.rubrik = (
                f"Meddelanden {mote.datum.isoformat()}"
                if typ is ArendeTyp.MEDDELANDEN
                else "Redovisning av delegationsbeslut"
            )
            arende.poster = [
                ListPost(
                    n,
                    self.sentence(),
                    self.dnr(year),
                    mote.datum - timedelta(days=self.rng.randint(5, 40)),
                    self.namn(),
                    f"{self.rng.randint(1, 12)}.{self.rng.randint(1, 9)}"
                    if typ is ArendeTyp.DELEGATIONSBESLUT
                    else "",
                )
                for n in range(1, self.rng.randint(5, 12))
            ]
            return arende
        if typ is not ArendeTyp.INFORMATION:
            arende.forslag = [
                Forslag(
                    [self.sentence() for _ in range(self.rng.randint(1, 3))],
                    "fullmäktige" if self.rng.random() < 0.2 else "",
                )
            ]
            arende.ekonomiska_konsekvenser = self.text(self.rng.randint(100, 300))
        arende.beslutsunderlag = [
            Beslutsunderlag(
                f"u{n}",
                f"Tjänsteskrivelse {arende.rubrik}" if n == 1 else f"Bilaga {n - 1}",
                UnderlagTyp.TJANSTESKRIVELSE if n == 1 else UnderlagTyp.BILAGA,
                mote.datum - timedelta(days=self.rng.randint(10, 30)),
            )
            for n in range(1, self.rng.randint(2, 4))
        ]
        arende.skickas_till = [
            Mottagare(self.rng.choice(MOTTAGARE), self.rng.choice(list(Syfte)))
            for _ in range(self.rng.randint(1, 3))
        ] + [Mottagare("Akten")]
        if self.rng.random() < 0.3:
            arende.tidigare = [f"KSAU § {self.rng.randint(1, 200)}"]
        return arende

    def types(self, count: int) -> list[ArendeTyp]:
        fixed = [ArendeTyp.MEDDELANDEN, ArendeTyp.DELEGATIONSBESLUT, ArendeTyp.INFORMATION]
        rest = [
            self.rng.choices(
                (ArendeTyp.BESLUT, ArendeTyp.INFORMATION, ArendeTyp.MOTION, ArendeTyp.VAL),
                weights=(80, 10, 7, 3),
            )[0]
            for _ in range(max(0, count - len(fixed)))
        ]
        return (fixed + rest)[:count]

    def paragraf(self, nummer: int, arende: Arende, justerare: str) -> Paragraf:
        if arende.typ is ArendeTyp.STANDARD:
            beslut = OPENING_BESLUT.get(arende.rubrik, "Noteras.").format(justerare=justerare)
            return Paragraf(nummer, arende.id, beslut, Utfall.BIFALL)
        if arende.typ in (ArendeTyp.INFORMATION, ArendeTyp.MEDDELANDEN):
            return Paragraf(nummer, arende.id, "Informationen noteras.", Utfall.NOTERAS)
        roll = self.rng.random()
        if roll < 0.05:
            return Paragraf(
                nummer, arende.id, "Ärendet återremitteras till förvaltningen.", Utfall.ATERREMISS
            )
        if roll < 0.08:
            return Paragraf(nummer, arende.id, "Ärendet bordläggs.", Utfall.BORDLAGGNING)
        punkter = [p for f in arende.forslag for p in f.punkter] or ["Redovisningen godkänns."]
        beslut = "\n".join(f"{i}. {p}" for i, p in enumerate(punkter, 1))
        behandling = self.sentence() if self.rng.random() < 0.3 else ""
        return Paragraf(nummer, arende.id, beslut, Utfall.BIFALL, behandling=behandling)

    def meeting(
        self,
        organ: Organ,
        datum: date,
        today: date,
        arenden: int,
        next_paragraf: int,
        taken: set[str],
    ) -> tuple[Sammantrade, int]:
        """One meeting with `arenden` ärenden in all; returns it and the next § number."""
        mote = nytt_sammantrade(organ, datum, taken)
        taken.add(mote.id)
        mote.osa = "Förhinder anmäls till nämndsekreteraren senast fredag kl 12:00."
        mote.adressater = ["Ledamöter", "Ersättare (för kännedom)"]
        for typ in self.types(arenden - len(mote.arenden)):
            mote.arenden.append(self.arende(mote, typ))
        if datum >= today:
            soon = datum - today <= timedelta(days=organ.reglemente.kallelse_dagar + 7)
            mote.status = Status.KALLAD if soon else Status.UTKAST
            if soon:
                mote.kallad_datum = datum - timedelta(days=organ.reglemente.kallelse_dagar)
            return mote, next_paragraf
        mote.kallad_datum = datum - timedelta(days=organ.reglemente.kallelse_dagar)
        ordinarie = [m for m in organ.ledamoter if m.roll.ar_ledamot]
        ersattare = [m for m in organ.ledamoter if not m.roll.ar_ledamot]
        absent = self.rng.choice(ordinarie[3:])
        for m in ordinarie:
            narvaro = NarvaroTyp.FRANVARANDE if m is absent else NarvaroTyp.TJANSTGOR
            mote.narvaro.append(NarvaroPost(m.id, narvaro))
        for i, m in enumerate(ersattare):
            if i == 0:
                mote.narvaro.append(
                    NarvaroPost(m.id, NarvaroTyp.ERSATTARE_TJANSTGOR, ersatter=absent.id)
                )
            else:
                mote.narvaro.append(NarvaroPost(m.id, NarvaroTyp.NARVARANDE_ERSATTARE))
        justerare = self.rng.choice(ordinarie[1:])
        for arende in mote.arenden:
            mote.paragrafer.append(self.paragraf(next_paragraf, arende, justerare.visningsnamn))
            next_paragraf += 1
        justeringsdag = datum + timedelta(days=4)
        mote.justering = Justering(
            [ordinarie[0].id, justerare.id], f"Kommunhuset, {justeringsdag.isoformat()} kl 10:00"
        )
        mote.status = Status.PROTOKOLL_KLART
        if justeringsdag < today:  # through the domain, as the store accepts nothing else
            justera(mote, organ, justeringsdag, self.kedjor.get(organ.id, ""))
            assert mote.justering is not None
            self.kedjor[organ.id] = mote.justering.protokoll_hash
        if justeringsdag + timedelta(days=1) < today:
            registrera_anslag(
                mote, justeringsdag + timedelta(days=1), "Kommunhuset, kommunledningskontoret"
            )
        return mote, next_paragraf

    def pagaende(
        self,
        organ: Organ,
        datum: date,
        arenden: int,
        behandlade: int,
        first_paragraf: int,
        taken: set[str],
    ) -> Sammantrade:
        """A meeting in progress (pågår): `arenden` ärenden with the same texts as the
        others, närvaro taken, the first `behandlade` with their § and beslut."""
        mote = nytt_sammantrade(organ, datum, taken)
        taken.add(mote.id)
        mote.osa = "Förhinder anmäls till nämndsekreteraren senast fredag kl 12:00."
        mote.adressater = ["Ledamöter", "Ersättare (för kännedom)"]
        for typ in self.types(arenden - len(mote.arenden)):
            mote.arenden.append(self.arende(mote, typ))
        mote.kallad_datum = datum - timedelta(days=organ.reglemente.kallelse_dagar)
        ordinarie = [m for m in organ.ledamoter if m.roll.ar_ledamot]
        mote.narvaro = [NarvaroPost(m.id, NarvaroTyp.TJANSTGOR) for m in ordinarie]
        justerare = ordinarie[1].visningsnamn
        for nummer, arende in enumerate(mote.arenden[:behandlade], first_paragraf):
            mote.paragrafer.append(self.paragraf(nummer, arende, justerare))
        mote.status = Status.PAGAR
        return mote


def _korta(text: str, length: int) -> str:
    """Cut at the last sentence that ends before `length` characters."""
    if len(text) <= length:
        return text
    cut = text.rfind(".", 0, length)
    return text[: cut + 1] if cut > 0 else text[:length]


def meeting_date(spec: OrganSpec, year: int, month: int) -> date:
    day = date(year, month, spec.week_start)
    return day + timedelta(days=(spec.weekday - day.weekday()) % 7)


def generate(
    seed: int, organs: int, years: list[int], meetings_per_year: int, arenden: int
) -> tuple[list[Organ], Iterator[Sammantrade]]:
    """The organs, and a generator of their meetings (oldest first, one organ at a time).

    Meetings from 1 October of the last year on are in the future (kallad or utkast).
    """
    gen = Generator(seed)
    made = [gen.organ(spec, years[0]) for spec in ORGANS[:organs]]
    today = date(years[-1], 10, 1)
    months = MONTHS[:meetings_per_year]

    def meetings() -> Iterator[Sammantrade]:
        taken: set[str] = set()
        for spec, organ in zip(ORGANS, made, strict=False):
            for year in years:
                nummer = 1
                for month in months:
                    mote, nummer = gen.meeting(
                        organ, meeting_date(spec, year, month), today, arenden, nummer, taken
                    )
                    yield mote

    return made, meetings()


def underlagstexter(
    seed: int, moten: Iterable[Sammantrade]
) -> Iterator[tuple[str, str, str, str, str, bool]]:
    """The extracted text of every beslutsunderlag in `moten`, as SokIndex.bygg_om takes it:
    (meeting_id, arende_id, underlag_id, titel, text, sekretess). 2-6 kB each; the first
    underlag is the tjänsteskrivelse. Seeded per attachment, so the texts do not depend on
    which meetings are passed or in which order."""
    for mote in moten:
        for arende in mote.arenden:
            for underlag in arende.beslutsunderlag:
                gen = Generator(f"{seed}:{mote.id}:{arende.id}:{underlag.id}")
                length = gen.rng.randint(2200, 5800)
                if underlag.typ is UnderlagTyp.TJANSTESKRIVELSE:
                    text = gen.tjansteskrivelse(mote, arende, length)
                else:
                    text = gen.bilagetext(arende, underlag.titel, length)
                sekretess = underlag.sekretess or gen.rng.random() < 0.02
                yield mote.id, arende.id, underlag.id, underlag.titel, text, sekretess


def pagaende_mote(
    seed: int,
    organ: Organ,
    datum: date,
    arenden: int,
    behandlade: int,
    first_paragraf: int,
    taken: set[str],
) -> Sammantrade:
    """One big meeting in progress, for the TUI benchmarks (see Generator.pagaende); its
    own seed, so adding it does not change the store that `generate` makes."""
    return Generator(f"{seed}:pagaende").pagaende(
        organ, datum, arenden, behandlade, first_paragraf, taken
    )
