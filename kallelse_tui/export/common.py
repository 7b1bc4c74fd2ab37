"""Plumbing every export shares: format check, atomic write, typst and Jinja rendering."""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import secrets
import textwrap
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import IO, Any, cast

from kallelse_tui.domain.errors import DomainError, os_orsak
from kallelse_tui.domain.rensa import rensa_data

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Riksarkivet keeps PDF/A-2 (FGS); lag (2018:1937) asks published documents to be
# accessible: PDF/UA-1. PDF/A-2a is the level that requires the tags PDF/UA-1 needs.
PDF_STANDARDER = ("a-2a", "ua-1")

# Characters that mean something in CommonMark; a backslash makes each one literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&$!])")
# At the start of a line these begin a list or a heading underline: "1. att …", "- …".
_MARKDOWN_RADSTART = re.compile(r"^(\d+)([.)])|^([-+=])")
# typst's refusal of a character no font has, or of one PDF/A forbids (private use).
_TECKEN_UTANFOR = re.compile(
    r'error: the text `"(.+?)"` could not be displayed|contains the codepoint `"(.+?)"`'
)
_DOKUMENT = {
    "kallelse.typ": "kallelsen",
    "protokoll.typ": "protokollet",
    "anslag.typ": "anslagsbeviset",
    "handling.typ": "en del av handlingarna",
}
# Spaces inside a number group (a phone number, "1 600 000") and after "§".
_HOPHALLEN = re.compile(r"(?<=[\d§]) (?=\d)")


def kontrollera_format(fmt: str, tillatna: tuple[str, ...], vad: str) -> str:
    """The format in lower case, or a DomainError listing the ones `vad` can be written as."""
    normal = fmt.strip().lower().lstrip(".")
    if normal not in tillatna:
        raise DomainError(f"Okänt format ”{fmt}” för {vad}. Välj ett av: {', '.join(tillatna)}.")
    return normal


def kontrollera_mal(target: Path, vad: str) -> Path:
    """The target as a usable path, or a DomainError saying why it is not (before any work)."""
    target = Path(target).expanduser()
    if target.is_dir():
        raise DomainError(
            f"Kan inte spara {vad} som {target}: det är en mapp. "
            "Ange ett filnamn i mappen i stället."
        )
    if not target.parent.is_dir():
        raise DomainError(
            f"Kan inte spara {vad}: mappen {target.parent} finns inte. "
            "Skapa mappen först eller välj en annan plats."
        )
    return target


def skriv_atomiskt(
    target: Path, data: bytes | Callable[[IO[bytes]], object], vad: str, *, privat: bool = False
) -> Path:
    """Write `data` (bytes, or a function that writes to the open file, for documents too
    big to build in memory) to `target` through a temp file in the same folder and
    `os.replace`, so the target is either the old file or the whole new one.

    `vad` names the document in error messages ("kallelsen"). A `privat` document (one
    with unmasked personal data: not a public version) is readable by its owner only,
    0600, also when it replaces a file; any other follows the umask.
    """
    target = kontrollera_mal(target, vad)
    tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        # os.open with 0o666 lets the umask decide the new file's mode, as open() would.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if privat else 0o666)
        try:
            with os.fdopen(fd, "wb") as fil:
                if isinstance(data, bytes):
                    fil.write(data)
                else:
                    data(fil)
                fil.flush()
                os.fsync(fil.fileno())
            if target.exists() and not privat:
                os.chmod(tmp, target.stat().st_mode)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    except PermissionError:
        raise DomainError(
            f"Kan inte spara {vad} som {target}: du saknar skrivrätt i mappen {target.parent}. "
            "Välj en mapp du får skriva i."
        ) from None
    except OSError as fel:
        if fel.errno == errno.EROFS:
            raise DomainError(
                f"Kan inte spara {vad} som {target}: mappen {target.parent} är skrivskyddad "
                "(filsystemet är monterat skrivskyddat). Välj en annan plats."
            ) from None
        raise DomainError(
            f"Kan inte spara {vad} som {target}: {os_orsak(fel)}. "
            "Kontrollera sökvägen och att det finns plats på disken."
        ) from None
    return target


def typst_pdf(
    mall: str, data: dict[str, Any], *, standarder: tuple[str, ...] = PDF_STANDARDER
) -> bytes:
    """Typeset templates/<mall> with `data` as JSON in sys.inputs: user text stays data,
    never markup. Only the fonts typst ships are used: the same PDF on every machine,
    and no time spent scanning system fonts.

    The PDF meets `standarder`, PDF/A-2a and PDF/UA-1 unless told otherwise; typst checks
    them as it typesets and fails rather than write a document that breaks them. It is
    tagged when it is to be PDF/UA (a page-number stamp laid over other pages is not).
    Text the fonts cannot show (an emoji, Chinese) breaks both standards; the document is
    still written, tagged but without the claim, and a warning names the character.
    """
    import typst

    def typsatt(standarder: tuple[str, ...], taggad: bool) -> bytes:
        return typst.compile(
            str(TEMPLATES / mall),
            sys_inputs={"data": json.dumps(rensa_data(data), ensure_ascii=False)},
            ignore_system_fonts=True,
            pdf_standards=cast(Any, list(standarder)),  # typst's stub lists them as Literals
            pdf_tags=taggad,
        )

    try:
        return typsatt(standarder, "ua-1" in standarder)
    except typst.TypstError as fel:
        tecken = _TECKEN_UTANFOR.search(str(fel))
        if not standarder or tecken is None:
            raise
    logging.getLogger(__name__).warning(
        "Tecknet ”%s” finns inte i PDF-typsnittet och visas som en ruta: %s sparas som "
        "PDF utan anspråk på PDF/A (arkiv) och PDF/UA (tillgänglighet).",
        tecken[1] or re.sub(r"\\u\{(\w+)\}", lambda m: f"U+{m[1].upper()}", tecken[2]),
        _DOKUMENT.get(mall, "dokumentet"),
    )
    return typsatt((), True)


def markdown_escape(value: object) -> str:
    """One line of literal Markdown text: a line break inside a title would end its table row."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))
    # A value may begin a line (a paragraph of a beslut): "2." would start a list there.
    return _MARKDOWN_RADSTART.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def radbryt(text: str, width: int = 80, indent: str = "", first: str | None = None) -> str:
    """Wrap one paragraph for plain text; `first` prefixes the first line (a number).
    A space between digits ("0920-45 61 20", "1 600 000 kr") or after "§" never breaks."""
    first = indent if first is None else first
    # textwrap breaks only at ASCII whitespace, so a no-break space holds a group together.
    hel = _HOPHALLEN.sub("\u00a0", " ".join(str(text).split()))
    return textwrap.fill(
        hel,
        width=width,
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ).replace("\u00a0", " ")


@cache
def _jinja(suffix: str):  # -> jinja2.Environment; annotated loosely to keep jinja2 lazy
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=suffix in ("html", "xml"),
        # Markdown output escapes every value printed, so a title cannot become markup.
        finalize=markdown_escape if suffix == "md" else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["radbryt"] = radbryt
    return env


def jinja_text(mall: str, data: dict[str, Any]) -> str:
    """Render templates/<mall>; escaping follows the output kind, the suffix before .j2."""
    suffix = mall.removesuffix(".j2").rsplit(".", 1)[-1]
    return _jinja(suffix).get_template(mall).render(**rensa_data(data))
