"""One disease's values in every contrast dimension, each with its scope and, per source, the
hedges, notes and roles that source gives (never pooled over sources)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import queries, vocab
from ..results import rows, values
from ..store import Store
from .catalog import Catalog

NKG = vocab.BASE
SCOPE_PROPERTIES = {"inStage": "in", "inSubtype": "in", "inContext": "in", "forShare": "in", "arisesFrom": "from"}


@dataclass(frozen=True)
class Scope:
    """One limit an article puts on a claim: 'in locked-in syndrome', 'in some patients'."""

    property: str  # local name: inStage, inSubtype, inContext, arisesFrom, forShare
    value: str
    label: str

    @property
    def text(self) -> str:
        return f"{SCOPE_PROPERTIES[self.property]} {self.label}"


@dataclass(frozen=True)
class Hedge:
    iri: str
    label: str
    strength: float | None


@dataclass
class Source:
    graph: str
    article: str  # slug of the article graph the fact (or the reasoning) comes from, or 'curated'
    title: str
    inferred: bool
    curated: bool = False
    hedges: list[Hedge] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)  # the article's own short display notes
    roles: list[str] = field(default_factory=list)

    def notes(self) -> list[tuple[str, str, Hedge | None, bool]]:
        """(text, kind, hedge, shown) this source puts on the value: its own notes, then its hedges, which
        are shown only where the source has no note (its note words the hedge in the article's terms)."""
        out: list[tuple[str, str, Hedge | None, bool]] = [(q, "note", None, True) for q in self.qualifiers]
        return out + [(h.label, "hedge", h, not self.qualifiers) for h in self.hedges]


@dataclass
class Value:
    iri: str
    label: str
    polarity: str  # 'affirmed' or 'denied'
    scope: tuple[Scope, ...] = ()
    properties: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    quantity: dict[str, object] | None = None

    @property
    def key(self) -> tuple[str, str, tuple[Scope, ...]]:
        """Like is compared with like: the same value under another scope is another value."""
        return self.polarity, self.iri, self.scope

    @property
    def asserted(self) -> bool:
        return any(not s.inferred for s in self.sources)

    @property
    def articles(self) -> list[str]:
        return sorted({s.article for s in self.sources})

    @property
    def scope_text(self) -> str:
        return ", ".join(s.text for s in self.scope)

    def attributed(self, kind: str) -> list[tuple[str, str, Hedge | None, bool, list[str]]]:
        """(text, kind, hedge, shown, articles) of the notes and hedges ('notes') or roles ('roles'),
        each with the sources that give it: never pooled over sources that do not."""
        found: dict[tuple[str, str, bool], tuple[Hedge | None, set[str]]] = {}
        for s in self.sources:
            items = s.notes() if kind == "notes" else [(r, "role", None, True) for r in s.roles]
            for text, what, hedge, shown in items:
                found.setdefault((text, what, shown), (hedge, set()))[1].add(s.article)
        return [(text, what, hedge, shown, sorted(arts))
                for (text, what, shown), (hedge, arts) in sorted(found.items(), key=lambda i: (i[0][1] == "hedge", i[0][0]))]


@dataclass
class _ClaimDetails:
    triple: tuple[str, str, str]  # (graph, property, value) the claim reifies
    scoped: bool = False
    scope: set[Scope] = field(default_factory=set)
    hedges: set[Hedge] = field(default_factory=set)
    qualifiers: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)


def profile(store: Store, catalog: Catalog, disease: str) -> dict[str, list[Value]]:
    """Dimension IRI -> values stated (or inferred) about `disease`."""
    bindings = {"disease": ox.NamedNode(disease)}
    quantities = _quantities(store, catalog, bindings)
    claims = _claims(store, catalog, bindings)
    unscoped: dict[tuple[str, str, str], list[_ClaimDetails]] = {}
    for details in claims.values():
        if not details.scoped:
            unscoped.setdefault(details.triple, []).append(details)
    negations = {p: pos for d in catalog.dimensions for p, pos in d.negations.items()}
    found: dict[tuple, Value] = {}
    found_rows = values(store.query(queries.load("contrasts/disease-values").text, bindings=bindings))
    if any(d.graph for d in catalog.dimensions):  # imported data about the terms the disease maps to
        for term in rows(store.query(queries.load("contrasts/mapped-terms").text, bindings=bindings)):
            found_rows += values(store.query(queries.load("contrasts/mapped-values").text,
                                             bindings={**bindings, "external": term["external"]}))
    for row in found_rows:
        polarity = "denied" if row["property"] in negations else "affirmed"
        if "scopedClaim" in row:
            details = [claims[row["scopedClaim"]]] if row["scopedClaim"] in claims else []
        else:  # the unscoped claims of the same triple in the same graph
            details = unscoped.get((row["graph"], row["property"], row["value"]), [])
        scope = tuple(sorted(set().union(*(d.scope for d in details)), key=lambda s: (s.property, s.label)))
        key = (row["dimension"], polarity, row["value"], scope)
        value = found.get(key)
        if value is None:
            label = row.get("valueLabel") or catalog.label(row["value"])
            value = found[key] = Value(row["value"], label, polarity, scope, quantity=quantities.get(row["value"]))
        _add(value.properties, catalog.label(row["property"]))
        source = _source(catalog, row["graph"])
        if source is None:
            continue
        existing = next((s for s in value.sources if (s.graph, s.inferred) == (source.graph, source.inferred)), None)
        if existing is None:
            value.sources.append(source)
            existing = source
        for d in details:
            for h in sorted(d.hedges, key=lambda h: h.label):
                _add(existing.hedges, h)
            for q in sorted(d.qualifiers):
                _add(existing.qualifiers, q)
            for r in sorted(d.roles):
                _add(existing.roles, r)
        _add(existing.qualifiers, row.get("qualifier"))  # imported data: 'for <external disease>'
        _add(existing.roles, row.get("role"))
    by_dimension: dict[str, list[Value]] = {d.iri: [] for d in catalog.dimensions}
    for (dimension, *_), value in sorted(found.items(), key=lambda item: (item[1].label.lower(), item[1].iri, item[1].scope_text)):
        value.properties.sort()
        value.sources.sort(key=lambda s: (s.article, s.inferred))
        for s in value.sources:  # the same answer whatever order a store returns rows in
            s.hedges.sort(key=lambda h: h.label)
            s.qualifiers.sort()
            s.roles.sort()
        by_dimension[dimension].append(value)
    return by_dimension


def _claims(store: Store, catalog: Catalog, bindings) -> dict[str, _ClaimDetails]:
    """Claim IRI -> its hedges, scope, notes and roles (and the (graph, property, value) it reifies)."""
    out: dict[str, _ClaimDetails] = {}
    for row in values(store.query(queries.load("contrasts/claims").text, bindings=bindings)):
        details = out.setdefault(row["claim"], _ClaimDetails((row["graph"], row["property"], row["value"]), row["scoped"] == "true"))
        name = row["detail"].removeprefix(NKG)
        target = row["detailValue"]
        if name == "hedge":
            strength = float(row["strength"]) if "strength" in row else None
            details.hedges.add(Hedge(target, row.get("detailLabel") or catalog.label(target), strength))
        elif name in SCOPE_PROPERTIES:
            label = row.get("detailLabel") or catalog.label(target)
            if name == "forShare" and "fraction" in row:
                label = f"{float(row['fraction']) * 100:g}% of patients"
            details.scope.add(Scope(name, target, label))
        elif name == "qualifier":
            details.qualifiers.add(target)
        elif name == "role":
            details.roles.add(target)
    return out


CURATED_GRAPHS = {str(vocab.ENTITIES_GRAPH): False, vocab.INFERRED_PREFIX + "curated": True}  # graph -> inferred
CURATED = "curated"
CURATED_TITLE = "NeuroKG curated terms (entities and ontology), not an article"


def _source(catalog: Catalog, graph: str) -> Source | None:
    """The article (or imported source) a graph stands for; curated terms and what they alone entail are 'curated'."""
    if graph in CURATED_GRAPHS:
        return Source(graph, CURATED, CURATED_TITLE, CURATED_GRAPHS[graph], curated=True)
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


def _add(items: list, item) -> None:
    if item and item not in items:
        items.append(item)
