"""`kallelse copy-store`: everything in one store into another, through the store interface
only, so folder → folder, folder → PostgreSQL and back all take the same path.

Nothing is recomputed on the way: organs, meetings (with their justeringar and hashes),
each organ's chain head, and every referenced attachment with its extracted text are
written as the source holds them, so `verify` finds on the target exactly what it finds on
the source (a tampered source stays visibly tampered; a copy never launders it).

A folder target is built in a hidden folder beside it and renamed into place at the end,
so a failure leaves the target as it was. A server target is written item by item; every
item already there unchanged is skipped, so after a failure (the connection lost) the same
command with `--sammanfoga` completes the copy.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.store.api import REGISTER_KINDS
from kallelse_tui.store.errors import StoreError
from kallelse_tui.store.paths import swap_in_folder
from kallelse_tui.store.serialize import to_dict

if TYPE_CHECKING:
    from kallelse_tui.domain.model import Sammantrade
    from kallelse_tui.store.api import StoreApi

# progress(what is being copied, done, total)
Progress = Callable[[str, int, int], None]


@dataclass
class Kopia:
    """What a copy wrote (and what it found already there, when merging)."""

    organ: int = 0
    sammantraden: int = 0
    bilagor: int = 0
    kedjor: int = 0
    registerrader: int = 0  # delegationsbeslut, motioner
    fanns: int = 0  # items already in the target, unchanged
    meddelanden: list[str] = field(default_factory=list)

    def sammanfattning(self) -> str:
        text = (
            f"{self.organ} organ, {self.sammantraden} sammanträden, {self.bilagor} bilagor, "
            f"{self.kedjor} kedjehuvuden och {self.registerrader} registerrader kopierade"
        )
        return text + (f"; {self.fanns} fanns redan oförändrade." if self.fanns else ".")


def copy_contents(
    source: StoreApi,
    target: StoreApi,
    *,
    sammanfoga: bool = False,
    progress: Progress | None = None,
) -> Kopia:
    """Copy everything `source` holds into `target` (both open; target writable).

    Refuses (StoreError, nothing written) a target that already holds something unless
    `sammanfoga`, and then still refuses when an organ, a meeting, a chain head or an
    attachment text exists in both with different content.
    """
    report = progress or (lambda _what, _done, _total: None)
    organs = source.organs()
    rows = source.meetings()
    if not sammanfoga and (target.organs() or target.meetings()):
        raise StoreError(
            f"Lagret {target.plats} är inte tomt; inget kopierades. Välj ett nytt eller tomt "
            f"lager, eller lägg till --sammanfoga för att kopiera in i det (det som finns i "
            f"båda måste då vara lika)."
        )
    target_organs = {o.id: o for o in target.organs()}
    target_rows = {r.id for r in target.meetings()}
    conflicts: list[str] = []
    for organ in organs:
        there = target_organs.get(organ.id)
        if there is not None and to_dict(there) != to_dict(organ):
            conflicts.append(f"organet {organ.id} finns redan med annat innehåll")
        head = source.chain_head(organ.id)
        there_head = target.chain_head(organ.id)
        if there_head is not None and (head is None or to_dict(there_head) != to_dict(head)):
            conflicts.append(f"kedjehuvudet för {organ.id} skiljer sig")

    moten: list[Sammantrade] = []
    total = len(organs) + len(rows)
    for done, row in enumerate(rows, 1):
        report("läser sammanträden", done, total)
        mote = source.meeting(row.id)
        moten.append(mote)
        if row.id in target_rows and to_dict(target.meeting(row.id)) != to_dict(mote):
            conflicts.append(f"sammanträdet {row.id} finns redan med annat innehåll")
    files = referenced_attachments(moten)
    for sha256 in files:
        text_there = target.attachment_text_hash(sha256)
        if text_there and text_there != source.attachment_text_hash(sha256):
            conflicts.append(f"bilagan {sha256[:12]}… har en annan utläst text")
    registers: dict[str, list[dict[str, Any]]] = {}
    for kind in REGISTER_KINDS:
        there_rows = {r["id"]: r for r in target.register_rows(kind)}
        registers[kind] = []
        for rad in source.register_rows(kind):
            if rad["id"] not in there_rows:
                registers[kind].append(rad)
            elif there_rows[rad["id"]] != rad:
                conflicts.append(f"raden {rad['id']} i registret {kind} skiljer sig")
    if conflicts:
        raise StoreError(
            f"Kan inte kopiera in i {target.plats}: "
            + "; ".join(conflicts[:5])
            + (f" (och {len(conflicts) - 5} till)" if len(conflicts) > 5 else "")
            + ". Inget kopierades."
        )

    kopia = Kopia()
    with target.transaction(f"kopieringen till {target.plats}"):  # on a server: all or none
        total = len(files) + len(organs) + len(moten) + len(organs)
        done = 0
        for sha256, filnamn in files.items():  # first: a meeting may name them
            done += 1
            report("bilagor", done, total)
            copy_attachment(source, target, sha256, filnamn, kopia)
        for organ in organs:
            done += 1
            report("organ", done, total)
            if organ.id in target_organs:
                kopia.fanns += 1
            else:
                target.save_organ(organ)
                kopia.organ += 1
        for mote in moten:
            done += 1
            report("sammanträden", done, total)
            if mote.id in target_rows:
                kopia.fanns += 1
            else:
                try:
                    target.save_meeting(mote)
                except DomainError as exc:  # e.g. a justerat protokoll changed in the source
                    raise StoreError(
                        f"Sammanträdet {mote.id} kunde inte kopieras: {exc} Kör kallelse verify "
                        f"på källan; kopieringen avbröts."
                    ) from None
                kopia.sammantraden += 1
        for organ in organs:  # last: a head names the end of a chain the meetings now hold
            done += 1
            report("kedjehuvuden", done, total)
            head = source.chain_head(organ.id)
            if head is not None and target.chain_head(organ.id) is None:
                target.save_chain_head(head)
                kopia.kedjor += 1
        for kind, nya in registers.items():
            if nya:
                target.save_register_rows(kind, nya)
                kopia.registerrader += len(nya)
    return kopia


def referenced_attachments(moten: list[Sammantrade]) -> dict[str, str]:
    """Every attachment the meetings name: SHA-256 → a file name (for the file's type)."""
    files: dict[str, str] = {}
    for mote in moten:
        for arende in mote.arenden:
            for u in arende.beslutsunderlag:
                if u.sha256:
                    files.setdefault(u.sha256, u.filnamn)
    return files


def copy_attachment(
    source: StoreApi, target: StoreApi, sha256: str, filnamn: str, kopia: Kopia
) -> None:
    """The file's bytes, then its extracted text exactly as stored (re-extracting could
    give another text, and the justering holds the text's hash)."""
    try:
        path = source.attachment_path(sha256)
        stored = target.add_attachment(path) if path.exists() else None
    except StoreError as exc:
        stored = None
        kopia.meddelanden.append(f"Bilagan {sha256[:12]}… ({filnamn}) kunde inte läsas: {exc}")
    if stored is None:
        if not any(m.startswith(f"Bilagan {sha256[:12]}") for m in kopia.meddelanden):
            kopia.meddelanden.append(
                f"Bilagan {sha256[:12]}… ({filnamn}) saknas i källan och kopierades inte; "
                f"verify visar det på båda lagren."
            )
    elif stored.sha256 != sha256:
        raise StoreError(
            f"Bilagan {sha256[:12]}… ({filnamn}) har ändrats i källan (innehållet har nu "
            f"kontrollsumman {stored.sha256[:12]}…); kör kallelse verify på källan."
        )
    elif stored.ny:
        kopia.bilagor += 1
    else:
        kopia.fanns += 1
    wanted = source.attachment_text_hash(sha256)
    if wanted and target.attachment_text_hash(sha256) != wanted:
        target.save_attachment_text(sha256, source.attachment_text(sha256))
        if target.attachment_text_hash(sha256) != wanted:
            raise StoreError(
                f"Den utlästa texten till bilagan {sha256[:12]}… ({filnamn}) blev inte "
                f"densamma i {target.plats}; kopieringen avbröts."
            )


# -- between two named stores ------------------------------------------------------------


def copy_store(
    fran: str,
    till: str,
    *,
    sammanfoga: bool = False,
    progress: Progress | None = None,
) -> Kopia:
    """Open `fran` read-only and copy it into `till` (a folder or a server URL)."""
    from kallelse_tui.store.api import is_server, open_store

    if not is_server(fran) and not is_server(till) and _same_folder(fran, till):
        raise StoreError(f"Källan och målet är samma lager ({fran}); inget kopierades.")
    with open_store(fran, readonly=True) as source:
        if is_server(till):
            with open_store(till) as target:
                return copy_contents(source, target, sammanfoga=sammanfoga, progress=progress)
        return _copy_to_folder(source, Path(till), sammanfoga, progress)


def _same_folder(a: str, b: str) -> bool:
    return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()


def _copy_to_folder(
    source: StoreApi, folder: Path, sammanfoga: bool, progress: Progress | None
) -> Kopia:
    """Build the copy in a hidden folder beside `folder` and rename it into place; the
    target is never seen half written. Merging starts from a copy of the target, with the
    target's writer lock held throughout."""
    from kallelse_tui.store.repository import Store

    folder = folder.expanduser().absolute()
    existing = folder.exists() and any(folder.iterdir()) if folder.is_dir() else folder.exists()
    work = folder.with_name(f".{folder.name}.kopieras-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    held = Store.open(folder) if existing else None  # the lock: nobody writes meanwhile
    try:
        if held is not None:
            if not sammanfoga and (held.organs() or held.meetings()):
                raise StoreError(
                    f"Lagret {folder} är inte tomt; inget kopierades. Välj en ny eller tom "
                    f"mapp, eller lägg till --sammanfoga för att kopiera in i lagret."
                )
            shutil.copytree(folder, work, ignore=shutil.ignore_patterns(".lock", ".writer"))
        with Store.open(work) as target:
            kopia = copy_contents(source, target, sammanfoga=sammanfoga, progress=progress)
        _swap(work, folder)
        return kopia
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        if held is not None:
            held.close()


def _swap(work: Path, folder: Path) -> None:
    """Put the finished copy where the target was (store/paths.py swap_in_folder)."""
    try:
        swap_in_folder(work, folder)
    except OSError as exc:
        raise StoreError(
            f"Kopian kunde inte flyttas till {folder}: {exc.strerror or exc}. Målet är oförändrat."
        ) from None
