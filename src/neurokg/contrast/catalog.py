"""What every contrast needs and that changes only when the data does: dimensions, labels,
article titles and the names a disease can be called by. Read once per store, by named query."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import curies

from .. import queries, vocab
from ..prefixes import converter
from ..results import values
from ..store import Store

_CATALOGS: dict[int, Catalog] = {}
MAX_ANSWERS = 512
_BUILT_IN_LABELS = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "is a"}


class UnknownDisease(LookupError):
    """No disease is called that; `suggestions` lists the closest names."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        super().__init__(f"no disease called {name!r}" + (f"; did you mean {', '.join(suggestions)}?" if suggestions else ""))
        self.name, self.suggestions = name, suggestions


@dataclass
class Dimension:
    iri: str
    label: str
    order: int
    kind: str
    properties: dict[str, str] = field(default_factory=dict)  # property IRI -> label
    negations: dict[str, str] = field(default_factory=dict)  # negative property -> positive property
    graph: str | None = None  # imported data the values come from (about the terms the disease maps to)

    @property
    def key(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


@dataclass
class Catalog:
    dimensions: list[Dimension]
    labels: dict[str, str]
    stage_orders: dict[str, int]
    articles: dict[str, tuple[str, str]]  # article graph IRI -> (slug, title)
    names: dict[str, str]  # lower-cased name -> disease IRI
    disease_labels: dict[str, tuple[str, str]]  # disease IRI -> (label, short name)
    profiles: dict[str, dict] = field(default_factory=dict)  # disease IRI -> profile, until the next write
    answers: dict[tuple, object] = field(default_factory=dict)  # (names, format) -> contrast or its rendering, likewise
    citations: dict[str, dict] = field(default_factory=dict)  # article graph IRI -> how a reader finds the article

    def remember(self, key: tuple, compute):
        """A contrast (or its rendering) computed once per data version; at most MAX_ANSWERS kept."""
        if key not in self.answers:
            if len(self.answers) >= MAX_ANSWERS:
                self.answers.clear()
            self.answers[key] = compute()
        return self.answers[key]

    def resolve(self, name: str) -> str:
        """The disease IRI for a label, synonym, abbreviation, our IRI, or a linked CURIE/IRI."""
        text = name.strip()
        for candidate in (text, _expand(text)):
            if candidate and candidate in self.disease_labels:
                return candidate
            if candidate and candidate.lower() in self.names:
                return self.names[candidate.lower()]
        close = difflib.get_close_matches(text.lower(), list(self.names), n=5, cutoff=0.5)
        raise UnknownDisease(name, sorted({self.disease_labels[self.names[c]][1] for c in close}))

    def source_of(self, graph: str) -> tuple[str, str, str, bool] | None:
        """(source graph, slug, title, inferred) for an article graph, the graph of what reasoning
        inferred from one, or a graph of imported data that describes its source; else None (the
        curated graphs, graph/inferred/curated included: they never cite an article)."""
        if graph == vocab.CURATED_INFERRED_GRAPH:
            return None
        inferred = graph.startswith(vocab.INFERRED_PREFIX)
        source_graph = vocab.article_graph(graph.removeprefix(vocab.INFERRED_PREFIX)) if inferred else graph
        if source_graph not in self.articles:
            return None
        slug, title = self.articles[source_graph]
        return source_graph, slug, title, inferred

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or _BUILT_IN_LABELS.get(iri) or re.split(r"[/#]", iri)[-1]


def catalog(store: Store) -> Catalog:
    """The catalog of `store`, built on first use."""
    if id(store) not in _CATALOGS:
        _CATALOGS[id(store)] = _build(store)
    return _CATALOGS[id(store)]


def invalidate(store: Store) -> None:
    """Forget what was read from `store` (after a write)."""
    _CATALOGS.pop(id(store), None)


def _build(store: Store) -> Catalog:
    dims: dict[str, Dimension] = {}
    for row in values(store.query(queries.load("contrasts/dimensions").text)):
        dim = dims.setdefault(row["dimension"], Dimension(row["dimension"], row["label"], int(row["order"]), row["kind"]))
        dim.properties[row["property"]] = row.get("propertyLabel", row["property"].rsplit("/", 1)[-1])
        if "negationOf" in row:
            dim.negations[row["property"]] = row["negationOf"]
        dim.graph = row.get("graph")
    present = set(store.graphs())
    dims = {iri: dim for iri, dim in dims.items() if dim.graph is None or dim.graph in present}
    label_rows = values(store.query(queries.load("contrasts/labels").text))
    labels = {row["term"]: row["label"] for row in label_rows}
    stage_orders = {row["term"]: int(row["order"]) for row in label_rows if "order" in row}
    source_rows = values(store.query(queries.load("contrasts/sources").text))
    articles = {row["graph"]: (row["article"].rsplit("/", 1)[-1], row["title"]) for row in source_rows}  # the source's slug
    citations = {row["graph"]: citation(row) for row in source_rows}
    names: dict[str, str] = {}
    disease_labels: dict[str, tuple[str, str]] = {}
    for row in values(store.query(queries.load("contrasts/disease-names").text)):
        iri = row["disease"]
        names[row["label"].lower()] = iri
        if "name" in row:
            names[row["name"].lower()] = iri
        short = disease_labels.get(iri, (row["label"], row["label"]))[1]
        if "name" in row and row["name"].isupper() and len(row["name"]) <= 6:
            short = row["name"]
        disease_labels[iri] = (row["label"], short)
    for iri, (label, short) in disease_labels.items():
        names.setdefault(short.lower(), iri)
    return Catalog(sorted(dims.values(), key=lambda d: d.order), labels, stage_orders, articles, names, disease_labels,
                   citations=citations)


def citation(row: dict) -> dict:
    """The article's IRI, publisher, URL (None when its text gives none, with `note` saying so), access
    date, and `link`: its URL, else its own page in NeuroKG (/entity/source/<slug>)."""
    article = row["article"]
    page = "/entity/" + article.removeprefix(vocab.BASE) if article.startswith(vocab.BASE) else article
    return {"iri": article, "publisher": row.get("publisher"), "url": row.get("url"), "note": row.get("noUrl"),
            "accessed": row.get("accessed"), "link": row.get("url") or page}


def _expand(text: str) -> str | None:
    """A CURIE (nkg:ALS, MONDO:0004976) as an IRI, or None."""
    try:
        return converter().expand(text)
    except (ValueError, curies.api.ExpansionError):
        return None
