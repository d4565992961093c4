"""One disease's values in every contrast dimension, with sources, qualifiers and quantities."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import queries, vocab
from ..results import rows, values
from ..store import Store
from .catalog import Catalog

NKG = vocab.BASE


@dataclass
class Source:
    graph: str
    article: str  # slug of the article graph the fact (or the reasoning) comes from
    title: str
    inferred: bool


@dataclass
class Value:
    iri: str
    label: str
    polarity: str  # 'affirmed' or 'denied'
    properties: list[str] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    quantity: dict[str, object] | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.polarity, self.iri

    @property
    def asserted(self) -> bool:
        return any(not s.inferred for s in self.sources)

    @property
    def articles(self) -> list[str]:
        return sorted({s.article for s in self.sources})


def profile(store: Store, catalog: Catalog, disease: str) -> dict[str, list[Value]]:
    """Dimension IRI -> values stated (or inferred) about `disease`."""
    bindings = {"disease": ox.NamedNode(disease)}
    quantities = _quantities(store, catalog, bindings)
    negations = {p: pos for d in catalog.dimensions for p, pos in d.negations.items()}
    found: dict[tuple[str, str, str], Value] = {}
    found_rows = values(store.query(queries.load("contrasts/disease-values").text, bindings=bindings))
    if any(d.graph for d in catalog.dimensions):  # imported data about the terms the disease maps to
        for term in rows(store.query(queries.load("contrasts/mapped-terms").text, bindings=bindings)):
            found_rows += values(store.query(queries.load("contrasts/mapped-values").text,
                                             bindings={**bindings, "external": term["external"]}))
    for row in found_rows:
        polarity = "denied" if row["property"] in negations else "affirmed"
        key = (row["dimension"], polarity, row["value"])
        value = found.get(key)
        if value is None:
            label = row.get("valueLabel") or catalog.label(row["value"])
            value = found[key] = Value(row["value"], label, polarity, quantity=quantities.get(row["value"]))
        _add(value.properties, catalog.label(row["property"]))
        _add(value.qualifiers, row.get("qualifier"))
        _add(value.roles, row.get("role"))
        source = _source(catalog, row["graph"])
        if source and all((s.graph, s.inferred) != (source.graph, source.inferred) for s in value.sources):
            value.sources.append(source)
    by_dimension: dict[str, list[Value]] = {d.iri: [] for d in catalog.dimensions}
    for (dimension, _, _), value in sorted(found.items(), key=lambda item: (item[1].label.lower(), item[1].iri)):
        value.properties.sort()
        value.qualifiers.sort()
        value.roles.sort()
        value.sources.sort(key=lambda s: (s.article, s.inferred))
        by_dimension[dimension].append(value)
    return by_dimension


def _source(catalog: Catalog, graph: str) -> Source | None:
    found = catalog.source_of(graph)
    return Source(*found) if found else None


def _quantities(store: Store, catalog: Catalog, bindings) -> dict[str, dict[str, object]]:
    """Value IRI -> {field: number, label or list of labels} for structured quantities."""
    out: dict[str, dict[str, object]] = {}
    for row in rows(store.query(queries.load("contrasts/quantities").text, bindings=bindings)):
        fields = out.setdefault(row["value"].value, {})
        name = row["field"].value.removeprefix(NKG)
        term = row["fieldValue"]
        if isinstance(term, ox.Literal) and name not in ("qualifier", "year"):
            fields[name] = float(term.value)
        elif isinstance(term, ox.Literal):
            fields[name] = term.value
        elif name == "lifeStage":
            stages = sorted([*fields.get("_stages", []), (catalog.stage_orders.get(term.value, 0), catalog.label(term.value))])
            fields["_stages"] = stages
            fields["lifeStage"] = [label for _, label in stages]
            fields["stageOrder"] = [order for order, _ in stages]
        else:
            fields[name] = catalog.label(term.value)
            fields[name + "Iri"] = term.value
    for fields in out.values():
        fields.pop("_stages", None)
    return out


def _add(items: list[str], item: str | None) -> None:
    if item and item not in items:
        items.append(item)
