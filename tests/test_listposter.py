"""Pasted meddelanden and delegationsbeslut lines → ListPost, never guessed."""

from datetime import date

from kallelse_tui.domain.listposter import format_listposter, parse_listposter


def test_tab_semicolon_and_wide_space_columns():
    text = (
        "1\tDnr 2026-00412 214\t2026-10-02\tBeslut om bygglov, Hamnen 4:12\t"
        "Anna Ek, bygglovshandläggare\t3.2\n"
        "KS 2020/434; 3 november 2026; Protokoll från Räddningstjänsten; Räddningsförbundet\n"
        "SBN/2026:88    12/10 2026    Yttrande över översiktsplan    Länsstyrelsen\n"
    )
    posts, problems = parse_listposter(text)
    assert problems == []
    assert [p.nummer for p in posts] == [1, 2, 3]
    first = posts[0]
    assert first.dnr == "Dnr 2026-00412 214"
    assert first.datum == date(2026, 10, 2)
    assert first.text == "Beslut om bygglov, Hamnen 4:12"
    assert first.avsandare == "Anna Ek, bygglovshandläggare"
    assert first.delegationspunkt == "3.2"
    assert posts[1].dnr == "KS 2020/434"
    assert posts[1].datum == date(2026, 11, 3)
    assert posts[1].avsandare == "Räddningsförbundet"
    assert posts[2].dnr == "SBN/2026:88"
    assert posts[2].datum == date(2026, 10, 12)


def test_single_spaces_are_read_from_the_left():
    posts, problems = parse_listposter("4. Dnr 2023-00497 2026-11-03 Cirkulär om löner")
    assert problems == []
    assert posts[0].nummer == 4
    assert posts[0].dnr == "Dnr 2023-00497"
    assert posts[0].datum == date(2026, 11, 3)
    assert posts[0].text == "Cirkulär om löner"


def test_numbering_continues_and_own_numbers_win():
    posts, _ = parse_listposter("2026-00001; Ett\n7; 2026-00002; Två\n2026-00003; Tre", 5)
    assert [p.nummer for p in posts] == [5, 7, 8]


def test_unreadable_lines_are_reported_not_invented():
    text = "KS 2020/434; 2026-13-45; Fel datum\nbara fortsättningstext\n\n2026-11-03\n"
    posts, problems = parse_listposter(text)
    assert posts == []
    assert [p.rad for p in problems] == [1, 2, 4]
    assert "kalendern" in problems[0].orsak
    assert "bara text" in problems[1].orsak
    assert "saknar text" in problems[2].orsak
    assert problems[0].mening().startswith("Rad 1 (”KS 2020/434; 2026-13-45; Fel datum”)")


def test_format_reads_back():
    text = "1; KS 2020/434; 2026-11-03; Protokoll; Förbundet; 2.1\n2; 2026-11-04; Cirkulär"
    posts, _ = parse_listposter(text)
    again, problems = parse_listposter(format_listposter(posts))
    assert problems == [] and again == posts
