"""The kallelse importer: real pasted kallelser, other layouts, problems, and fuzzing."""

import re
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kallelse_tui.domain.importer import (
    ImportRad,
    KallelseImport,
    parse_kallelse_text,
)
from kallelse_tui.domain.model import Undertecknare
from tests.seeds import KALIX_KALLELSE, seed_file

KALIX_ARENDEN = [
    (1, "Upprop", ""),
    (2, "Val av justerare", ""),
    (3, "Godkännande av ärendelista", ""),
    (4, "Meddelanden ks 23-12-11", "Dnr 2023-00497"),
    (5, "Redovisning av delegerade ärenden", ""),
    (
        6,
        "Val (M) - ledamot i kommunstyrelsens arbets- och personalutskott t o m 2026-12-31",
        "Dnr 2023-00463 102",
    ),
    (7, "Hållbar besöksnäring och centrumutveckling", "Dnr 2021-00079 14"),
    (8, "Aktiviteter för förbättrat näringslivsklimat", "Dnr 2018-00278 101"),
    (9, "Månadsrapport 2023 - kommunstyrelsen", "Dnr 2023-00059 04"),
    (10, "Månadsrapport 2023 - kommunen", "Dnr 2023-00060 04"),
    (11, "Fördelning av kommunstyrelsens internbudget 2024", "Dnr 2023-00513 04"),
    (12, "Fördelning av kommunstyrelsens investeringsbudget 2024", "Dnr 2023-00514 04"),
    (
        13,
        "Budgetdirektiv och tidplan till nämnderna inför budgetprocess 2025 "
        "(samt ekonomisk plan 2026-2027)",
        "Dnr 2023-00466 04",
    ),
    (14, "Implementera nytt arbetssätt med E-handel i kommunens verksamheter", "Dnr 2023-00495 04"),
    (15, "Avsiktsförklaring - Jämställd industri", "Dnr 2023-00321 00"),
    (
        16,
        "Ansökan om kommunal medfinansiering - Trygghetsboende Månstrimman",
        "Dnr 2023-00453 00",
    ),
    (
        17,
        "Ansökan om kommunal medfinansiering - Trygghetsboende kvarteret Duvan",
        "Dnr 2023-00416 101",
    ),
    (18, "Riktlinjer för ekonomistyrning", "Dnr 2023-00323 04"),
    (19, "Motionssvar - Skyddsrum i Kalix kommun", "Dnr 2023-00439 103"),
]


def kalix_text() -> str:
    return seed_file(KALIX_KALLELSE).read_text(encoding="utf-8")


def rader(resultat: KallelseImport) -> list[tuple[int, str, str]]:
    return [(a.nummer, a.rubrik, a.dnr) for a in resultat.arenden]


def assert_kalix(resultat: KallelseImport) -> None:
    assert rader(resultat) == KALIX_ARENDEN
    assert resultat.organ == "Kommunstyrelsen"
    assert resultat.datum == date(2023, 12, 11)
    assert resultat.tid == time(9, 0)
    assert resultat.plats == "Förvaltningsbyggnaden, Sessionssalen"
    assert resultat.undertecknare == [Undertecknare("Helena Landström", "Nämndsekreterare")]


def test_kalix_kallelse_as_printed():
    text = "\n".join(kalix_text().split("\n")[:53])
    resultat = parse_kallelse_text(text)
    assert_kalix(resultat)
    assert resultat.problem == []
    # The line numbers point at the item lines of the source.
    lines = text.split("\n")
    for arende in resultat.arenden:
        assert lines[arende.rad - 1].startswith(f"{arende.nummer}. ")
    assert resultat.arenden[16].rad == 44  # item 17 starts on the line before "Duvan"


def test_kalix_whole_file_stops_at_the_signature():
    resultat = parse_kallelse_text(kalix_text())
    assert_kalix(resultat)
    assert resultat.problem == []


def test_kalix_without_signature_stops_where_the_handlingar_begin():
    lines = kalix_text().split("\n")
    utan_underskrift = "\n".join(lines[:51] + lines[53:])
    resultat = parse_kallelse_text(utan_underskrift)
    assert rader(resultat) == KALIX_ARENDEN
    assert resultat.undertecknare == []


def test_kalix_with_windows_line_breaks_and_form_feeds():
    lines = kalix_text().split("\n")[:53]
    lines[36] = "\f" + lines[36]  # a PDF page break before "Ärende" on page two
    resultat = parse_kallelse_text("\r\n".join(lines))
    assert rader(resultat) == KALIX_ARENDEN
    assert resultat.problem == []


PIPE_TABELL = """\
# Miljö- och byggnadsnämnden

**Kallelse till sammanträde**

Tid: 2024-10-07 kl 13.00
Plats: Stadshuset, KS-salen

| Nr | Ärende | Dnr |
|---:|--------|-----|
| 1 | Sammanträdets öppnande | |
| 2 | Val av justerare | |
| 3 | Avfallsplan 2027–2032 | KS 2020/434 |
| 4 | Detaljplan för del av Sjöängen, | SBN 2020/877 |
|   | samrådshandling | |
| 5 | Tillsynsplan för livsmedelskontrollen ....... 14 | MBN 2023/112-00 |

Sida 1 av 2

| Nr | Ärende | Dnr |
|----|--------|-----|
| 6 | Redovisning av delegationsbeslut | – |
| 7 | Yttrande över vägplan för **väg 13** | KS/2020:226 |

Med vänlig hälsning

Karin Ek
Nämndsekreterare
"""


def test_markdown_pipe_table():
    resultat = parse_kallelse_text(PIPE_TABELL)
    assert rader(resultat) == [
        (1, "Sammanträdets öppnande", ""),
        (2, "Val av justerare", ""),
        (3, "Avfallsplan 2027–2032", "KS 2020/434"),
        (4, "Detaljplan för del av Sjöängen, samrådshandling", "SBN 2020/877"),
        (5, "Tillsynsplan för livsmedelskontrollen", "MBN 2023/112-00"),
        (6, "Redovisning av delegationsbeslut", ""),
        (7, "Yttrande över vägplan för väg 13", "KS/2020:226"),
    ]
    assert resultat.organ == "Miljö- och byggnadsnämnden"
    assert (resultat.datum, resultat.tid) == (date(2024, 10, 7), time(13, 0))
    assert resultat.plats == "Stadshuset, KS-salen"
    assert resultat.undertecknare == [Undertecknare("Karin Ek", "Nämndsekreterare")]
    assert resultat.problem == []


TABBAR = (
    "Barn- och utbildningsnämnden\n"
    "Datum och tid: onsdagen den 13 mars 2024, kl. 08.30\n"
    "Lokal: Tallbackaskolan, aulan\n"
    "\n"
    "§\tÄrende\tDnr\tFöredragande\n"
    "§ 1\tUpprop och val av justerare\n"
    "§ 2\tSkolskjutsreglemente 2024\tBUN 2023/301\tPer Lind\n"
    "§ 3\tRevidering av läsårstider\tBUN 2024/12\tSara Nyström\n"
    "\f§\tÄrende\tDnr\tFöredragande\n"
    "§ 4\tKvalitetsrapport för förskolan\tBUN 2024/40\tSara Nyström\n"
    "§ 5\tInformation från förvaltningschefen\t\t\n"
    "\n"
    "Sara Nyström\tPer Lind\n"
    "Nämndsekreterare\tFörvaltningschef\n"
)


def test_tab_separated_columns_with_paragraph_numbers():
    resultat = parse_kallelse_text(TABBAR)
    assert rader(resultat) == [
        (1, "Upprop och val av justerare", ""),
        (2, "Skolskjutsreglemente 2024", "BUN 2023/301"),
        (3, "Revidering av läsårstider", "BUN 2024/12"),
        (4, "Kvalitetsrapport för förskolan", "BUN 2024/40"),
        (5, "Information från förvaltningschefen", ""),
    ]
    assert resultat.organ == "Barn- och utbildningsnämnden"
    assert (resultat.datum, resultat.tid) == (date(2024, 3, 13), time(8, 30))
    assert resultat.plats == "Tallbackaskolan, aulan"
    assert resultat.undertecknare == [
        Undertecknare("Sara Nyström", "Nämndsekreterare"),
        Undertecknare("Per Lind", "Förvaltningschef"),
    ]
    assert resultat.problem == []


DNR_I_SLUTET = """\
NORRVIKENS KOMMUN
KALLELSE

Ledamöter och ersättare i kommunstyrelsens arbetsutskott kallas till sammanträde
tisdagen den 16 april 2024 kl 9.00 i Kommunhuset, sal Forsen.

Ärenden
1) Val av justerare
2) Information om budgetläget  Dnr 2024-00031 04
3) Detaljplan Norra Strandvägen  SBN 2020/877
4) Markanvisningsavtal för bostäder vid
   Hamnplan och Kajgatan KS 2019/507-00
5) Motion om fler laddstolpar vid
kommunens förskolor
Dnr 2021-000001

Sida 1 (2)
Kommunstyrelsens arbetsutskott 2024-04-16

6) Avsägelse av uppdrag som ersättare (dnr 2024/88)
7) Verksamhetsplan för fritidsgårdarna 2024-25
8) Samverkansavtal 2024/2025 med grannkommunerna 2020/434

Norrviken den 5 april 2024

Lena Holm, ordförande
Jonas Berg, kommunsekreterare
"""


def test_dnr_at_line_end_wrapped_titles_and_a_page_break():
    resultat = parse_kallelse_text(DNR_I_SLUTET)
    assert rader(resultat) == [
        (1, "Val av justerare", ""),
        (2, "Information om budgetläget", "Dnr 2024-00031 04"),
        (3, "Detaljplan Norra Strandvägen", "SBN 2020/877"),
        (4, "Markanvisningsavtal för bostäder vid Hamnplan och Kajgatan", "KS 2019/507-00"),
        (5, "Motion om fler laddstolpar vid kommunens förskolor", "Dnr 2021-000001"),
        (6, "Avsägelse av uppdrag som ersättare", "dnr 2024/88"),
        # A season ("2024-25") or a year span is part of the title, not a Dnr.
        (7, "Verksamhetsplan för fritidsgårdarna 2024-25", ""),
        (8, "Samverkansavtal 2024/2025 med grannkommunerna", "2020/434"),
    ]
    assert resultat.organ == "Kommunstyrelsens arbetsutskott"
    assert (resultat.datum, resultat.tid) == (date(2024, 4, 16), time(9, 0))
    assert resultat.plats == "Kommunhuset, sal Forsen"
    assert resultat.undertecknare == [
        Undertecknare("Lena Holm", "ordförande"),
        Undertecknare("Jonas Berg", "kommunsekreterare"),
    ]
    assert resultat.problem == []


def test_pdf_table_with_each_cell_on_its_own_line():
    text = (
        "Kultur- och fritidsnämnden kallas till sammanträde den 12 mars 2025 kl 18:00 "
        "i Biblioteket, Hörsalen för att behandla följande ärenden:\n"
        "Nr\nÄrende\nDnr\n"
        "1\nMötets öppnande\n"
        "2\nBidrag till studieförbund 2025\nKFN 2025/17\n"
        "3.\nFöreningsstöd, nya regler\nKFN 2024/230\n"
    )
    resultat = parse_kallelse_text(text)
    assert rader(resultat) == [
        (1, "Mötets öppnande", ""),
        (2, "Bidrag till studieförbund 2025", "KFN 2025/17"),
        (3, "Föreningsstöd, nya regler", "KFN 2024/230"),
    ]
    assert [a.rad for a in resultat.arenden] == [5, 7, 10]
    assert resultat.organ == "Kultur- och fritidsnämnden"
    assert resultat.plats == "Biblioteket, Hörsalen"
    assert resultat.problem == []


PROBLEM = """\
Socialnämnden kallas härmed till sammanträde fredagen den 30 februari 2024 kl 25.00 i Gula \
salen för att behandla följande ärenden:

1. Upprop
2. Val av justerare
Dnr 2024/

Information från socialchefen
4. Individärenden
3. Redovisning av synpunkter och klagomål
5. Riktlinjer för ekonomiskt bistånd  Dnr 2024-0x12
Dnr 2024-00077
KS 2023/15
7. Uppföljning av intern kontroll
"""


def test_problems_are_reported_line_by_line():
    resultat = parse_kallelse_text(PROBLEM)
    assert rader(resultat) == [
        (1, "Upprop", ""),
        (2, "Val av justerare", ""),
        (4, "Individärenden", ""),
        (5, "Riktlinjer för ekonomiskt bistånd", "Dnr 2024-00077"),
        (7, "Uppföljning av intern kontroll", ""),
    ]
    assert resultat.datum is None and resultat.tid is None
    assert resultat.plats == "Gula salen"
    problem = [(p.rad, p.orsak) for p in resultat.problem]
    lines = PROBLEM.split("\n")
    for p in resultat.problem:
        assert p.text == lines[p.rad - 1]
    rader_med_problem = [rad for rad, _ in problem]
    assert rader_med_problem == [1, 1, 5, 7, 8, 9, 10, 12, 13]
    orsaker = dict(problem[2:])
    assert "inte ett diarienummer" in orsaker[5]
    assert "inget ärendenummer" in orsaker[7]
    assert "nummer 3 saknas" in orsaker[8]
    assert "följer inte nummerordningen" in orsaker[9]
    assert "2024-0x12" in orsaker[10]
    assert "redan diarienumret Dnr 2024-00077" in orsaker[12]
    assert "nummer 6 saknas" in orsaker[13]
    assert "giltigt datum" in problem[0][1] or "giltigt datum" in problem[1][1]
    assert any("klockslag" in orsak for rad, orsak in problem if rad == 1)


def test_weekday_that_does_not_match_the_date_is_reported():
    resultat = parse_kallelse_text(
        "Valnämnden kallas till sammanträde måndagen den 13 mars 2024 kl 10.00 i Rådhuset.\n"
        "1. Upprop\n"
    )
    assert resultat.datum == date(2024, 3, 13)
    assert resultat.organ == "Valnämnden"
    [problem] = resultat.problem
    assert problem.rad == 1 and "onsdag" in problem.orsak


def test_unreadable_time_and_place_labels():
    resultat = parse_kallelse_text("Tid: efter lunch\nPlats:\nÄrende\n1. Upprop\n")
    assert [p.rad for p in resultat.problem] == [1, 2]
    assert rader(resultat) == [(1, "Upprop", "")]


@pytest.mark.parametrize("text", ["", "\n\n\n", "\f", "\x00\x01\x02", "||||", "1.", "§"])
def test_nothing_to_read(text):
    resultat = parse_kallelse_text(text)
    assert resultat.arenden == []
    assert resultat.organ == ""


def test_huge_input_is_read_completely():
    agenda = "".join(f"{n}. Ärende nummer {n}\nDnr 2024-{n:05d}\n" for n in range(1, 1000))
    brus = "Text som inte hör till listan\n" * 20_000
    resultat = parse_kallelse_text("Krisledningsnämnden\n\nÄrende\n" + agenda + brus + "x" * 10**6)
    assert len(resultat.arenden) == 999
    assert resultat.arenden[-1].dnr == "Dnr 2024-00999"
    assert len(resultat.problem) == 20_001
    assert "för lång" in resultat.problem[-1].orsak


def kontrollera(text: str, resultat: KallelseImport) -> None:
    """Invariants that hold for any input."""
    lines = re.split(r"\r\n|\r|\n", text)
    nummer = [a.nummer for a in resultat.arenden]
    assert nummer == sorted(set(nummer))
    for arende in resultat.arenden:
        assert isinstance(arende, ImportRad)
        assert 1 <= arende.rad <= len(lines)
        assert str(arende.nummer) in lines[arende.rad - 1]
        assert arende.rubrik.strip()
    for problem in resultat.problem:
        assert 1 <= problem.rad <= len(lines)
        assert problem.text == lines[problem.rad - 1]
        assert problem.orsak.endswith(".")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fuzz_any_text_never_raises(text):
    kontrollera(text, parse_kallelse_text(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs"))))
def test_fuzz_text_without_digits_gives_no_items(text):
    assert parse_kallelse_text(text).arenden == []


RADBITAR = [
    "",
    "Kommunstyrelsen",
    "kallas härmed till sammanträde måndagen den 11 december 2023 kl 09:00",
    "Tid: 2024-02-05 kl 13.00",
    "Plats: Stadshuset",
    "Ärende",
    "| Nr | Ärende | Dnr |",
    "|---|---|---|",
    "| 3 | Avfallsplan | KS 2020/434 |",
    "|   | fortsättning |   |",
    "3\tAvfallsplan\tKS 2020/434",
    "§ 4 Budget",
    "5) Detaljplan  SBN 2020/877",
    "6. Titel Dnr 2021-00079 14",
    "Dnr 2023-00497",
    "Dnr 20x",
    "2026-2027",
    "7",
    "Sida 2 av 3",
    "\f",
    "Helena Landström",
    "Nämndsekreterare",
    "Med vänlig hälsning",
    "§",
    "**",
    "1. ",
    "999. Sist",
    "0. Noll",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(RADBITAR), st.text(max_size=20)), max_size=40),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_fuzz_kallelse_like_lines(bitar, radbrytning):
    text = radbrytning.join(bitar)
    kontrollera(text, parse_kallelse_text(text))


def test_heading_before_the_header_and_a_table_without_outer_pipes():
    text = (
        "FÖREDRAGNINGSLISTA\n"
        "NORRVIKENS KOMMUN\n"
        "Gymnasienämnden\n"
        "\n"
        "kallas till sammanträde torsdagen den 14 mars 2024 klockan 15 i Kunskapens hus, rum 12.\n"
        "\n"
        "Ärende | Dnr\n"
        "--- | ---\n"
        "1. Upprop |\n"
        "2. Programutbud läsåret 2025/26 | GN 2024/19\n"
    )
    resultat = parse_kallelse_text(text)
    assert rader(resultat) == [
        (1, "Upprop", ""),
        (2, "Programutbud läsåret 2025/26", "GN 2024/19"),
    ]
    assert resultat.organ == "Gymnasienämnden"
    assert (resultat.datum, resultat.tid) == (date(2024, 3, 14), time(15, 0))
    assert resultat.plats == "Kunskapens hus, rum 12"
    assert resultat.problem == []


def test_name_and_title_inside_the_list_are_not_the_signature():
    text = (
        "Tekniska nämnden\n"
        "Tid: 2025-03-12 kl 14.00\n"
        "\n"
        "1. Upprop\n"
        "2. Avfallstaxa 2026\n"
        "Dnr 2025-00012\n"
        "Eva Strand\n"
        "Miljöstrateg\n"
        "3. Vinterväghållning\n"
        "Ärende 4: Övriga frågor\n"
        "\n"
        "Eva Strand\n"
        "Nämndsekreterare\n"
    )
    resultat = parse_kallelse_text(text)
    assert [a.nummer for a in resultat.arenden] == [1, 2, 3, 4]
    assert resultat.arenden[3].rubrik == "Övriga frågor"
    assert resultat.undertecknare == [Undertecknare("Eva Strand", "Nämndsekreterare")]
    assert [p.rad for p in resultat.problem] == [7, 8]
