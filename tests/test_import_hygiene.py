"""The domain and the store never import Textual (checked in a fresh interpreter)."""

import subprocess
import sys


def loaded_modules(imports: str, prefixes: tuple[str, ...]) -> list[str]:
    code = (
        f"import sys, {imports}\n"
        f"print('\\n'.join(m for m in sys.modules if m.split('.')[0] in {prefixes!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_domain_store_and_cli_import_no_textual():
    imports = "kallelse_tui.domain.model, kallelse_tui.store, kallelse_tui.cli"
    assert loaded_modules(imports, ("textual",)) == []


def test_domain_imports_neither_textual_nor_tinydb():
    imports = "kallelse_tui.domain.model, kallelse_tui.domain.dnr, kallelse_tui.domain.datum"
    assert loaded_modules(imports, ("textual", "tinydb", "orjson", "filelock")) == []


def test_justering_and_deadlines_are_pure_and_load_no_holiday_calendar():
    modules = ("justering", "tidsfrister", "regler")
    imports = ", ".join(f"kallelse_tui.domain.{m}" for m in modules)
    assert loaded_modules(imports, ("textual", "tinydb", "orjson", "holidays")) == []
