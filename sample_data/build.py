"""Writes the demo store in sample_data/ from the texts below (all invented, modeled on
real kallelser and protokoll). Deterministic: tests rebuild it and compare byte for byte.

    python sample_data/build.py [TARGET]      # default: this folder
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date, time
from pathlib import Path

from kallelse_tui.domain import delegationsbeslut, motioner
from kallelse_tui.domain.delegationsbeslut import Delegationsbeslut
from kallelse_tui.domain.justering import justera_omedelbart, registrera_anslag
from kallelse_tui.domain.model import (
    Ajournering,
    Anteckning,
    AnteckningTyp,
    Arende,
    ArendeTyp,
    Beslutsunderlag,
    Forslag,
    Handlaggare,
    Jav,
    Justering,
    Ledamot,
    ListPost,
    Mottagare,
    NarvaroPost,
    NarvaroTyp,
    Omrostning,
    Organ,
    OrganTyp,
    OvrigNarvarande,
    Paragraf,
    Reglemente,
    Roll,
    Rost,
    Sammantrade,
    Syfte,
    UnderlagTyp,
    Undertecknare,
    Utfall,
    Yrkande,
    YrkandeTyp,
    nytt_sammantrade,
)
from kallelse_tui.domain.motioner import Motion, MotionTyp
from kallelse_tui.domain.status import Status
from kallelse_tui.store import Store

HERE = Path(__file__).resolve().parent
STORE_PARTS = ("kallelse.json", "register.json", "registerrader.json", "sammantraden", "bilagor")
NORRVIK, SJOBACKA = "Norrviks kommun", "Sjöbacka kommun"
FORVALTNINGSRATT = {
    NORRVIK: "Förvaltningsrätten i Luleå",
    SJOBACKA: "Förvaltningsrätten i Härnösand",
}
OPENING = ["Upprop", "Val av justerare", "Godkännande av ärendelista"]
KF_NAMES = [
    ("Agneta Holm", "S"),
    ("Bertil Sundqvist", "M"),
    ("Camilla Öberg", "C"),
    ("David Lindgren", "SD"),
    ("Elin Marklund", "V"),
    ("Fredrik Nyström", "KD"),
    ("Gunilla Bäckström", "S"),
    ("Hampus Lundmark", "L"),
    ("Ingrid Wiklund", "S"),
    ("Jonas Åström", "M"),
    ("Karin Fjällström", "MP"),
    ("Lars-Erik Granström", "S"),
    ("Maria Nordlund", "C"),
    ("Niklas Hedman", "SD"),
    ("Olivia Strand", "V"),
    ("Per Söderlund", "M"),
    ("Rebecka Lind", "S"),
    ("Stefan Boman", "KD"),
    ("Therese Engström", "S"),
    ("Ulf Karlsson", "SD"),
    ("Vera Holmgren", "C"),
]


def members(spec: list[tuple[str, str, Roll]], start: date = date(2023, 1, 1)) -> list[Ledamot]:
    return [
        Ledamot(f"l{i}", namn, parti, roll, start, date(2026, 12, 31))
        for i, (namn, parti, roll) in enumerate(spec, 1)
    ]


def organs() -> list[Organ]:
    norrvik_ks = Organ(
        id="norrvik-ks",
        namn="Kommunstyrelsen",
        kortnamn="KS",
        typ=OrganTyp.STYRELSE,
        kommun=NORRVIK,
        ledamoter=members(
            [
                ("Anna-Karin Lund", "S", Roll.ORDFORANDE),
                ("Mikael Forsberg", "M", Roll.VICE_1),
                ("Sofia Nilsson", "C", Roll.VICE_2),
                ("Tomas Berglund", "S", Roll.LEDAMOT),
                ("Helena Eriksson", "S", Roll.LEDAMOT),
                ("Jan Persson", "SD", Roll.LEDAMOT),
                ("Lena Åkerlund", "V", Roll.LEDAMOT),
                ("Olof Sandberg", "M", Roll.LEDAMOT),
                ("Pia Lindqvist", "KD", Roll.LEDAMOT),
                ("Rolf Hägglund", "S", Roll.LEDAMOT),
                ("Eva Sjöberg", "L", Roll.LEDAMOT),
                ("Kerstin Öhman", "S", Roll.ERSATTARE),
                ("Göran Isaksson", "M", Roll.ERSATTARE),
                ("Malin Rönnqvist", "SD", Roll.ERSATTARE),
                ("Ahmed Karimi", "S", Roll.ERSATTARE),
            ]
        ),
        reglemente=Reglemente(
            kallelse_dagar=7,
            standardarenden=OPENING,
            plats="Kommunhuset, Sessionssalen",
            tid=time(9, 0),
        ),
        undertecknare=[Undertecknare("Johanna Sträng", "Nämndsekreterare")],
    )
    norrvik_au = Organ(
        id="norrvik-ksau",
        namn="Kommunstyrelsens arbets- och personalutskott",
        kortnamn="KSAU",
        typ=OrganTyp.UTSKOTT,
        kommun=NORRVIK,
        ledamoter=members(
            [
                ("Anna-Karin Lund", "S", Roll.ORDFORANDE),
                ("Mikael Forsberg", "M", Roll.VICE_1),
                ("Tomas Berglund", "S", Roll.LEDAMOT),
                ("Sofia Nilsson", "C", Roll.LEDAMOT),
                ("Jan Persson", "SD", Roll.LEDAMOT),
                ("Helena Eriksson", "S", Roll.ERSATTARE),
            ]
        ),
        reglemente=Reglemente(
            kallelse_dagar=5,
            standardarenden=["Val av justerare", "Godkännande av ärendelista"],
            plats="Kommunhuset, Lilla sammanträdesrummet",
            tid=time(13, 0),
        ),
        undertecknare=[Undertecknare("Johanna Sträng", "Nämndsekreterare")],
    )
    norrvik_kf = Organ(
        id="norrvik-kf",
        namn="Kommunfullmäktige",
        kortnamn="KF",
        typ=OrganTyp.FULLMAKTIGE,
        kommun=NORRVIK,
        ledamoter=members(
            [
                (KF_NAMES[0][0], KF_NAMES[0][1], Roll.ORDFORANDE),
                (KF_NAMES[1][0], KF_NAMES[1][1], Roll.VICE_1),
                (KF_NAMES[2][0], KF_NAMES[2][1], Roll.VICE_2),
            ]
            + [(n, p, Roll.LEDAMOT) for n, p in KF_NAMES[3:]]
            + [("Bo Rydén", "S", Roll.ERSATTARE), ("Siv Grahn", "M", Roll.ERSATTARE)]
        ),
        reglemente=Reglemente(
            kallelse_dagar=7,
            standardarenden=[
                "Upprop",
                "Val av justerare",
                "Godkännande av ärendelista",
                "Anmälan av extra ärenden",
            ],
            plats="Folkets hus, Stora salen",
            tid=time(18, 0),
        ),
        undertecknare=[
            Undertecknare("Agneta Holm", "Ordförande"),
            Undertecknare("Johanna Sträng", "Kommunsekreterare"),
        ],
    )
    sjobacka_ks = Organ(
        id="sjobacka-ks",
        namn="Kommunstyrelsen",
        kortnamn="KS",
        typ=OrganTyp.STYRELSE,
        kommun=SJOBACKA,
        ledamoter=members(
            [
                ("Gustav Hallberg", "M", Roll.ORDFORANDE),
                ("Linnea Sjödin", "S", Roll.VICE_1),
                ("Peter Wallin", "C", Roll.LEDAMOT),
                ("Marie Ek", "S", Roll.LEDAMOT),
                ("Johan Ahlström", "SD", Roll.LEDAMOT),
                ("Annika Nord", "KD", Roll.LEDAMOT),
                ("Rasmus Vik", "V", Roll.LEDAMOT),
                ("Britt Sandin", "M", Roll.ERSATTARE),
                ("Emil Falk", "S", Roll.ERSATTARE),
            ]
        ),
        reglemente=Reglemente(
            kallelse_dagar=6,
            standardarenden=[
                "Upprop",
                "Val av justerare",
                "Godkännande av dagordningen",
                "Anmälan av extra ärenden",
            ],
            plats="Stadshuset, KS-salen",
            tid=time(8, 30),
        ),
        undertecknare=[Undertecknare("Mats Hedlund", "Kommunsekreterare")],
        anslag_av="Petra Holmberg",
    )
    sjobacka_sbn = Organ(
        id="sjobacka-sbn",
        namn="Samhällsbyggnadsnämnden",
        kortnamn="SBN",
        typ=OrganTyp.NAMND,
        kommun=SJOBACKA,
        ledamoter=members(
            [
                ("Karl Dahlberg", "C", Roll.ORDFORANDE),
                ("Sara Blom", "S", Roll.VICE_1),
                ("Nils Åberg", "M", Roll.VICE_2),
                ("Yasmin Haddad", "S", Roll.LEDAMOT),
                ("Jörgen Brandt", "SD", Roll.LEDAMOT),
                ("Ida Lindholm", "V", Roll.LEDAMOT),
                ("Henrik Sund", "M", Roll.LEDAMOT),
                ("Elsa Norén", "S", Roll.ERSATTARE),
                ("Oskar Hellström", "C", Roll.ERSATTARE),
                ("Lisa Krantz", "M", Roll.ERSATTARE),
            ]
        ),
        reglemente=Reglemente(
            kallelse_dagar=5,
            standardarenden=OPENING,
            plats="Stadshuset, Rum Ekoxen",
            tid=time(13, 15),
            delegation_dagar_fore=8,
        ),
        undertecknare=[Undertecknare("Frida Lindgren", "Nämndsekreterare")],
        forsta_paragraf={"2026": 101},
    )
    alla = [norrvik_ks, norrvik_au, norrvik_kf, sjobacka_ks, sjobacka_sbn]
    for organ in alla:
        # Sjöbacka's registrator posts the protokoll; elsewhere it is left to the secretary.
        organ.forvaltningsratt = FORVALTNINGSRATT[organ.kommun]
    return alla


def add(mote: Sammantrade, rubrik: str, **fields: object) -> Arende:
    arende = Arende(id=mote.nytt_arende_id(), rubrik=rubrik, **fields)  # type: ignore[arg-type]
    mote.arenden.append(arende)
    return arende


def tjansteskrivelse(titel: str, datum: date, id_: str) -> Beslutsunderlag:
    return Beslutsunderlag(id=id_, titel=titel, typ=UnderlagTyp.TJANSTESKRIVELSE, datum=datum)


def served(organ: Organ, absent: dict[str, str] | None = None) -> list[NarvaroPost]:
    """Närvaro: every ordinary member serves, except `absent` (member → ersättare)."""
    absent = absent or {}
    posts = []
    for m in organ.ledamoter:
        if m.roll is Roll.ERSATTARE:
            covering = next((k for k, v in absent.items() if v == m.id), "")
            typ = NarvaroTyp.ERSATTARE_TJANSTGOR if covering else NarvaroTyp.NARVARANDE_ERSATTARE
            posts.append(NarvaroPost(m.id, typ, ersatter=covering))
        else:
            typ = NarvaroTyp.FRANVARANDE if m.id in absent else NarvaroTyp.TJANSTGOR
            posts.append(NarvaroPost(m.id, typ))
    return posts


def norrvik_ks_oktober(organ: Organ) -> Sammantrade:
    """Justerat protokoll: meddelanden, delegationsbeslut, an omröstning, a reservation, jäv."""
    mote = nytt_sammantrade(organ, date(2026, 10, 19), set())
    mote.osa = "Förhinder anmäls till nämndsekreteraren senast fredag kl 12:00, tfn 0920-45 61 20."
    mote.distans = "Ledamot som deltar på distans ansluter via kommunens videomötestjänst."
    mote.adressater = ["Ledamöter", "Ersättare (för kännedom)", "Revisorerna"]
    mote.kallad_datum = date(2026, 10, 9)
    add(
        mote,
        "Meddelanden KS 2026-10-19",
        typ=ArendeTyp.MEDDELANDEN,
        dnr="Dnr 2026-00412",
        poster=[
            ListPost(
                1,
                "Länsstyrelsen meddelar beslut om bidrag till lokalt naturvårdsprojekt "
                "vid Storträsket.",
                "Dnr 2026-00388",
                date(2026, 9, 22),
                "Länsstyrelsen",
            ),
            ListPost(
                2,
                "Protokoll från styrelsemöte i Norrviks Energi AB den 10 september 2026.",
                "Dnr 2026-00401",
                date(2026, 9, 29),
                "Norrviks Energi AB",
            ),
            ListPost(
                3,
                "Socialnämnden har den 30 september 2026 lämnat yttrande över "
                "förslaget till gemensam hjälpmedelsverksamhet i länet.",
                "Dnr 2026-00405",
                date(2026, 10, 1),
                "Socialnämnden",
            ),
        ],
    )
    add(
        mote,
        "Redovisning av delegationsbeslut",
        typ=ArendeTyp.DELEGATIONSBESLUT,
        poster=[
            ListPost(
                1,
                "Beslut om anställningar, löneplacering och tjänstledigheter under september.",
                "",
                date(2026, 9, 30),
                "HR-chef Ulrika Fors",
                "2.1",
            ),
            ListPost(
                2,
                "Avtal om konsultstöd för översyn av lokalförsörjningen.",
                "Dnr 2026-00377",
                date(2026, 9, 18),
                "Kommundirektör Lars Wennberg",
                "10.1 Upphandling och avtal",
            ),
            ListPost(
                3,
                "Placering av nytt lån om 30 mkr hos Kommuninvest med fast ränta till 2029-09-30.",
                "Dnr 2026-00392",
                date(2026, 9, 25),
                "Ekonomichef Sanna Byström",
                "7.1 Upptagande av lån",
            ),
        ],
    )
    budget = add(
        mote,
        "Fördelning av kommunstyrelsens internbudget 2027",
        dnr="Dnr 2026-00318 04",
        handlaggare=Handlaggare(
            "Sanna Byström", "Ekonomichef", "0920-45 61 40", "sanna.bystrom@norrvik.example"
        ),
        forslag=[
            Forslag(
                [
                    "Kommunstyrelsen fastställer fördelningen av internbudget 2027 enligt "
                    "bilaga 1.",
                    "Förvaltningen får i uppdrag att redovisa utfallet i "
                    "delårsrapporten per augusti 2027.",
                ]
            )
        ],
        beskrivning="Fullmäktige har fastställt kommunstyrelsens ram för 2027. Förvaltningen "
        "föreslår att ramen fördelas på verksamheterna utifrån volymförändringar "
        "och de prioriteringar som gjordes i budgetdialogen i september.",
        ekonomiska_konsekvenser="Fördelningen ryms inom den beslutade ramen på 412,6 mkr.",
        beslutsunderlag=[
            tjansteskrivelse("Tjänsteskrivelse internbudget 2027", date(2026, 10, 2), "u1"),
            Beslutsunderlag(
                "u2", "Bilaga 1 Fördelning per verksamhet", UnderlagTyp.BILAGA, date(2026, 10, 2)
            ),
        ],
        skickas_till=[
            Mottagare("Ekonomiavdelningen", Syfte.VERKSTALLIGHET),
            Mottagare("Förvaltningschefer", Syfte.KANNEDOM),
            Mottagare("Akten"),
        ],
        tidigare=["KSAU § 143"],
    )
    skola = add(
        mote,
        "Lokalförsörjningsplan för förskolan i Västerbyn",
        dnr="KS 2025/207",
        handlaggare=Handlaggare("Martin Ek", "Lokalstrateg", "0920-45 62 10"),
        forslag=[
            Forslag(
                [
                    "Kommunfullmäktige antar lokalförsörjningsplanen för förskolan i Västerbyn.",
                    "En ny förskola med sex avdelningar planeras på tomten "
                    "vid Ängsvägen med byggstart 2028.",
                ],
                till_organ="fullmäktige",
            )
        ],
        beskrivning="Barnantalet i Västerbyn väntas öka med ett fyrtiotal barn till 2030. Två "
        "alternativ har utretts: tillbyggnad av Solrosens förskola eller en ny "
        "förskola vid Ängsvägen.",
        ekonomiska_konsekvenser="Investeringen beräknas till 58 mkr och hyreskostnaden till "
        "4,1 mkr per år från 2029.",
        beslutsunderlag=[
            tjansteskrivelse("Lokalförsörjningsplan förskola Västerbyn", date(2026, 9, 28), "u3")
        ],
        skickas_till=[
            Mottagare("Kommunfullmäktige", Syfte.VERKSTALLIGHET),
            Mottagare("Barn- och utbildningsnämnden", Syfte.KANNEDOM),
        ],
        tidigare=["KSAU § 151"],
    )
    bolag = add(
        mote,
        "Borgen för Norrviks Bostäder AB:s nyproduktion i kvarteret Lärkan",
        dnr="Dnr 2026-00355 107",
        handlaggare=Handlaggare("Sanna Byström", "Ekonomichef"),
        forslag=[
            Forslag(
                [
                    "Kommunfullmäktige beslutar att ingå borgen för Norrviks Bostäder "
                    "AB:s lån upp till 85 mkr."
                ],
                till_organ="fullmäktige",
            )
        ],
        beskrivning="Bolaget planerar 48 hyreslägenheter i kvarteret Lärkan och ansöker om "
        "kommunal borgen för finansieringen.",
        skickas_till=[
            Mottagare("Kommunfullmäktige", Syfte.VERKSTALLIGHET),
            Mottagare("Norrviks Bostäder AB", Syfte.KANNEDOM),
        ],
    )
    motion = add(
        mote,
        "Motionssvar – Laddstolpar vid kommunens anläggningar",
        typ=ArendeTyp.MOTION,
        dnr="Dnr 2025-00471 103",
        handlaggare=Handlaggare("Karin Lidström", "Miljöstrateg"),
        forslag=[Forslag(["Kommunfullmäktige anser motionen besvarad."], "fullmäktige")],
        beskrivning="I en motion föreslås att laddstolpar sätts upp vid alla kommunens idrotts- "
        "och kulturanläggningar. Förvaltningen redovisar den pågående utbyggnaden.",
        skickas_till=[Mottagare("Kommunfullmäktige", Syfte.VERKSTALLIGHET), Mottagare("Akten")],
    )
    info = add(
        mote,
        "Information om arbetsmiljöverkets inspektion av hemtjänsten",
        typ=ArendeTyp.INFORMATION,
        handlaggare=Handlaggare("Lars Wennberg", "Kommundirektör"),
    )
    mote.status = Status.PROTOKOLL_KLART  # justerat in _write_store, once the files are in
    mote.narvaro = served(organ, absent={"l8": "l13"})
    # Jan Persson (SD) leaves after § 175; Malin Rönnqvist (SD) serves for him from § 176.
    for post in mote.narvaro:
        if post.ledamot_id == "l6":
            post.till_paragraf, post.till_tid = 175, time(10, 50)
        if post.ledamot_id == "l14":
            post.typ, post.ersatter, post.fran_paragraf, post.fran_tid = (
                NarvaroTyp.ERSATTARE_TJANSTGOR,
                "l6",
                176,
                time(10, 50),
            )
    mote.ovriga_narvarande = [
        OvrigNarvarande("Lars Wennberg", "kommundirektör"),
        OvrigNarvarande("Sanna Byström", "ekonomichef, § 176"),
        OvrigNarvarande("Johanna Sträng", "nämndsekreterare"),
    ]
    nr = iter(range(171, 200))
    for arende in mote.arenden[:3]:
        beslut = {
            "Upprop": "Uppropet förrättas.",
            "Val av justerare": "Kommunstyrelsen utser Sofia Nilsson (C) att jämte ordföranden "
            "justera protokollet.",
            "Godkännande av ärendelista": "Ärendelistan godkänns.",
        }[arende.rubrik]
        mote.paragrafer.append(Paragraf(next(nr), arende.id, beslut, Utfall.BIFALL))
    mote.paragrafer += [
        Paragraf(
            next(nr),
            mote.arenden[3].id,
            "Kommunstyrelsen har tagit del av meddelandena "
            "och beslutar lägga dem till handlingarna.",
            Utfall.NOTERAS,
        ),
        Paragraf(
            next(nr),
            mote.arenden[4].id,
            "Kommunstyrelsen godkänner redovisningen av delegationsbeslut punkterna 1–3.",
            Utfall.BIFALL,
        ),
        Paragraf(
            next(nr),
            budget.id,
            "1. Kommunstyrelsen fastställer fördelningen av internbudget 2027 enligt bilaga 1.\n"
            "2. Förvaltningen får i uppdrag att redovisa utfallet i delårsrapporten per augusti "
            "2027.",
            Utfall.BIFALL,
            yrkanden=[
                Yrkande("y1", "l1", YrkandeTyp.BIFALL, "Bifall till arbetsutskottets förslag."),
                Yrkande(
                    "y2",
                    "l14",
                    YrkandeTyp.ANDRING,
                    "Ramen för kultur minskas med 1,5 mkr som flyttas till äldreomsorgen.",
                    ["l9"],
                ),
                # Three proposals against each other: the chair first finds which of the two
                # ändringsyrkanden is put against the förslag (kontraproposition).
                Yrkande(
                    "y3",
                    "l7",
                    YrkandeTyp.ANDRING,
                    "Ramen för kommunledning och kansli minskas med 1,5 mkr som flyttas "
                    "till äldreomsorgen.",
                ),
            ],
            propositionsordning=["y1", "y2", "y3"],
            bifallna=["y1"],
            omrostning=Omrostning(
                "Bifall till arbetsutskottets förslag",
                "Bifall till Malin Rönnqvists (SD) ändringsyrkande",
                roster={
                    "l1": Rost.JA,
                    "l2": Rost.JA,
                    "l3": Rost.JA,
                    "l4": Rost.JA,
                    "l5": Rost.JA,
                    "l7": Rost.JA,
                    "l13": Rost.JA,
                    "l9": Rost.NEJ,
                    "l10": Rost.JA,
                    "l11": Rost.AVSTAR,
                    "l14": Rost.NEJ,
                },
            ),
            motforslag="y2",
            anteckningar=[
                Anteckning(
                    AnteckningTyp.RESERVATION,
                    ["l14"],
                    "Vi reserverar oss till förmån för vårt yrkande; "
                    "äldreomsorgen behöver förstärkas redan 2027.",
                )
            ],
        ),
        Paragraf(
            next(nr),
            skola.id,
            "Kommunstyrelsen föreslår kommunfullmäktige besluta\n"
            "1. att anta lokalförsörjningsplanen för förskolan i Västerbyn,\n2. att en ny "
            "förskola med sex avdelningar planeras vid Ängsvägen med byggstart 2028.",
            Utfall.BIFALL,
        ),
        Paragraf(
            next(nr),
            bolag.id,
            "Kommunstyrelsen föreslår kommunfullmäktige besluta att "
            "ingå borgen för Norrviks Bostäder AB:s lån upp till 85 mkr.",
            Utfall.BIFALL,
            jav=[Jav("l10", "l12")],
        ),
        Paragraf(
            next(nr),
            motion.id,
            "Kommunstyrelsen föreslår kommunfullmäktige besluta att anse motionen besvarad.",
            Utfall.BIFALL,
            anteckningar=[
                Anteckning(
                    AnteckningTyp.PROTOKOLLSANTECKNING,
                    ["l7"],
                    "Vänsterpartiet vill att utbyggnaden redovisas årligen.",
                )
            ],
        ),
        Paragraf(next(nr), info.id, "Informationen noteras.", Utfall.NOTERAS),
        kontraproposition(mote, next(nr)),
    ]
    mote.justering = Justering(["l1", "l3"], "Kommunhuset, 2026-10-23 kl 10:00")
    mote.sluttid = time(11, 45)
    mote.ajourneringar = [Ajournering(time(10, 15), time(10, 30))]
    return mote


def kontraproposition(mote: Sammantrade, nummer: int) -> Paragraf:
    """A § with three yrkanden: the votering first picks the motförslag
    (kontrapropositionsvotering), then the huvudvotering decides."""
    cykelvag = add(
        mote,
        "Medfinansiering av gång- och cykelväg längs Storvägen",
        dnr="Dnr 2026-00366 311",
        handlaggare=Handlaggare("Emil Strömberg", "Trafikplanerare"),
        forslag=[
            Forslag(
                [
                    "Kommunstyrelsen beviljar medfinansiering med 4,2 mkr till Trafikverkets "
                    "gång- och cykelväg längs Storvägen.",
                    "Medfinansieringen ryms i kommunstyrelsens investeringsram 2027.",
                ]
            )
        ],
        beskrivning="Trafikverket bygger om Storvägen 2027 och kan samtidigt anlägga en gång- "
        "och cykelväg mellan Västerbyn och centrum om kommunen står för halva kostnaden.",
        skickas_till=[
            Mottagare("Trafikverket", Syfte.KANNEDOM),
            Mottagare("Samhällsbyggnadsförvaltningen", Syfte.VERKSTALLIGHET),
            Mottagare("Akten"),
        ],
        tidigare=["KSAU § 158"],
    )
    return Paragraf(
        nummer,
        cykelvag.id,
        "1. Kommunstyrelsen beviljar medfinansiering med 4,2 mkr till Trafikverkets gång- "
        "och cykelväg längs Storvägen.\n2. Medfinansieringen ryms i kommunstyrelsens "
        "investeringsram 2027.",
        Utfall.BIFALL,
        yrkanden=[
            Yrkande("y1", "l4", YrkandeTyp.BIFALL, instammande=["l3"]),
            Yrkande(
                "y2", "l14", YrkandeTyp.ANDRING, "Medfinansieringen begränsas till 2,5 mkr.", ["l9"]
            ),
            Yrkande("y3", "l11", YrkandeTyp.AVSLAG),
        ],
        propositionsordning=["y1", "y2", "y3"],
        bifallna=["y1"],
        motforslag="y2",
        motforslagsvotering=Omrostning(
            "Bifall till Malin Rönnqvists (SD) ändringsyrkande",
            "Avslag på arbetsutskottets förslag",
            roster={i: Rost.JA for i in ("l9", "l13", "l14")}
            | {i: Rost.NEJ for i in ("l3", "l11")}
            | {i: Rost.AVSTAR for i in ("l1", "l2", "l4", "l5", "l7", "l10")},
            ja_yrkande="y2",
            nej_yrkande="y3",
        ),
        omrostning=Omrostning(
            "Bifall till arbetsutskottets förslag",
            "Bifall till Malin Rönnqvists (SD) ändringsyrkande",
            roster={i: Rost.JA for i in ("l1", "l2", "l3", "l4", "l5", "l7", "l10", "l13")}
            | {i: Rost.NEJ for i in ("l9", "l11", "l14")},
            ja_yrkande="y1",
            nej_yrkande="y2",
        ),
        anteckningar=[
            Anteckning(
                AnteckningTyp.RESERVATION,
                ["l14", "l9"],
                "Kommunen ska inte ta över statens ansvar för vägarna; 2,5 mkr är en rimlig "
                "andel för en väg som främst tjänar pendlingen till centrum.",
            )
        ],
    )


def norrvik_ksau_november(organ: Organ) -> Sammantrade:
    """Genomfört (protokoll klart), not yet justerat: one återremiss, one bordläggning."""
    mote = nytt_sammantrade(organ, date(2026, 11, 9), set())
    mote.kallad_datum = date(2026, 11, 3)
    a = add(
        mote,
        "Taxor för kommunens lokaler och anläggningar 2027",
        dnr="Dnr 2026-00430 04",
        handlaggare=Handlaggare("Maja Holm", "Controller"),
        forslag=[
            Forslag(
                [
                    "Kommunstyrelsen föreslår kommunfullmäktige att anta taxorna "
                    "för 2027 enligt bilaga."
                ]
            )
        ],
        beskrivning="Taxorna räknas upp med 3,5 procent utom för föreningar med "
        "barn- och ungdomsverksamhet, där de lämnas oförändrade.",
    )
    b = add(
        mote,
        "Riktlinjer för representation och gåvor",
        dnr="KS 2019/507-00",
        handlaggare=Handlaggare("Johanna Sträng", "Nämndsekreterare"),
        forslag=[
            Forslag(
                [
                    "Arbetsutskottet föreslår kommunstyrelsen att anta reviderade "
                    "riktlinjer för representation och gåvor."
                ]
            )
        ],
        beskrivning="Riktlinjerna från 2019 har setts över mot Skatteverkets nya beloppsgränser.",
    )
    c = add(
        mote,
        "Medfinansiering av trygghetsboende i kvarteret Tallen",
        dnr="Dnr 2026-00437",
        handlaggare=Handlaggare("Lars Wennberg", "Kommundirektör"),
        forslag=[
            Forslag(
                [
                    "Arbetsutskottet föreslår kommunstyrelsen att bevilja "
                    "medfinansiering med 2,4 mkr."
                ]
            )
        ],
    )
    mote.status = Status.PROTOKOLL_KLART
    mote.narvaro = served(organ)
    mote.sluttid = time(15, 10)  # times for the arvodesunderlag
    mote.paragrafer = [
        Paragraf(
            141,
            mote.arenden[0].id,
            "Arbetsutskottet utser Mikael Forsberg (M) att jämte ordföranden justera protokollet.",
            Utfall.BIFALL,
        ),
        Paragraf(142, mote.arenden[1].id, "Ärendelistan godkänns.", Utfall.BIFALL),
        Paragraf(
            143,
            a.id,
            "Arbetsutskottet föreslår kommunstyrelsen att föreslå "
            "kommunfullmäktige att anta taxorna för 2027 enligt bilaga.",
            Utfall.BIFALL,
        ),
        Paragraf(
            144,
            b.id,
            "Ärendet återremitteras till förvaltningen för att komplettera "
            "riktlinjerna med regler för gåvor till förtroendevalda.",
            Utfall.ATERREMISS,
            yrkanden=[
                Yrkande(
                    "y1",
                    "l2",
                    YrkandeTyp.ATERREMISS,
                    "Återremiss för att komplettera med regler för förtroendevalda.",
                    ["l4"],
                )
            ],
            behandling="Ordföranden ställer proposition på om ärendet ska avgöras i dag "
            "eller återremitteras och finner att ärendet ska återremitteras.",
            bifallna=["y1"],
        ),
        Paragraf(
            145,
            c.id,
            "Ärendet bordläggs till arbetsutskottets nästa sammanträde.",
            Utfall.BORDLAGGNING,
        ),
    ]
    mote.justering = Justering(["l1", "l2"], "Kommunhuset, 2026-11-13 kl 15:00")
    return mote


def norrvik_kf_november(organ: Organ) -> Sammantrade:
    """Kallad: the kallelse is sent, the meeting is ahead."""
    mote = nytt_sammantrade(organ, date(2026, 11, 30), set())
    mote.kallad_datum = date(2026, 11, 19)
    mote.kungorelse_uppsatt = date(2026, 11, 19)
    mote.adressater = ["Ledamöter", "Ersättare", "Allmänheten genom anslag"]
    mote.osa = "Ledamot som är förhindrad meddelar kansliet, så att ersättare kan kallas."
    add(mote, "Allmänhetens frågestund", typ=ArendeTyp.INFORMATION)
    add(
        mote,
        "Lokalförsörjningsplan för förskolan i Västerbyn",
        dnr="KS 2025/207",
        tidigare=["KSAU § 151", "KS § 177"],
        forslag=[
            Forslag(["Kommunfullmäktige antar lokalförsörjningsplanen för förskolan i Västerbyn."])
        ],
    )
    add(
        mote,
        "Borgen för Norrviks Bostäder AB:s nyproduktion i kvarteret Lärkan",
        dnr="Dnr 2026-00355 107",
        tidigare=["KS § 178"],
        forslag=[
            Forslag(
                [
                    "Kommunfullmäktige beslutar att ingå borgen för Norrviks Bostäder "
                    "AB:s lån upp till 85 mkr."
                ]
            )
        ],
    )
    add(
        mote,
        "Motionssvar – Laddstolpar vid kommunens anläggningar",
        typ=ArendeTyp.MOTION,
        dnr="Dnr 2025-00471 103",
        tidigare=["KS § 179"],
        forslag=[Forslag(["Kommunfullmäktige anser motionen besvarad."])],
    )
    add(
        mote,
        "Val av ersättare i barn- och utbildningsnämnden efter Per Söderlund (M)",
        typ=ArendeTyp.VAL,
        dnr="Dnr 2026-00451 102",
    )
    add(
        mote,
        "Avsägelse från uppdrag som nämndeman vid tingsrätten",
        typ=ArendeTyp.VAL,
        dnr="Dnr 2026-00448 102",
    )
    mote.status = Status.KALLAD
    return mote


def sjobacka_sbn_november(organ: Organ) -> Sammantrade:
    """Protokoll klart: bygglov with an omröstning, sekretess item, delegationsbeslut."""
    mote = nytt_sammantrade(organ, date(2026, 11, 17), set())
    mote.kallad_datum = date(2026, 11, 10)
    add(
        mote,
        "Redovisning av delegationsbeslut",
        typ=ArendeTyp.DELEGATIONSBESLUT,
        dnr="SBN 2026/12",
        poster=[
            ListPost(
                1,
                "Bygglov för enbostadshus, Sjöbacka 4:17.",
                "SBN 2026/801",
                date(2026, 10, 14),
                "Bygglovshandläggare Emma Rask",
                "B 1.1",
            ),
            ListPost(
                2,
                "Startbesked för tillbyggnad, Lunden 2:3.",
                "SBN 2026/812",
                date(2026, 10, 21),
                "Byggnadsinspektör Ola Frisk",
                "B 2.4",
            ),
        ],
    )
    bygglov = add(
        mote,
        "Bygglov för flerbostadshus, Hamnen 1:14",
        dnr="SBN 2026/877",
        handlaggare=Handlaggare("Emma Rask", "Bygglovshandläggare", "0660-12 34 50"),
        forslag=[
            Forslag(
                [
                    "Samhällsbyggnadsnämnden beviljar bygglov enligt ansökan med stöd "
                    "av 9 kap. 30 § plan- och bygglagen."
                ]
            )
        ],
        beskrivning="Ansökan gäller ett flerbostadshus i fyra våningar med 24 lägenheter. "
        "Grannar har yttrat sig om höjden och om skuggning av tomterna norr om "
        "fastigheten.",
        skickas_till=[
            Mottagare("Sökanden", Syfte.KANNEDOM),
            Mottagare("Sakägare enligt sändlista", Syfte.KANNEDOM),
            Mottagare("Akten"),
        ],
    )
    tillsyn = add(
        mote,
        "Tillsynsärende – olovligt byggande på fastigheten Björkås 3:2",
        dnr="SBN 2025/640",
        sekretess=True,
        osl="OSL 29 kap. 1 §",
        publik_titel="Tillsynsärende enligt PBL",
        handlaggare=Handlaggare("Ola Frisk", "Byggnadsinspektör"),
        forslag=[
            Forslag(
                [
                    "Samhällsbyggnadsnämnden förelägger fastighetsägaren att ta bort "
                    "den olovligt uppförda byggnaden senast 2027-06-30."
                ]
            )
        ],
    )
    plan = add(
        mote,
        "Detaljplan för Norra Strandvägen – samråd",
        dnr="2020/434",
        handlaggare=Handlaggare("Hanna Bergh", "Planarkitekt"),
        forslag=[Forslag(["Samhällsbyggnadsnämnden godkänner planförslaget för samråd."])],
    )
    mote.status = Status.PROTOKOLL_KLART
    mote.narvaro = served(organ, absent={"l5": "l8"})
    # Times for the arvodesunderlag: a break, and a member who leaves early.
    mote.sluttid = time(16, 20)
    mote.ajourneringar = [Ajournering(time(14, 45), time(15, 0))]
    for post in mote.narvaro:
        if post.ledamot_id == "l3":
            post.till_paragraf, post.till_tid = 105, time(15, 40)
    mote.ovriga_narvarande = [OvrigNarvarande("Emma Rask", "bygglovshandläggare, § 105")]
    mote.paragrafer = [
        Paragraf(101, mote.arenden[0].id, "Uppropet förrättas.", Utfall.BIFALL),
        Paragraf(
            102,
            mote.arenden[1].id,
            "Nämnden utser Sara Blom (S) att jämte ordföranden justera protokollet.",
            Utfall.BIFALL,
        ),
        Paragraf(103, mote.arenden[2].id, "Ärendelistan godkänns.", Utfall.BIFALL),
        Paragraf(
            104, mote.arenden[3].id, "Redovisningen av delegationsbeslut godkänns.", Utfall.BIFALL
        ),
        Paragraf(
            105,
            bygglov.id,
            "Samhällsbyggnadsnämnden beviljar bygglov enligt ansökan med stöd "
            "av 9 kap. 30 § plan- och bygglagen.",
            Utfall.BIFALL,
            yrkanden=[
                Yrkande("y1", "l1", YrkandeTyp.BIFALL, "Bifall till förvaltningens förslag."),
                Yrkande("y2", "l6", YrkandeTyp.AVSLAG, "Avslag på ansökan."),
            ],
            propositionsordning=["y1", "y2"],
            bifallna=["y1"],
            omrostning=Omrostning(
                "Bifall till förvaltningens förslag",
                "Avslag på ansökan",
                roster={
                    "l1": Rost.JA,
                    "l2": Rost.NEJ,
                    "l3": Rost.JA,
                    "l4": Rost.NEJ,
                    "l8": Rost.JA,
                    "l6": Rost.NEJ,
                    "l7": Rost.JA,
                },
            ),
            anteckningar=[Anteckning(AnteckningTyp.RESERVATION, ["l2", "l4", "l6"])],
        ),
        Paragraf(
            106,
            tillsyn.id,
            "Samhällsbyggnadsnämnden förelägger fastighetsägaren att ta "
            "bort den olovligt uppförda byggnaden senast 2027-06-30.",
            Utfall.BIFALL,
            jav=[Jav("l7", "l10")],
        ),
        Paragraf(
            107,
            plan.id,
            "Samhällsbyggnadsnämnden godkänner planförslaget för samråd.",
            Utfall.BIFALL,
            behandling="Nämnden beslutar att paragrafen justeras omedelbart, så att "
            "samrådet kan börja före årsskiftet.",
        ),
    ]
    mote.justering = Justering(["l1", "l2"], "Stadshuset, 2026-11-24 kl 09:00")
    return mote


def sjobacka_ks_september(organ: Organ) -> Sammantrade:
    """Anslaget: justerat, posted on the anslagstavla, the appeal time running."""
    mote = nytt_sammantrade(organ, date(2026, 9, 29), set())
    mote.kallad_datum = date(2026, 9, 22)
    rapport = add(
        mote,
        "Svar på revisionsrapport om den interna kontrollen",
        dnr="KS 2026/188",
        handlaggare=Handlaggare("Mats Hedlund", "Kommunsekreterare"),
        forslag=[Forslag(["Kommunstyrelsen antar förvaltningens svar som sitt eget."])],
        beskrivning="Revisorerna har granskat hur nämnderna följer upp sina planer för "
        "intern kontroll och rekommenderar en gemensam mall för uppföljningen.",
        skickas_till=[Mottagare("Revisorerna", Syfte.KANNEDOM), Mottagare("Akten")],
    )
    tomt = add(
        mote,
        "Försäljning av fastigheten Sjöbacka 5:12",
        dnr="KS 2026/203",
        handlaggare=Handlaggare("Anders Lööf", "Mark- och exploateringsingenjör"),
        forslag=[
            Forslag(
                [
                    "Kommunstyrelsen säljer fastigheten Sjöbacka 5:12 till Sjöbacka Bygg AB "
                    "för 1 450 000 kronor enligt köpeavtalet."
                ]
            )
        ],
        beskrivning="Fastigheten är en obebyggd industritomt om 4 200 kvadratmeter som "
        "annonserats ut sedan våren 2026.",
        skickas_till=[
            Mottagare("Sjöbacka Bygg AB", Syfte.KANNEDOM),
            Mottagare("Ekonomienheten", Syfte.VERKSTALLIGHET),
        ],
    )
    mote.status = Status.PROTOKOLL_KLART  # justerat and anslaget in _write_store
    mote.narvaro = served(organ, absent={"l6": "l8"})
    mote.ovriga_narvarande = [OvrigNarvarande("Mats Hedlund", "kommunsekreterare")]
    mote.sluttid = time(10, 5)
    beslut = [
        "Uppropet förrättas.",
        "Kommunstyrelsen utser Linnea Sjödin (S) att jämte ordföranden justera protokollet.",
        "Dagordningen godkänns.",
        "Inga extra ärenden anmäls.",
    ]
    mote.paragrafer = [
        Paragraf(88 + i, arende.id, text, Utfall.BIFALL)
        for i, (arende, text) in enumerate(zip(mote.arenden, beslut, strict=False))
    ]
    mote.paragrafer += [
        Paragraf(
            92,
            rapport.id,
            "Kommunstyrelsen antar förvaltningens svar som sitt eget.",
            Utfall.BIFALL,
        ),
        Paragraf(
            93,
            tomt.id,
            "Kommunstyrelsen säljer fastigheten Sjöbacka 5:12 till Sjöbacka Bygg AB för "
            "1 450 000 kronor enligt köpeavtalet.",
            Utfall.BIFALL,
        ),
    ]
    mote.justering = Justering(["l1", "l2"], "Stadshuset, 2026-10-01 kl 15:00")
    return mote


def sjobacka_ks_december(organ: Organ) -> Sammantrade:
    """Utkast: the secretary is still building the ärendelista."""
    mote = nytt_sammantrade(organ, date(2026, 12, 8), set())
    add(
        mote,
        "Detaljplan för Norra Strandvägen – yttrande",
        dnr="KS/2020:226",
        handlaggare=Handlaggare("Hanna Bergh", "Planarkitekt"),
    )
    add(
        mote,
        "Avfallsplan 2027–2032",
        dnr="KS 2020/434",
        forslag=[
            Forslag(
                ["Kommunstyrelsen föreslår kommunfullmäktige att anta avfallsplanen."],
                "fullmäktige",
            )
        ],
    )
    add(mote, "Delårsrapport per augusti 2026", dnr="Dnr 2026-000118")
    add(mote, "Informationssäkerhetspolicy", dnr="")
    return mote


# Done through the domain, after the documents are attached (their hashes are part of
# what the justering covers): meeting id → justering day; and for a § justerad at the
# meeting → (§, justering day, anslag day).
JUSTERAS = {
    "norrvik-ks-2026-10-19": date(2026, 10, 23),
    "sjobacka-ks-2026-09-29": date(2026, 10, 1),
}
# A justerat protokoll whose justering is posted: meeting id → (day, förvaringsplats).
ANSLAS = {"sjobacka-ks-2026-09-29": (date(2026, 10, 2), "Kommunledningskontoret, Stadshuset")}
OMEDELBART = {"sjobacka-sbn-2026-11-17": (107, date(2026, 11, 17), date(2026, 11, 18))}


def build(target: Path) -> None:
    """Write the store into a fresh folder, then put its files in `target`."""
    with tempfile.TemporaryDirectory() as tmp:
        _write_store(Path(tmp) / "lager")
        for stale in STORE_PARTS:
            if (target / stale).is_dir():
                shutil.rmtree(target / stale)
            (target / stale).unlink(missing_ok=True)
        shutil.copytree(Path(tmp) / "lager", target, dirs_exist_ok=True)


# The demo's documents: invented texts, stored as real files so that viewing, search and
# the handlingar bundle have something to show.
DOCUMENTS = {
    "u1": (
        "Tjänsteskrivelse internbudget 2027.txt",
        "Tjänsteskrivelse\nDnr 2026-00318 04\n\nFördelning av kommunstyrelsens internbudget "
        "2027\n\nKommunfullmäktige har gett kommunstyrelsen en ram på 412,6 mkr för 2027. "
        "Förvaltningen föreslår att ramen fördelas efter volymerna i verksamheterna och de "
        "prioriteringar som gjordes i budgetdialogen: digitalisering av ärendehanteringen, "
        "fler feriejobb för unga och en förstärkt krisberedskap.\n\nUppföljning sker i "
        "delårsrapporten per augusti 2027.\n\nSanna Byström\nEkonomichef\n",
    ),
    "u2": (
        "Bilaga 1 Fördelning per verksamhet.md",
        "# Bilaga 1 – Fördelning per verksamhet 2027\n\n"
        "| Verksamhet | Ram, mkr |\n|---|---|\n| Kommunledning och kansli | 48,2 |\n"
        "| Ekonomi och upphandling | 31,7 |\n| HR och löner | 29,9 |\n"
        "| Digitalisering och IT | 57,4 |\n| Näringsliv och turism | 18,3 |\n"
        "| Räddningstjänst och krisberedskap | 74,1 |\n| Kollektivtrafik | 153,0 |\n",
    ),
    "u3": (
        "Lokalförsörjningsplan förskola Västerbyn.txt",
        "Lokalförsörjningsplan för förskolan i Västerbyn\nDnr KS 2025/207\n\nBarnantalet i "
        "Västerbyn väntas öka med ett fyrtiotal barn till 2030. Två alternativ har jämförts: "
        "en tillbyggnad av Solrosens förskola med två avdelningar, eller en ny förskola med "
        "sex avdelningar vid Ängsvägen. Den nya förskolan ger bättre utemiljö och kortare "
        "resväg för de flesta familjer och rekommenderas.\n\nMartin Ek\nLokalstrateg\n",
    ),
}


def _attach_documents(store: Store, mote: Sammantrade, folder: Path) -> None:
    for arende in mote.arenden:
        for underlag in arende.beslutsunderlag:
            if underlag.id not in DOCUMENTS:
                continue
            filnamn, text = DOCUMENTS[underlag.id]
            path = folder / filnamn
            path.write_text(text, encoding="utf-8")
            stored = store.add_attachment(path)
            extraction = store.extract_attachment(stored.sha256, filnamn)
            underlag.filnamn, underlag.sha256, underlag.storlek = (
                filnamn,
                stored.sha256,
                stored.storlek,
            )
            underlag.textstatus, underlag.sidor = extraction.status, extraction.sidor


def _write_store(target: Path) -> None:
    with Store.open(target) as store, tempfile.TemporaryDirectory() as files:
        by_id = {o.id: o for o in organs()}
        for organ in by_id.values():
            store.save_organ(organ)
        for make, organ_id in [
            (norrvik_ks_oktober, "norrvik-ks"),
            (norrvik_ksau_november, "norrvik-ksau"),
            (norrvik_kf_november, "norrvik-kf"),
            (sjobacka_sbn_november, "sjobacka-sbn"),
            (sjobacka_ks_september, "sjobacka-ks"),
            (sjobacka_ks_december, "sjobacka-ks"),
        ]:
            mote = make(by_id[organ_id])
            _attach_documents(store, mote, Path(files))
            if mote.id in OMEDELBART:
                nummer, justerad, anslagen = OMEDELBART[mote.id]
                justera_omedelbart(mote, by_id[organ_id], nummer, justerad).anslag = anslagen
            store.save_meeting(mote)
            if mote.id in JUSTERAS:
                mote = store.justera(mote.id, JUSTERAS[mote.id])
            if mote.id in ANSLAS:
                registrera_anslag(mote, *ANSLAS[mote.id])
                store.save_meeting(mote)
        _write_registers(store)
    for leftover in [*target.rglob("*.bak"), target / ".lock", target / ".writer"]:
        leftover.unlink(missing_ok=True)


# Delegationsbeslut not yet on any meeting's list: (organ, date, delegat, point, Dnr, text,
# can be appealed). The rows a meeting's redovisning lists are taken from that meeting.
DELEGATIONSBESLUT = [
    (
        "norrvik-ks",
        date(2026, 10, 27),
        "HR-chef Ulrika Fors",
        "2.1",
        "",
        "Beslut om anställningar och tjänstledigheter under oktober.",
        False,
    ),
    (
        "norrvik-ks",
        date(2026, 11, 4),
        "Kommundirektör Lars Wennberg",
        "10.1 Upphandling och avtal",
        "Dnr 2026-00411",
        "Avtal om tolktjänster 2027–2028.",
        False,
    ),
    (
        "norrvik-ks",
        date(2026, 11, 12),
        "Kanslichef Maria Lund",
        "1.4",
        "Dnr 2026-00420",
        "Avslag på begäran om utlämnande av allmän handling.",
        True,
    ),
    (
        "sjobacka-ks",
        date(2026, 10, 20),
        "Kommunchef Johan Sjöberg",
        "3.1",
        "KS 2026/310",
        "Yttrande över remiss om regional transportplan.",
        False,
    ),
    (
        "sjobacka-ks",
        date(2026, 11, 24),
        "Ekonomichef Pia Nord",
        "6.2",
        "KS 2026/335",
        "Omplacering av likvida medel.",
        False,
    ),
    (
        "sjobacka-sbn",
        date(2026, 11, 12),
        "Bygglovshandläggare Emma Rask",
        "B 1.1",
        "SBN 2026/851",
        "Bygglov för garage, Ekbacken 3:2.",
        True,
    ),
]

# Fullmäktige's register: (kind, väckt, by, title, Dnr, anmäld at, remiss to, answered
# (day, svar, §) or None).
MOTIONER = [
    (
        MotionTyp.MOTION,
        date(2025, 6, 16),
        "Karin Ek (C)",
        "Cykelparkering vid resecentrum",
        "KS 2025/188",
        "norrvik-kf-2025-06-16",
        "Kommunstyrelsen",
        (date(2026, 4, 20), "bifall", "KF § 34"),
    ),
    (
        MotionTyp.MOTION,
        date(2025, 9, 22),
        "Olle Strand (V)",
        "Solceller på kommunens tak",
        "KS 2025/266",
        "norrvik-kf-2025-09-22",
        "Kommunstyrelsen",
        None,
    ),
    (
        MotionTyp.MOTION,
        date(2025, 12, 8),
        "Karin Ek (C)",
        "Laddstolpar vid kommunens anläggningar",
        "Dnr 2025-00471 103",
        "norrvik-kf-2025-12-08",
        "Kommunstyrelsen",
        None,
    ),
    (
        MotionTyp.MEDBORGARFORSLAG,
        date(2026, 3, 10),
        "Elin Sandberg",
        "Hundrastgård i Västerbyn",
        "KS 2026/071",
        "norrvik-kf-2026-03-23",
        "Samhällsbyggnadsnämnden",
        None,
    ),
    (
        MotionTyp.MOTION,
        date(2026, 9, 21),
        "Ahmed Nilsson (L)",
        "En fritidsbank i Norrvik",
        "KS 2026/298",
        "norrvik-kf-2026-09-21",
        "Kommunstyrelsen",
        None,
    ),
    (
        MotionTyp.MOTION,
        date(2026, 10, 26),
        "Per Holm (M)",
        "Trygghetsvandringar i centrum",
        "KS 2026/344",
        "",
        "",
        None,
    ),
    (
        MotionTyp.INTERPELLATION,
        date(2026, 11, 16),
        "Lena Viklund (KD)",
        "Väntetider i hemtjänsten",
        "",
        "",
        "",
        None,
    ),
]


def _write_registers(store: Store) -> None:
    """The registers beside the meetings: delegationsbeslut (those on a meeting's list
    planned for it, reported once it is justerat) and fullmäktige's motioner."""
    from kallelse_tui.store import registers

    beslut: list[Delegationsbeslut] = []
    for row in store.meetings():
        mote = store.meeting(row.id)
        for arende in mote.arenden:
            for post in arende.poster if arende.typ is ArendeTyp.DELEGATIONSBESLUT else []:
                assert post.datum is not None
                beslut.append(
                    Delegationsbeslut(
                        delegationsbeslut.nytt_id(post.datum, [b.id for b in beslut]),
                        mote.organ_id,
                        post.datum,
                        post.avsandare,
                        post.text,
                        post.delegationspunkt,
                        post.dnr,
                        anmals_i=mote.id,
                    )
                )
    for organ_id, dag, delegat, punkt, dnr, text, overklagbart in DELEGATIONSBESLUT:
        id_ = delegationsbeslut.nytt_id(dag, [b.id for b in beslut])
        beslut.append(
            Delegationsbeslut(id_, organ_id, dag, delegat, text, punkt, dnr, overklagbart)
        )
    registers.save_delegationsbeslut(store, beslut)
    registers.markera_anmalda(store)
    rader: list[Motion] = []
    for typ, vackt, av, titel, dnr, anmald_i, remiss, svar in MOTIONER:
        motion = Motion(
            motioner.nytt_id(typ, vackt, [m.id for m in rader]),
            "norrvik-kf",
            typ,
            vackt,
            av,
            titel,
            dnr,
            anmald_i,
            remiss,
            vackt if remiss else None,
        )
        rader.append(motioner.besvara(motion, *svar) if svar else motion)
    registers.save_motioner(store, rader)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
