"""Computed contrasts between diseases: `contrast(store, ["ALS", "MS"])` returns the comparison
chart as plain data (validated by schemas/contrast.schema.json), computed from the graph by the
named queries in queries/contrasts/."""

from __future__ import annotations

from .. import vocab
from ..store import Store
from . import compare, conflicts
from .catalog import UnknownDisease, catalog, invalidate
from .profile import CURATED, CURATED_TITLE, profile

from ..diseases.resolve import AmbiguousDisease, resolve  # noqa: E402  (after .catalog, which it uses)
from . import annotated  # noqa: E402

__all__ = ["AmbiguousDisease", "ContrastError", "UnknownDisease", "contrast", "invalidate"]


class ContrastError(ValueError):
    """The request cannot be a contrast (fewer than two diseases, the same one twice)."""


def contrast(store: Store, names: list[str]) -> dict:
    """The contrast of two or more diseases named by label, synonym, abbreviation, IRI or CURIE: the
    curated ones (ALS, SMA, MS…) or any disease of HPO's annotations (OMIM, ORPHA, DECIPHER, MONDO)."""
    if len(names) < 2:
        raise ContrastError("a contrast needs at least two diseases")
    return catalog(store).remember((tuple(names), "result"), lambda: _compute(store, names))


def _compute(store: Store, names: list[str]) -> dict:
    cat = catalog(store)
    subjects = [resolve(store, name) for name in names]
    iris = [s.iri for s in subjects]
    if len(set(iris)) != len(iris) or len({s.key for s in subjects}) != len(subjects):
        raise ContrastError("the same disease is named twice: " + ", ".join(names))
    keys = [s.key for s in subjects]
    for s in subjects:
        if s.curated and s.iri not in cat.profiles:
            cat.profiles[s.iri] = profile(store, cat, s.iri)
    empty = {dim.iri: [] for dim in cat.dimensions}  # an annotated disease has no article claims
    profiles = {s.key: cat.profiles[s.iri] if s.curated else empty for s in subjects}
    everything = {key: [v for values in p.values() for v in values] for key, p in profiles.items()}
    opposites = compare.opposites(everything)
    dimensions = [compare.dimension(dim, {k: p[dim.iri] for k, p in profiles.items()}, opposites) for dim in cat.dimensions]
    annotations = annotated.section(store, subjects)
    return {
        "diseases": [{**s.json(), "query": n} for s, n in zip(subjects, names, strict=True)],
        "dimensions": dimensions,
        "opposites": opposites,
        "summary": compare.summary(dimensions),
        "conflicts": conflicts.touching(conflicts.curated(store, cat), dict(zip(iris, keys, strict=True))),
        "sources": _sources(cat, dimensions),
        "annotations": annotations,
    }


def _sources(cat, dimensions: list[dict]) -> list[dict]:
    """The legend: every article (numbered in this order), then curated terms where a value cites them."""
    out = [{"graph": g, "article": slug, "title": title, "curated": False, **cat.citations.get(g, {})}
           for g, (slug, title) in sorted(cat.articles.items())]
    if any(s["curated"] for d in dimensions for vs in d["values"].values() for v in vs for s in v["sources"]):
        out.append({"graph": str(vocab.ENTITIES_GRAPH), "article": CURATED, "title": CURATED_TITLE, "curated": True})
    return out
