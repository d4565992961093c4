"""One canonical Turtle serialization for the files in ontology/ and data/ (rdflib `longturtle`,
with Turtle's `@prefix` directives instead of SPARQL-style `PREFIX`, which OWL API does not read).

The leading comment block of a file is kept; everything else is rewritten, so a diff shows only
changed facts.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from .paths import DATA_DIR, ONTOLOGY_DIR

_SPARQL_PREFIX = re.compile(r"^PREFIX (\S*:) (<[^>]*>)$", re.MULTILINE)


def turtle_files() -> list[Path]:
    """Every hand-curated Turtle file."""
    return sorted([*ONTOLOGY_DIR.glob("*.ttl"), *DATA_DIR.rglob("*.ttl")])


def canonical_text(path: Path) -> str:
    """The canonical form of one Turtle file."""
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    parsed = Graph().parse(data=text, format="turtle")
    graph = Graph(namespace_manager=parsed.namespace_manager)
    graph += to_canonical_graph(parsed)  # stable blank-node labels, hence a stable order
    body = graph.serialize(format="longturtle").strip() + "\n"
    if body.startswith("PREFIX "):  # longturtle writes its prefix block first
        prefixes, blank, triples = body.partition("\n\n")
        body = _SPARQL_PREFIX.sub(r"@prefix \1 \2 .", prefixes) + blank + triples
    return ("\n".join(header) + "\n\n" if header else "") + body


def format_files(paths: list[Path], *, check: bool = False) -> list[Path]:
    """Rewrite (or with `check`, only list) the files that are not canonical."""
    changed = []
    for path in paths:
        canonical = canonical_text(path)
        if canonical != path.read_text(encoding="utf-8"):
            changed.append(path)
            if not check:
                path.write_text(canonical, encoding="utf-8")
    return changed
