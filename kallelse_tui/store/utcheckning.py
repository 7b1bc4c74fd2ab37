"""Checkout and checkin: one meeting taken into a folder store for the meeting room without
network, and written back afterwards.

The checkout folder is an ordinary folder store (meeting mode runs there as anywhere)
holding the meeting, its organ with the members, its attachments with their texts, and —
read only — the organ's earlier meetings of the same year (the § series continues from
them) and its chain of justerade protokoll with the head (a justering links to its end; an
export checks it). Their attachment files stay behind (only their texts come, for the
hashes); `verify` in the folder knows that and checks only the files that are there.
Beside them `utcheckning.json` records where the meeting came from and the meeting as it
was, so checkin can tell whether the source changed meanwhile.

On a shared store the checkout takes the meeting's edit lease (others open it read-only
until checkin). A folder store has no leases: one writer holds the folder anyway, so the
checkout records the meeting's fingerprint and checkin refuses when the folder's copy no
longer has it, exactly as on a server; nothing in the source folder is marked.

Checkin writes back only the checked-out meeting (and attachments added to it). When the
source's copy changed since the checkout it writes nothing, keeps both versions, and names
what changed on each side.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kallelse_tui.store.errors import StoreConflictError, StoreError
from kallelse_tui.store.serialize import from_dict, to_dict

if TYPE_CHECKING:
    from kallelse_tui.domain.model import Sammantrade
    from kallelse_tui.store.api import StoreApi

MARKER = "utcheckning.json"
DONE_MARKER = "incheckad.json"
FORMAT = "kallelse-utcheckning"


@dataclass
class Utcheckning:
    """What the checkout folder remembers of where its meeting came from."""

    kalla: str  # the source store's plats (a folder, or a server URL without password)
    sammantrade: str
    organ: str
    av: str  # who checked it out, on which machine
    tid: str
    original: dict[str, Any]  # the meeting as it was at checkout (to_dict)
    sammanhang: list[str]  # context meetings copied read-only

    @property
    def fingeravtryck(self) -> str:
        return fingerprint_dict(self.original)


def fingerprint_dict(doc: dict[str, Any]) -> str:
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(mote: Sammantrade) -> str:
    return fingerprint_dict(to_dict(mote))


def holder() -> str:
    """Who takes a lease: the login and the machine."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "okänd"
    return f"{user} på {socket.gethostname()}"


def checkout(source: StoreApi, meeting_id: str, folder: Path) -> Utcheckning:
    """Copy the meeting and what meeting mode needs into a new folder store `folder` and
    take the meeting's lease on `source` (a shared store). The folder must be new or
    empty; a failure removes what was written and releases the lease."""
    from kallelse_tui.domain.status import LASTA
    from kallelse_tui.store.kopiering import Kopia, copy_attachment, referenced_attachments
    from kallelse_tui.store.repository import Store

    folder = folder.expanduser().absolute()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StoreError(
            f"{folder} finns redan och är inte en tom mapp; välj en ny mapp för den "
            f"utcheckade kopian."
        )
    mote = source.meeting(meeting_id)
    organ = source.organ(mote.organ_id)
    # Read only: the year's earlier meetings (the § series goes on from them) and the
    # organ's chain of justerade protokoll with its head (a justering links to its end,
    # and an export of a justerat protokoll checks the chain).
    sammanhang = [
        source.meeting(row.id)
        for row in source.meetings(organ.id)
        if row.id != mote.id
        and (row.status in LASTA or (row.datum.year == mote.datum.year and row.datum <= mote.datum))
    ]
    head = source.chain_head(organ.id)
    created = not folder.exists()
    source.take_checkout(meeting_id, str(folder))
    try:
        with Store.open(folder) as target:
            target.save_organ(organ)
            kopia = Kopia()
            kopia_filer = referenced_attachments([mote])
            for sha256, filnamn in kopia_filer.items():
                copy_attachment(source, target, sha256, filnamn, kopia)
            for sha256 in referenced_attachments(sammanhang):  # texts only: their hashes
                if sha256 not in kopia_filer and source.attachment_text_hash(sha256):
                    target.save_attachment_text(sha256, source.attachment_text(sha256))
            for other in sammanhang:
                target.save_meeting(other)
            target.save_meeting(mote)
            if head is not None:
                target.save_chain_head(head)
        record = Utcheckning(
            kalla=source.plats,
            sammantrade=mote.id,
            organ=organ.id,
            av=holder(),
            tid=datetime.now().isoformat(timespec="seconds"),
            original=to_dict(mote),
            sammanhang=[m.id for m in sammanhang],
        )
        _write_marker(folder / MARKER, record)
    except BaseException:
        source.end_checkout(meeting_id)
        _remove_checkout(folder, created)
        raise
    return record


def abandon(source: StoreApi, meeting_id: str) -> None:
    """Give a checkout up without writing anything back (the copy lost, or not wanted):
    on a shared store others may edit the meeting again."""
    source.meeting(meeting_id)  # an unknown id: say so
    source.end_checkout(meeting_id)


def read_marker(folder: Path) -> Utcheckning:
    folder = folder.expanduser().absolute()
    path = folder / MARKER
    if not path.exists():
        if (folder / DONE_MARKER).exists():
            raise StoreError(
                f"Sammanträdet i {folder} är redan incheckat; kopian används inte längre."
            )
        raise StoreError(
            f"{folder} är ingen utcheckad kopia ({MARKER} saknas). Ange mappen som "
            f"kallelse checkout skapade."
        )
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.pop("format", None) != FORMAT:
            raise ValueError
        doc.pop("version", None)
        return Utcheckning(**doc)
    except (OSError, ValueError, TypeError) as exc:
        raise StoreError(f"Filen {path} går inte att läsa ({exc or 'fel form'}).") from None


def stayed_behind(folder: Path) -> frozenset[str]:
    """In a checkout folder, the earlier meetings copied without their attachment files;
    nothing elsewhere (or once checked in)."""
    if not (folder / MARKER).exists():
        return frozenset()
    try:
        return frozenset(read_marker(folder).sammanhang)
    except StoreError:
        return frozenset()


@dataclass
class Incheckning:
    sammantrade: str
    andringar: list[str]  # what the copy changed, in Swedish
    bilagor: int


def checkin(target: StoreApi, folder: Path) -> Incheckning:
    """Write the checked-out meeting back into `target` and release its lease.

    Refuses (StoreConflictError; nothing written, both versions kept) when both the
    target's copy and the checkout changed since the checkout, naming what changed on each
    side. A checkout left unchanged only gives the meeting back."""
    from kallelse_tui.domain.skillnader import skillnader
    from kallelse_tui.store.kopiering import Kopia, copy_attachment
    from kallelse_tui.store.repository import Store

    folder = folder.expanduser().absolute()
    record = read_marker(folder)
    if record.kalla != target.plats:
        raise StoreError(
            f"Sammanträdet i {folder} checkades ut från {record.kalla}, inte från "
            f"{target.plats}; ange det lagret med --store."
        )
    original: Sammantrade = from_dict(_meeting_type(), record.original)
    with Store.open(folder, readonly=True) as kopia_store:
        kopia = kopia_store.meeting(record.sammantrade)
        nu = target.meeting(record.sammantrade)
        andringar = skillnader(original, kopia)
        if fingerprint(nu) != record.fingeravtryck and andringar:
            pa_servern = skillnader(original, nu)
            raise StoreConflictError(
                f"Sammanträdet {record.sammantrade} har ändrats i {target.plats} sedan det "
                f"checkades ut {record.tid.replace('T', ' ')}: "
                + (", ".join(pa_servern) or "innehållet")
                + ". I kopian har ändrats: "
                + ", ".join(andringar)
                + f". Inget skrevs: båda versionerna finns kvar, lagrets i {target.plats} "
                f"och kopians i {folder}. För över kopians ändringar för hand, eller ge upp "
                f"utcheckningen med kallelse checkout {record.sammantrade} --avbryt."
            )
        known = {u.sha256 for a in original.arenden for u in a.beslutsunderlag if u.sha256}
        new_files = {
            u.sha256: u.filnamn
            for a in kopia.arenden
            for u in a.beslutsunderlag
            if u.sha256 and u.sha256 not in known
        }
        with target.transaction(f"incheckningen av {record.sammantrade}"):
            if _justerat(kopia) and not _justerat(original):
                # Held until the commit, as justera holds it: no other protokoll of the
                # organ can be justerat between this check and the write.
                target.lock_chain(kopia.organ_id)
                _check_justering(target, kopia)
            target.end_checkout(record.sammantrade)
            copied = Kopia()
            for sha256, filnamn in new_files.items():
                copy_attachment(kopia_store, target, sha256, filnamn, copied)
            if andringar:
                target.save_meeting(kopia)
                if _justerat(kopia) and not _justerat(original):
                    from kallelse_tui.store.integritet import save_chain_head

                    save_chain_head(target, kopia.organ_id)
    (folder / MARKER).replace(folder / DONE_MARKER)
    return Incheckning(record.sammantrade, andringar, len(new_files))


def _check_justering(target: StoreApi, kopia: Sammantrade) -> None:
    """A protokoll justerat in the checkout links to the end of the organ's chain as the
    checkout holds it: it fits only while that is still the end on the source."""
    from kallelse_tui.domain.status import LASTA
    from kallelse_tui.domain.verifiering import kedjans_slut

    tidigare = [
        target.meeting(row.id)
        for row in target.meetings(kopia.organ_id)
        if row.id != kopia.id and row.status in LASTA
    ]
    assert kopia.justering is not None
    if kopia.justering.foregaende_hash != kedjans_slut(tidigare):
        raise StoreConflictError(
            f"Protokollet {kopia.id} justerades i den utcheckade kopian, men organet har "
            f"fått ett annat justerat protokoll i {target.plats} sedan utcheckningen: det "
            f"kan inte länkas in i kedjan. Inget skrevs; båda versionerna finns kvar."
        )


def _justerat(mote: Sammantrade) -> bool:
    return mote.justering is not None and bool(mote.justering.protokoll_hash)


def _meeting_type() -> type[Any]:
    from kallelse_tui.domain.model import Sammantrade

    return Sammantrade


def _write_marker(path: Path, record: Utcheckning) -> None:
    from kallelse_tui.store.storage import write_atomic

    doc = {"format": FORMAT, "version": 1, **record.__dict__}
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"), keep_backup=False)


def _remove_checkout(folder: Path, created: bool) -> None:
    import shutil

    if created:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for child in folder.iterdir():  # the folder was empty: leave it empty
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
