"""Named SPARQL queries: the `.rq` files under `queries/`, loaded by name and cached."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .paths import QUERIES_DIR

_HEADER = re.compile(r"^#\s*(\w+):\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    title: str
    description: str
    requires: tuple[str, ...] = ()  # imports the query needs (`# requires: hpo mondo`)


class UnknownQuery(KeyError):
    """No `.rq` file has that name."""


@cache
def load(name: str) -> NamedQuery:
    """The query `queries/<name>.rq`, e.g. ``load("examples/sensory-sparing")``."""
    path = (QUERIES_DIR / f"{name}.rq").resolve()
    if QUERIES_DIR.resolve() not in path.parents or not path.is_file():
        raise UnknownQuery(name)
    text = path.read_text(encoding="utf-8")
    headers: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            headers.setdefault(match.group(1).lower(), match.group(2).strip())
        elif line.strip() and not line.startswith("#"):
            break
    requires = tuple(headers.get("requires", "").split())
    return NamedQuery(name, text, headers.get("title", name), headers.get("description", ""), requires)


def names(folder: str = "") -> list[str]:
    """Names of every query below `queries/<folder>`, sorted."""
    root = QUERIES_DIR / folder
    return sorted(str(p.relative_to(QUERIES_DIR).with_suffix("")) for p in root.rglob("*.rq"))


def catalog(folder: str = "examples") -> list[NamedQuery]:
    """The queries of one folder with their titles and descriptions (feeds the UI)."""
    return [load(name) for name in names(folder)]
