"""`neurokg validate`: SHACL shapes and QC queries over the data, with a readable report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import RDF, Graph, Namespace

from . import queries
from .loader import build, dataset_files, parse
from .paths import SHAPES_FILE
from .store import get_store

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    rule: str
    where: str
    entity: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.where}: {self.entity} — {self.message}"


def validate(files: dict[str, Path] | None = None) -> list[Violation]:
    """Every violation of the shapes and of the QC queries (empty when the data is clean)."""
    files = files if files is not None else dataset_files()
    return shacl_violations(files) + qc_violations(files)


def shacl_violations(files: dict[str, Path]) -> list[Violation]:
    """Run pySHACL on the union of the files; name the file(s) where each focus node is described."""
    parsed = {path: parse(path) for path in files.values()}
    union = Graph()
    for graph in parsed.values():
        union += graph
    shapes = Graph().parse(SHAPES_FILE)
    conforms, report, _ = pyshacl.validate(union, shacl_graph=shapes, inference="none")
    if conforms:
        return []
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        node_shape = shapes.value(None, SH.property, shape) or shape
        message = report.value(result, SH.resultMessage) or "violates its shape"
        where = ", ".join(sorted(p.name for p, g in parsed.items() if (focus, None, None) in g)) or "?"
        found.append(Violation(f"shacl:{str(node_shape).rsplit('/', 1)[-1]}", where, str(focus), str(message)))
    return sorted(set(found), key=str)


def qc_violations(files: dict[str, Path]) -> list[Violation]:
    """Run every `queries/qc/*.rq` on a store built from the files (zero rows when clean)."""
    store = get_store("memory")
    build(store, files=files, progress=False)
    found = []
    for name in queries.names("qc"):
        query = queries.load(name)
        for row in store.query(query.text):
            value = row["value"].value if row["value"] is not None else ""
            found.append(Violation(name, query.title, row["entity"].value, f"{row['property'].value} = {value}"))
    return found
