"""The real municipal documents in ../shared/seeds, for the tests that read them.

Outside CI a missing seed skips the test (a checkout without the shared folder); with CI
set it fails it, so that a test that needs a seed can never pass in CI by not running.
"""

import os
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
KALIX_KALLELSE = "kalix-ks-kallelse-2023-12-11.txt"


def seed_file(name: str) -> Path:
    """The seed's path; skips (fails in CI) the calling test when it is missing."""
    path = SEEDS / name
    if not path.is_file():
        message = f"fröet {path} saknas (../shared/seeds)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; i CI får ett test som behöver det inte hoppas över")
        pytest.skip(message)
    return path
