"""Computed contrasts between diseases: `contrast(store, ["ALS", "MS"])` returns the comparison
chart as plain data (validated by schemas/contrast.schema.json), computed from the graph by the
named queries in queries/contrasts/."""

from __future__ import annotations

from .. import vocab
from ..store import Store
from . import compare, conflicts
from .catalog import UnknownDisease, catalog, invalidate
from .profile import CURATED, CURATED_TITLE, profile

__all__ = ["ContrastError", "UnknownDisease", "contrast", "invalidate"]


class ContrastError(ValueError):
    """The request cannot be a contrast (fewer than two diseases, the same one twice)."""


def contrast(store: Store, names: list[str]) -> dict:
    """The contrast of two or more diseases named by label, synonym, abbreviation, IRI or CURIE."""
    if len(names) < 2:
        raise ContrastError("a contrast needs at least two diseases")
    return catalog(store).remember((tuple(names), "result"), lambda: _compute(store, names))


def _compute(store: Store, names: list[str]) -> dict:
    cat = catalog(store)
    iris = [cat.resolve(name) for name in names]
    if len(set(iris)) != len(iris):
        raise ContrastError("the same disease is named twice: " + ", ".join(names))
    keys = [cat.disease_labels[iri][1] for iri in iris]
    for iri in iris:
        if iri not in cat.profiles:
            cat.profiles[iri] = profile(store, cat, iri)
    profiles = {key: cat.profiles[iri] for key, iri in zip(keys, iris, strict=True)}
    everything = {key: [v for values in p.values() for v in values] for key, p in profiles.items()}
    opposites = compare.opposites(everything)
    dimensions = [compare.dimension(dim, {k: p[dim.iri] for k, p in profiles.items()}, opposites) for dim in cat.dimensions]
    return {
        "diseases": [{"key": k, "iri": iri, "label": cat.disease_labels[iri][0], "query": n}
                     for k, iri, n in zip(keys, iris, names, strict=True)],
        "dimensions": dimensions,
        "opposites": opposites,
        "summary": compare.summary(dimensions),
        "conflicts": conflicts.touching(conflicts.curated(store, cat), dict(zip(iris, keys, strict=True))),
        "sources": _sources(cat, dimensions),
    }


def _sources(cat, dimensions: list[dict]) -> list[dict]:
    """The legend: every article (numbered in this order), then curated terms where a value cites them."""
    out = [{"graph": g, "article": slug, "title": title, "curated": False, **cat.citations.get(g, {})}
           for g, (slug, title) in sorted(cat.articles.items())]
    if any(s["curated"] for d in dimensions for vs in d["values"].values() for v in vs for s in v["sources"]):
        out.append({"graph": str(vocab.ENTITIES_GRAPH), "article": CURATED, "title": CURATED_TITLE, "curated": True})
    return out
