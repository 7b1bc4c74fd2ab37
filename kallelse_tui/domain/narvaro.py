"""Who serves at each §: the närvaro list, its changes during the meeting, and jäv.

A närvaro post covers a span of paragrafer: `fran_paragraf` ("tjänstgör från § 14") and
`till_paragraf` ("lämnar sammanträdet efter § 12"), both inclusive, open when None. A
ledamot has one span, so one who has left cannot come back in; jäv is not leaving: the
jävig member steps out of that one § and is back at the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kallelse_tui.domain.model import NarvaroPost, NarvaroTyp, Organ, Paragraf, Sammantrade

TJANSTGORANDE_TYPER = frozenset({NarvaroTyp.TJANSTGOR, NarvaroTyp.ERSATTARE_TJANSTGOR})


@dataclass(frozen=True)
class Tjanstgoring:
    """One member serving at one §; `ersatter` is the ledamot an ersättare serves for."""

    ledamot_id: str
    ersatter: str = ""


@dataclass(frozen=True)
class Beslutforhet:
    tjanstgorande: int
    ledamoter: int  # the organ's ordinary seats on the meeting day

    @property
    def kravs(self) -> int:
        """More than half of the ledamöter."""
        return self.ledamoter // 2 + 1

    @property
    def beslutfor(self) -> bool:
        return self.tjanstgorande >= self.kravs

    def text(self) -> str:
        ord_ = "beslutför" if self.beslutfor else "INTE beslutför"
        return f"{self.tjanstgorande} av {self.ledamoter} tjänstgör (krävs {self.kravs}): {ord_}"


def inom(post: NarvaroPost, nummer: int | None) -> bool:
    """Is the post's span open at § `nummer`? None asks about the meeting's opening."""
    if nummer is None:
        return post.fran_paragraf is None
    return (post.fran_paragraf is None or post.fran_paragraf <= nummer) and (
        post.till_paragraf is None or nummer <= post.till_paragraf
    )


def jav_vid(mote: Sammantrade, nummer: int | None) -> list[tuple[str, str]]:
    """(jävig, ersatt av) at § `nummer`."""
    paragraf = _paragraf(mote, nummer)
    return [(j.ledamot_id, j.ersatt_av) for j in paragraf.jav] if paragraf else []


def tjanstgorande(mote: Sammantrade, nummer: int | None = None) -> list[Tjanstgoring]:
    """Who serves at § `nummer` (None: at the opening), in närvaro order, jäv applied."""
    serving = [
        Tjanstgoring(p.ledamot_id, p.ersatter)
        for p in mote.narvaro
        if p.typ in TJANSTGORANDE_TYPER and inom(p, nummer)
    ]
    for javig, ersattare in jav_vid(mote, nummer):
        stepping_out = next((t for t in serving if t.ledamot_id == javig), None)
        if stepping_out is None:
            continue
        serving.remove(stepping_out)
        if ersattare and all(t.ledamot_id != ersattare for t in serving):
            serving.append(Tjanstgoring(ersattare, stepping_out.ersatter or javig))
    return serving


def tjanstgorande_ids(mote: Sammantrade, nummer: int | None = None) -> set[str]:
    return {t.ledamot_id for t in tjanstgorande(mote, nummer)}


def beslutforhet(mote: Sammantrade, organ: Organ, nummer: int | None = None) -> Beslutforhet:
    return Beslutforhet(len(tjanstgorande(mote, nummer)), len(organ.ordinarie(mote.datum)))


def narvarande_ids(mote: Sammantrade) -> set[str]:
    """Everyone of the organ who was there at some point (serving or not)."""
    return {p.ledamot_id for p in mote.narvaro if p.typ is not NarvaroTyp.FRANVARANDE}


def namngivna_ledamoter(mote: Sammantrade, med_justerare: bool = True) -> set[str]:
    """Every member the meeting names: in the närvaro, the yrkanden, votes, reservations,
    jäv and (unless asked not to) its justerare. Such a member's history must stay readable,
    so the register keeps them."""
    ids: set[str] = set(mote.justering.justerare if mote.justering and med_justerare else ())
    for post in mote.narvaro:
        ids |= {post.ledamot_id, post.ersatter}
    for p in mote.paragrafer:
        for yrkande in p.yrkanden:
            ids |= {yrkande.ledamot_id, *yrkande.instammande}
        if p.omrostning is not None:
            ids |= set(p.omrostning.roster)
        for anteckning in p.anteckningar:
            ids |= set(anteckning.ledamot_ids)
        for jav in p.jav:
            ids |= {jav.ledamot_id, jav.ersatt_av}
        if p.omedelbar is not None:
            ids |= set(p.omedelbar.justerare)
    return ids - {""}


def forsta_narvaro(organ: Organ, mote: Sammantrade) -> list[NarvaroPost]:
    """The starting point of an upprop: every ledamot serves, every ersättare is present."""
    return [
        NarvaroPost(
            m.id,
            NarvaroTyp.TJANSTGOR if m.roll.ar_ledamot else NarvaroTyp.NARVARANDE_ERSATTARE,
        )
        for m in organ.ledamoter
        if m.har_mandat(mote.datum)
    ]


def kontrollera_narvaro(mote: Sammantrade, organ: Organ) -> list[str]:
    """Swedish sentences for a närvaro list that cannot be right."""
    known = {m.id: m for m in organ.ledamoter}
    problems: list[str] = []

    def namn(ledamot_id: str) -> str:
        m = known.get(ledamot_id)
        return m.visningsnamn if m else f"okänd ledamot ”{ledamot_id}”"

    by_member: dict[str, list[NarvaroPost]] = {}
    for post in mote.narvaro:
        if post.ledamot_id not in known:
            problems.append(
                f"Närvarolistan nämner {namn(post.ledamot_id)}, som inte hör till {organ.namn}."
            )
            continue
        by_member.setdefault(post.ledamot_id, []).append(post)
        if (
            post.fran_paragraf is not None
            and post.till_paragraf is not None
            and post.till_paragraf < post.fran_paragraf
        ):
            problems.append(
                f"{namn(post.ledamot_id)} lämnar efter § {post.till_paragraf} men tjänstgör "
                f"först från § {post.fran_paragraf}."
            )
        if post.typ is NarvaroTyp.ERSATTARE_TJANSTGOR:
            if not post.ersatter:
                problems.append(
                    f"{namn(post.ledamot_id)} tjänstgör som ersättare men det står inte för vem."
                )
            elif post.ersatter not in known:
                problems.append(f"{namn(post.ledamot_id)} tjänstgör för {namn(post.ersatter)}.")
    for ledamot_id, posts in by_member.items():
        if len(posts) > 1:
            problems.append(
                f"{namn(ledamot_id)} står {len(posts)} gånger i närvarolistan; en ledamot som "
                "lämnat sammanträdet kommer inte tillbaka (utom efter jäv)."
            )
    problems += _dubbel_ersattning(mote, namn)
    return problems


def _dubbel_ersattning(mote: Sammantrade, namn: Callable[[str], str]) -> list[str]:
    """An ordinary member and an ersättare serving for them at the same § cannot both be."""
    problems: list[str] = []
    for nummer in _nummer(mote):
        serving = tjanstgorande(mote, nummer)
        ids = {t.ledamot_id for t in serving}
        for t in serving:
            if t.ersatter and t.ersatter in ids:
                where = f"§ {nummer}" if nummer is not None else "sammanträdets början"
                problems.append(
                    f"Vid {where} tjänstgör både {namn(t.ersatter)} och "
                    f"{namn(t.ledamot_id)}, som ersätter hen."
                )
    return list(dict.fromkeys(problems))


def _nummer(mote: Sammantrade) -> Iterable[int | None]:
    numbers = [p.nummer for p in mote.paragrafer]
    return numbers or [None]


def _paragraf(mote: Sammantrade, nummer: int | None) -> Paragraf | None:
    if nummer is None:
        return None
    return next((p for p in mote.paragrafer if p.nummer == nummer), None)


def tjanstgorande_utan_jav(mote: Sammantrade, nummer: int | None) -> list[str]:
    """Who serves at § `nummer` by the närvaro list alone, before that §'s jäv."""
    return [p.ledamot_id for p in mote.narvaro if p.typ in TJANSTGORANDE_TYPER and inom(p, nummer)]


def lediga_ersattare(mote: Sammantrade, organ: Organ, nummer: int | None) -> list[str]:
    """Ersättare present at § `nummer` who do not serve there: those who can step in."""
    serving = tjanstgorande_ids(mote, nummer)
    ersattare = {m.id for m in organ.ledamoter if not m.roll.ar_ledamot}
    return [
        p.ledamot_id
        for p in mote.narvaro
        if p.ledamot_id in ersattare
        and p.typ is not NarvaroTyp.FRANVARANDE
        and inom(p, nummer)
        and p.ledamot_id not in serving
    ]
