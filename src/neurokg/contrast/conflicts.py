"""Curated conflicts (data/conflicts.ttl, graph/conflicts): between or within articles, each side a
claim with the article that states it. Read once per data version by named query."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import queries, vocab
from ..results import values
from ..store import Store
from .catalog import Catalog
from .profile import SCOPE_PROPERTIES, Hedge, Scope, Source

@dataclass
class _Details(Source):
    """A side claim's hedges and notes (as a Source has them) and its scope."""

    scope: list[Scope] = field(default_factory=list)


KIND_ORDER = ["CategoricalConflict", "WithinArticleConflict", "StrengthConflict", "NumericConflict"]


def curated(store: Store, catalog: Catalog) -> list[dict]:
    """Every curated conflict with its kind, paraphrase, diseases and sides (sorted by kind, then label)."""
    return catalog.remember(("conflicts",), lambda: _read(store, catalog))


def touching(conflicts: list[dict], diseases: dict[str, str]) -> list[dict]:
    """The conflicts about any of `diseases` (IRI -> key), each naming the compared diseases it is about."""
    out = []
    for c in conflicts:
        keys = [key for iri, key in diseases.items() if iri in c["about"]]
        if keys:
            out.append({**c, "diseases": keys})
    return out


def _read(store: Store, catalog: Catalog) -> list[dict]:
    details = _side_details(store, catalog)
    found: dict[str, dict] = {}
    for row in values(store.query(queries.load("contrasts/conflicts").text)):
        kind = row["kind"].removeprefix(vocab.BASE)
        c = found.setdefault(row["conflict"], {
            "conflict": row["conflict"], "label": row.get("label", row["conflict"].rsplit("/", 1)[-1]),
            "kind": kind, "kind_label": row.get("kindLabel", kind), "comment": row.get("comment", ""),
            "about": [], "sides": []})
        if row["disease"] not in c["about"]:
            c["about"].append(row["disease"])
        if any(s["claim"] == row["side"] for s in c["sides"]):
            continue
        c["sides"].append(_side(catalog, row, details.get(row["side"])))
    for c in found.values():
        c["about"].sort()
        c["sides"].sort(key=lambda s: (s["article"], s["claim"]))
    return sorted(found.values(), key=lambda c: (KIND_ORDER.index(c["kind"]) if c["kind"] in KIND_ORDER else 9, c["label"]))


def _side(catalog: Catalog, row: dict, source: _Details | None) -> dict:
    origin = catalog.source_of(row["graph"]) if "graph" in row else None
    scope = sorted(source.scope if source else [], key=lambda s: (s.property, s.label))
    names = {"subject": lambda iri: catalog.disease_labels.get(iri, (None, catalog.label(iri)))[1],
             "predicate": catalog.label, "object": lambda iri: row.get("objectLabel") or catalog.label(iri)}
    statement = " ".join(names[k](row[k]) for k in ("subject", "predicate", "object") if k in row)
    notes = sorted(source.notes(), key=lambda n: (n[1], n[0])) if source else []
    shown = [n[0] for n in notes if n[3]]
    text = statement + "".join(f" {s.text}" for s in scope) + (f" ({'; '.join(shown)})" if shown else "")
    return {
        "claim": row["side"], "graph": row.get("graph"), "article": origin[1] if origin else "",
        "title": origin[2] if origin else "", "text": text or row["side"],
        "subject": row.get("subject"), "predicate": row.get("predicate"), "object": row.get("object"),
        "scope": [{"property": s.property, "value": s.value, "label": s.label, "text": s.text} for s in scope],
        "hedges": [{"hedge": h.iri, "label": h.label, "strength": h.strength}
                   for h in sorted(source.hedges if source else [], key=lambda h: h.label)],
        "qualifiers": sorted(source.qualifiers) if source else [],
    }


def _side_details(store: Store, catalog: Catalog) -> dict[str, _Details]:
    """Side claim -> its hedges, notes and scope."""
    out: dict[str, _Details] = {}
    for row in values(store.query(queries.load("contrasts/sides").text)):
        source = out.setdefault(row["side"], _Details("", "", "", False))
        name, target = row["detail"].removeprefix(vocab.BASE), row["detailValue"]
        label = row.get("detailLabel") or catalog.label(target)
        if name == "hedge":
            hedge = Hedge(target, label, float(row["strength"]) if "strength" in row else None)
            if hedge not in source.hedges:
                source.hedges.append(hedge)
        elif name in SCOPE_PROPERTIES:
            if name == "forShare" and "fraction" in row:
                label = f"{float(row['fraction']) * 100:g}% of patients"
            scope = Scope(name, target, label)
            if scope not in source.scope:
                source.scope.append(scope)
        elif name == "qualifier" and target not in source.qualifiers:
            source.qualifiers.append(target)
    return out
