"""Open data: the public record as OParl 1.1 JSON, a folder of static files a web server
can publish as it stands (next to the anslagstavla).

Every meeting passes through `publik_version` first, as every public output does: a
sekretess-marked ärende shows its neutral title and no texts, personnummer are masked.
Meetings in utkast are not public and left out; a meeting that is kallad shows its
ärendelista; a justerat protokoll adds who took part, the beslut, and the named votes.

Layout under the folder (each id is `bas` + the file's path, so the ids resolve once the
folder is served at `bas`):

    system.json                       oparl:System
    bodies.json                       the list of oparl:Body, one per kommun
    <kommun>/body.json                oparl:Body
    <kommun>/organizations.json …     object lists: organizations, persons, memberships,
                                      meetings, papers, files (each object also in
                                      <kommun>/<kind>/<id>.json)
    <kommun>/filer/<id>.md            the public kallelse and protokoll, as Markdown

OParl has no named votes; they go in the extension property `kallelse:omrostning` of an
AgendaItem (OParl lets clients ignore properties they do not know). Output is
deterministic: the same store gives the same bytes (sorted, no clock time).

Fullmäktige's register of motioner, medborgarförslag, interpellationer and frågor becomes
Papers too (one per Dnr, shared with the ärenden that handled it under that Dnr), with a
Consultation for the meeting that anmälde it and the one whose § handled it. Who väckte it is
published only as the Person of a member of the kommun's organs: a politician acts in
office, but the private person behind a medborgarförslag (or a name the register does not
know) is personal data a machine-readable list does not need, so it stays out.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from kallelse_tui.domain.dnr import dnr_nyckel
from kallelse_tui.domain.errors import DomainError, os_orsak
from kallelse_tui.domain.model import (
    Arende,
    NarvaroTyp,
    Omrostning,
    Organ,
    Paragraf,
    Sammantrade,
)
from kallelse_tui.domain.motioner import ANMALAN_RUBRIK, Motion, MotionTyp
from kallelse_tui.domain.publicering import publik_rubrik, publik_text, publik_version
from kallelse_tui.domain.status import Status
from kallelse_tui.store.paths import swap_in_folder

if TYPE_CHECKING:
    from kallelse_tui.store.api import StoreApi

OPARL = "https://schema.oparl.org/1.1/"
EXT = "kallelse:"  # the prefix of our extension properties
_ZON = ZoneInfo("Europe/Stockholm")
PUBLIKA = frozenset(Status) - {Status.UTKAST}
JUSTERADE = frozenset({Status.JUSTERAT, Status.ANSLAGET})

Json = dict[str, Any]


def slug(text: str) -> str:
    """'Norrviks kommun' → 'norrviks-kommun': ASCII, for paths and ids."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "okand"


def _tid(dag: date, klockslag: time | None) -> str | None:
    if klockslag is None:
        return None
    return datetime.combine(dag, klockslag, _ZON).isoformat()


def _rensa(obj: Json) -> Json:
    """Leave out properties with no value (OParl: absent rather than null or empty)."""
    return {k: v for k, v in obj.items() if v not in (None, "", [])}


class Publicering:
    """The objects of one export, by the path each is written to."""

    def __init__(self, bas: str) -> None:
        self.bas = bas.rstrip("/")
        self.listor: dict[str, list[Json]] = {}  # list path → objects
        self.filer: dict[str, bytes] = {}  # path → bytes (documents)

    def url(self, path: str) -> str:
        return f"{self.bas}/{path}"

    def objekt(self, typ: str, path: str, **falt: Any) -> Json:
        return _rensa({"id": self.url(path), "type": OPARL + typ, **falt})

    def lagg_till(self, lista: str, obj: Json) -> None:
        self.listor.setdefault(lista, []).append(obj)

    def objektlista(self, objekt: list[Json]) -> Json:
        n = len(objekt)
        return {
            "data": objekt,
            "pagination": {
                "totalElements": n,
                "elementsPerPage": n,
                "currentPage": 1,
                "totalPages": 1,
            },
            "links": {},
        }

    def dokument(self) -> dict[str, bytes]:
        """Every file of the export, path → bytes."""
        ut: dict[str, bytes] = dict(self.filer)
        for lista, objekt in self.listor.items():
            objekt = sorted(objekt, key=lambda o: o["id"])
            ut[lista] = _json(self.objektlista(objekt))
            for o in objekt:
                if o["id"].startswith(self.bas + "/") and "#" not in o["id"]:
                    ut[o["id"][len(self.bas) + 1 :]] = _json(o)
        return ut


def _json(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


class Kommun:
    """One kommun's Body with its organs, people and meetings."""

    def __init__(self, pub: Publicering, namn: str) -> None:
        self.pub = pub
        self.namn = namn
        self.k = slug(namn or "kommun")
        self.personer: dict[str, Json] = {}  # slug of the name → Person
        self.partier: dict[str, str] = {}  # party → organization url
        self.papers: dict[str, Json] = {}  # key → Paper
        self.moten: dict[str, tuple[Sammantrade, str]] = {}  # id → public version, url

    def p(self, *delar: str) -> str:
        return "/".join((self.k, *delar))

    def body(self) -> Json:
        pub = self.pub
        return pub.objekt(
            "Body",
            self.p("body.json"),
            system=pub.url("system.json"),
            name=self.namn or "Kommunen",
            organization=pub.url(self.p("organizations.json")),
            person=pub.url(self.p("persons.json")),
            meeting=pub.url(self.p("meetings.json")),
            paper=pub.url(self.p("papers.json")),
            membership=pub.url(self.p("memberships.json")),
            file=pub.url(self.p("files.json")),
            legislativeTerm=[],
            classification="kommun",
        ) | {"legislativeTerm": []}

    def organ_url(self, organ: Organ) -> str:
        return self.pub.url(self.p("organization", f"{organ.id}.json"))

    def person(self, namn: str) -> Json:
        """The Person named `namn`, made on first mention (a justerat protokoll may name
        someone as they were called then, whom the register now calls otherwise)."""
        delar = namn.split()
        return self.personer.setdefault(
            slug(namn),
            self.pub.objekt(
                "Person",
                self.p("person", f"{slug(namn)}.json"),
                body=self.pub.url(self.p("body.json")),
                name=namn,
                familyName=delar[-1] if delar else "",
                givenName=" ".join(delar[:-1]),
            )
            | {"membership": []},
        )

    def person_url(self, namn: str) -> str:
        return str(self.person(namn)["id"])

    def parti_url(self, parti: str) -> str:
        if parti not in self.partier:
            path = self.p("organization", f"parti-{slug(parti)}.json")
            self.partier[parti] = self.pub.url(path)
            self.pub.lagg_till(
                self.p("organizations.json"),
                self.pub.objekt(
                    "Organization",
                    path,
                    body=self.pub.url(self.p("body.json")),
                    name=parti,
                    shortName=parti,
                    organizationType="Partei",
                    classification="parti",
                ),
            )
        return self.partier[parti]

    def organ(self, organ: Organ, moten: list[str]) -> None:
        pub = self.pub
        medlemskap = []
        for m in organ.ledamoter:
            namn = publik_text(m.namn, [])
            path = self.p("membership", f"{organ.id}-{m.id}.json")
            membership = pub.objekt(
                "Membership",
                path,
                person=self.person_url(namn),
                organization=self.organ_url(organ),
                role=m.roll.value,
                votingRight=m.roll.ar_ledamot,
                startDate=m.fran.isoformat() if m.fran else None,
                endDate=m.till.isoformat() if m.till else None,
                onBehalfOf=self.parti_url(m.parti) if m.parti else None,
            )
            pub.lagg_till(self.p("memberships.json"), membership)
            medlemskap.append(membership["id"])
            self.person(namn)["membership"].append(membership)
        pub.lagg_till(
            self.p("organizations.json"),
            pub.objekt(
                "Organization",
                self.p("organization", f"{organ.id}.json"),
                body=pub.url(self.p("body.json")),
                name=organ.namn,
                shortName=organ.kortnamn,
                organizationType="Gremium",
                classification=organ.typ.value,
                membership=sorted(medlemskap),
                meeting=moten,
                memberCount=len(organ.ledamoter),
                votingMemberCount=sum(1 for m in organ.ledamoter if m.roll.ar_ledamot),
            ),
        )

    def mote(self, mote: Sammantrade, organ: Organ, texter: dict[str, bytes]) -> str:
        """Add the public version of `mote`; its url. `texter`: its public documents."""
        pub = self.pub
        pv = publik_version(mote, organ)
        m, o = pv.mote, pv.organ
        path = self.p("meeting", f"{m.id}.json")
        url = pub.url(path)
        justerat = m.status in JUSTERADE
        self.moten[m.id] = (m, url)
        filer = {namn: self.fil(m, namn, data, url) for namn, data in texter.items()}
        narvarande = sorted(
            {
                self.person_url(publik_text(o.ledamot(p.ledamot_id).namn, []))
                for p in m.narvaro
                if p.typ is not NarvaroTyp.FRANVARANDE and _har(o, p.ledamot_id)
            }
        )
        pub.lagg_till(
            self.p("meetings.json"),
            pub.objekt(
                "Meeting",
                path,
                name=f"{organ.namn} {m.datum.isoformat()}",
                meetingState=m.status.value,
                start=_tid(m.datum, m.tid),
                end=_tid(m.datum, m.sluttid),
                location=_rensa(
                    {
                        "id": f"{url}#plats",
                        "type": OPARL + "Location",
                        "description": m.plats,
                    }
                )
                if m.plats
                else None,
                organization=[self.organ_url(organ)],
                participant=narvarande if justerat else [],
                invitation=filer.get("kallelse"),
                resultsProtocol=filer.get("protokoll"),
                agendaItem=[
                    self.punkt(m, o, nr, a, url, justerat) for nr, a in enumerate(m.arenden, 1)
                ],
            ),
        )
        return url

    def fil(self, mote: Sammantrade, namn: str, data: bytes, meeting_url: str) -> Json:
        filnamn = f"{mote.id}-{namn}.md"
        path = self.p("filer", filnamn)
        self.pub.filer[path] = data
        fil = self.pub.objekt(
            "File",
            self.p("file", f"{mote.id}-{namn}.json"),
            name=f"{namn.capitalize()} {mote.datum.isoformat()}",
            fileName=filnamn,
            mimeType="text/markdown",
            date=mote.datum.isoformat(),
            size=len(data),
            sha512Checksum=hashlib.sha512(data).hexdigest(),
            accessUrl=self.pub.url(path),
            downloadUrl=self.pub.url(path),
            meeting=[meeting_url],
        )
        self.pub.lagg_till(self.p("files.json"), fil)
        return fil

    def punkt(
        self, mote: Sammantrade, organ: Organ, nr: int, arende: Arende, url: str, justerat: bool
    ) -> Json:
        paragraf = mote.paragraf_for(arende.id) if justerat else None
        punkt_id = f"{url}#punkt-{nr}"
        consultation = self.paper(mote, organ, arende, punkt_id, url)
        return self.pub.objekt(
            "AgendaItem",
            "",
            meeting=url,
            number=str(nr),
            order=nr,
            name=publik_rubrik(arende),
            public=not arende.sekretess,
            consultation=consultation,
            result=paragraf.utfall.value if paragraf and paragraf.utfall else None,
            resolutionText=paragraf.beslut if paragraf else None,
        ) | _rensa(
            {
                "id": punkt_id,
                EXT + "paragraf": paragraf.nummer if paragraf else None,
                EXT + "dnr": arende.dnr,
                EXT + "omrostning": self.omrostningar(paragraf, organ) if paragraf else [],
            }
        )

    def omrostningar(self, paragraf: Paragraf, organ: Organ) -> list[Json]:
        voteringar = [
            ("motförslagsvotering", paragraf.motforslagsvotering),
            ("huvudvotering", paragraf.omrostning),
        ]
        return [self.omrostning(slag, v, organ) for slag, v in voteringar if v is not None]

    def omrostning(self, slag: str, v: Omrostning, organ: Organ) -> Json:
        resultat = v.resultat()
        ordning = {m.id: i for i, m in enumerate(organ.ledamoter)}
        return _rensa(
            {
                "slag": slag,
                "ja": v.ja_forslag,
                "nej": v.nej_forslag,
                "resultat": {r.value: n for r, n in resultat.items()},
                "utslagsrost": v.utslagsrost.value if v.utslagsrost else None,
                "vinnare": v.vinnare,
                "roster": [
                    {
                        "person": self.person_url(publik_text(organ.ledamot(lid).namn, [])),
                        "namn": publik_text(organ.ledamot(lid).visningsnamn, []),
                        "rost": rost.value,
                    }
                    # In the register's order: a server store keeps no key order.
                    for lid, rost in sorted(v.roster.items(), key=lambda lr: ordning[lr[0]])
                    if lid in ordning
                ],
            }
        )

    def paper(
        self, mote: Sammantrade, organ: Organ, arende: Arende, punkt_id: str, url: str
    ) -> str | None:
        """The ärende as an oparl:Paper, one per Dnr (an ärende goes AU → KS → KF under
        one Dnr, each meeting a consultation of it); the consultation's url."""
        tolkat = arende.dnr_tolkat
        if tolkat is None and not arende.beslutsunderlag:
            return None
        nyckel = slug(tolkat.nyckel if tolkat else f"{mote.id}-{arende.id}")
        path = self.p("paper", f"{nyckel}.json")
        paper = self.papers.get(nyckel)
        if paper is None:
            paper = self.pub.objekt(
                "Paper",
                path,
                body=self.pub.url(self.p("body.json")),
                name=publik_rubrik(arende),
                reference=arende.dnr,
                date=mote.datum.isoformat(),
                paperType=arende.typ.value,
            ) | {"consultation": []}
            self.papers[nyckel] = paper
            self.pub.lagg_till(self.p("papers.json"), paper)
        return self.consultation(paper, f"{paper['id']}#{mote.id}", mote, organ, punkt_id, url)

    def consultation(
        self,
        paper: Json,
        consultation_id: str,
        mote: Sammantrade,
        organ: Organ,
        punkt_id: str,
        url: str,
        role: str | None = None,
    ) -> str:
        for c in paper["consultation"]:
            if c["id"] == consultation_id:  # the ärende of the same Dnr came first
                c.update(_rensa({"role": role}))
                return consultation_id
        paper["consultation"].append(
            self.pub.objekt(
                "Consultation",
                "",
                paper=paper["id"],
                agendaItem=punkt_id,
                meeting=url,
                organization=[self.organ_url(organ)],
                authoritative=mote.status in JUSTERADE,
                role=role,
            )
            | {"id": consultation_id}
        )
        return consultation_id

    def motion(self, motion: Motion, organ: Organ, ledamoter: set[str]) -> None:
        """A row of fullmäktige's register as an oparl:Paper (the one of its Dnr when an
        ärende already made it: the register knows when it was väckt and by whom)."""
        nyckel = slug(dnr_nyckel(motion.dnr) or f"{motion.typ.value}-{motion.id}")
        falt = _rensa(
            {
                "name": publik_text(motion.titel, []),
                "reference": publik_text(motion.dnr, []),
                "date": motion.vackt.isoformat(),
                "paperType": motion.typ.value.capitalize(),
                "originatorPerson": [
                    self.person_url(namn)
                    for namn in [_namn(motion.av)]
                    if motion.typ is not MotionTyp.MEDBORGARFORSLAG and namn in ledamoter
                ],
                EXT + "remitteradTill": motion.remiss_till,
                EXT + "remissdatum": motion.remiss_datum.isoformat()
                if motion.remiss_datum
                else None,
                EXT + "besvarad": motion.besvarad.isoformat() if motion.besvarad else None,
                EXT + "svar": motion.svar,
                EXT + "paragraf": motion.paragraf,
            }
        )
        paper = self.papers.get(nyckel)
        if paper is None:
            paper = self.pub.objekt(
                "Paper",
                self.p("paper", f"{nyckel}.json"),
                body=self.pub.url(self.p("body.json")),
            ) | {"consultation": []}
            self.papers[nyckel] = paper
            self.pub.lagg_till(self.p("papers.json"), paper)
        paper.update(falt)
        anmald = self.moten.get(motion.anmald_i)
        if anmald is not None:
            mote, url = anmald
            nr = next(
                (i for i, a in enumerate(mote.arenden, 1) if a.rubrik == ANMALAN_RUBRIK), None
            )
            if nr is not None:
                cid = f"{paper['id']}#{mote.id}-anmalan"
                self.consultation(paper, cid, mote, organ, f"{url}#punkt-{nr}", url, "anmälan")
        handlad = self.handlad(motion)
        if handlad is not None:
            mote, nr, url = handlad
            cid = f"{paper['id']}#{mote.id}"
            self.consultation(paper, cid, mote, organ, f"{url}#punkt-{nr}", url, "beslut")

    def handlad(self, motion: Motion) -> tuple[Sammantrade, int, str] | None:
        """The justerat meeting, agenda item number and url of the § that handled
        `motion` ("KF § 34" on the day it was besvarad), when it is published."""
        nummer = re.search(r"(\d+)\s*$", motion.paragraf)
        if motion.besvarad is None or nummer is None:
            return None
        for mote, url in self.moten.values():
            if (
                mote.organ_id != motion.organ_id
                or mote.datum != motion.besvarad
                or mote.status not in JUSTERADE
            ):
                continue
            paragraf = next((p for p in mote.paragrafer if p.nummer == int(nummer[1])), None)
            for nr, arende in enumerate(mote.arenden, 1):
                if paragraf is not None and arende.id == paragraf.arende_id:
                    return mote, nr, url
        return None


def _namn(av: str) -> str:
    """'Karin Ek (C)' → 'Karin Ek'."""
    return publik_text(re.sub(r"\s*\([^()]*\)\s*$", "", av.strip()), [])


def _har(organ: Organ, ledamot_id: str) -> bool:
    return any(m.id == ledamot_id for m in organ.ledamoter)


def oparl(
    kallor: list[tuple[Sammantrade, Organ]],
    organs: list[Organ],
    bas: str,
    texter: Callable[[Sammantrade, Organ], dict[str, bytes]] | None = None,
    motioner: Sequence[Motion] = (),
) -> dict[str, bytes]:
    """Every file of the open-data folder, path → bytes. `kallor`: the meetings with the
    organ each renders from; those in utkast are left out. `texter` gives a meeting's
    public documents ({"kallelse": …, "protokoll": …}); `motioner` fullmäktige's register."""
    pub = Publicering(bas)
    kommuner: dict[str, Kommun] = {}
    moten_per_organ: dict[str, list[str]] = {o.id: [] for o in organs}
    for mote, organ in sorted(kallor, key=lambda mo: mo[0].id):
        if mote.status not in PUBLIKA:
            continue
        kommun = kommuner.setdefault(organ.kommun, Kommun(pub, organ.kommun))
        url = kommun.mote(mote, organ, texter(mote, organ) if texter else {})
        moten_per_organ.setdefault(organ.id, []).append(url)
    for organ in sorted(organs, key=lambda o: o.id):
        kommun = kommuner.setdefault(organ.kommun, Kommun(pub, organ.kommun))
        kommun.organ(organ, sorted(moten_per_organ.get(organ.id, [])))
    per_id = {o.id: o for o in organs}
    for motion in sorted(motioner, key=lambda m: m.id):
        if (kf := per_id.get(motion.organ_id)) is None:
            continue
        kommun = kommuner.setdefault(kf.kommun, Kommun(pub, kf.kommun))
        ledamoter = {
            publik_text(m.namn, []) for o in organs if o.kommun == kf.kommun for m in o.ledamoter
        }
        kommun.motion(motion, kf, ledamoter)
    bodies = []
    for kommun in kommuner.values():
        for person in kommun.personer.values():
            person["membership"].sort(key=lambda m: m["id"])
            pub.lagg_till(kommun.p("persons.json"), person)
        for paper in kommun.papers.values():
            paper["consultation"].sort(key=lambda c: c["id"])
        body = kommun.body()
        bodies.append(body)
        for lista in ("organizations", "persons", "memberships", "meetings", "papers", "files"):
            pub.listor.setdefault(kommun.p(f"{lista}.json"), [])
    for body in bodies:
        pub.lagg_till("bodies.json", body)
    pub.listor.setdefault("bodies.json", [])
    ut = pub.dokument()
    ut["system.json"] = _json(
        pub.objekt(
            "System",
            "system.json",
            oparlVersion=OPARL,
            body=pub.url("bodies.json"),
            name="Kallelse – öppna data",
            **{
                EXT
                + "tillagg": "Namngivna omröstningar i AgendaItem, egenskapen kallelse:omrostning."
            },
        )
    )
    return ut


def offentliga_texter(mote: Sammantrade, organ: Organ) -> dict[str, bytes]:
    """The public kallelse (once kallad) and protokoll (once justerat) as Markdown."""
    from kallelse_tui.export.common import jinja_text
    from kallelse_tui.export.kallelse import kallelse_data
    from kallelse_tui.export.protokoll import protokoll_data

    texter = {"kallelse": jinja_text("kallelse.md.j2", kallelse_data(mote, organ, public=True))}
    if mote.status in JUSTERADE:
        texter["protokoll"] = jinja_text("protokoll.md.j2", protokoll_data(mote, organ, True))
    return {namn: text.encode() for namn, text in texter.items()}


def _tidigare_export(mapp: Path) -> bool:
    """Is `mapp` what an earlier `skriv_opendata` wrote (its system.json says so)?"""
    try:
        system = json.loads((mapp / "system.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(system, dict) and system.get("type") == OPARL + "System"


def skriv_opendata(store: StoreApi, mapp: Path, bas: str) -> int:
    """Write the store's public record into `mapp` (replaced whole: built in a temp folder
    beside it, then swapped in; a folder with other content is refused, never replaced);
    the number of meetings published."""
    from kallelse_tui.store.integritet import export_source
    from kallelse_tui.store.registers import motioner

    mapp = Path(mapp).expanduser()
    if mapp.exists() and not mapp.is_dir():
        raise DomainError(f"Kan inte skriva öppna data till {mapp}: det är en fil, inte en mapp.")
    if not mapp.parent.is_dir():
        raise DomainError(
            f"Kan inte skriva öppna data: mappen {mapp.parent} finns inte. Skapa den först."
        )
    if mapp.is_dir() and any(mapp.iterdir()) and not _tidigare_export(mapp):
        raise DomainError(
            f"Mappen {mapp} finns och är inte en tidigare export av öppna data; den ersätts "
            "inte. Välj en ny eller tom mapp."
        )
    organs = store.organs()
    kallor = [export_source(store, m.id) for m in store.meetings() if m.status in PUBLIKA]
    filer = oparl(kallor, organs, bas, offentliga_texter, motioner(store))
    tmp = mapp.parent / f".{mapp.name}.ny"
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        for path, data in filer.items():
            fil = tmp / path
            fil.parent.mkdir(parents=True, exist_ok=True)
            fil.write_bytes(data)
        swap_in_folder(tmp, mapp)
    except OSError as fel:
        shutil.rmtree(tmp, ignore_errors=True)
        raise DomainError(f"Kan inte skriva öppna data till {mapp}: {os_orsak(fel)}.") from None
    return len(kallor)
