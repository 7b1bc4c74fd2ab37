"""Ids of register rows (delegationsbeslut, motioner): readable, stable and unique within
their register: 'd-20261103-1', 'm-20261103-2'."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def nytt_radid(prefix: str, dag: date, upptagna: Iterable[str]) -> str:
    used = set(upptagna)
    n = 1
    while f"{prefix}-{dag:%Y%m%d}-{n}" in used:
        n += 1
    return f"{prefix}-{dag:%Y%m%d}-{n}"
