"""Computing a contrast: per dimension, each disease's values with sources, what all share, what is
unique to each, explicit opposites, conflicts between articles, numeric comparisons, a
distinctiveness score and one generated sentence.

Score (documented in the JSON as `score_method`): categorical dimensions score 1 − |shared| / |all
distinct values| over (polarity, value) pairs; numeric dimensions use their comparison (onset:
1 − overlap/union of the ranges, or 1 when life stages do not overlap; survival: the same from one
start point, or 1 when life-expectancy categories differ; sex ratio: 1 when the predominant sex
differs), falling back to the categorical score. Similarity = mean of (1 − score) over the
dimensions where every disease has data.
"""

from __future__ import annotations

from . import numeric
from .catalog import Dimension
from .profile import Value
from .sentences import sentence

SCORE_METHOD = __doc__.split("Score (documented in the JSON as `score_method`): ")[1].split("\n\n")[0].replace("\n", " ")


def dimension(dim: Dimension, per_disease: dict[str, list[Value]], opposites: list[dict]) -> dict:
    """Values are compared like with like: (polarity, value, scope), so a value an article limits to a
    scope ('in locked-in syndrome') is never shared with the same value stated without it."""
    keys = {d: {v.key for v in vs} for d, vs in per_disease.items()}
    union = set().union(*keys.values())
    shared = set.intersection(*keys.values()) if keys else set()
    by_key = {v.key: v for vs in per_disease.values() for v in vs}
    order = lambda k: (by_key[k].label, by_key[k].scope_text)  # noqa: E731
    result = {
        "id": dim.key, "iri": dim.iri, "label": dim.label, "order": dim.order, "kind": dim.kind,
        "values": {d: [_value_json(v, v.key in shared) for v in vs] for d, vs in per_disease.items()},
        "shared": [_ref(by_key[k]) for k in sorted(shared, key=order)],
        "unique": {d: [_ref(by_key[k]) for k in sorted(ks - set().union(*(o for e, o in keys.items() if e != d)), key=order)]
                   for d, ks in keys.items()},
        "opposites": [o for o in opposites if (o["value"], o["scope"]) in {(k[1], _scope_text(k[2])) for k in union}],
        "conflicts": {d: c for d, vs in per_disease.items() if (c := numeric.conflicts(vs))},
        "comparison": None,
        # every property of the dimension is a negative one ('spares ...'): its values need no 'not'
        "negative": bool(dim.properties) and set(dim.properties) <= set(dim.negations),
    }
    score = 1 - len(shared) / len(union) if union else None
    if dim.key in numeric.COMPARATORS:
        result["comparison"], numeric_score = numeric.COMPARATORS[dim.key](per_disease)
        score = numeric_score if numeric_score is not None else score
    result["has_data"] = all(per_disease.values()) and bool(union)
    result["score"] = round(score, 3) if score is not None else None
    result["sentence"] = sentence(result)
    return result


def opposites(per_disease_all: dict[str, list[Value]]) -> list[dict]:
    """Values one disease affirms and another explicitly denies (e.g. sensory neurons), under the same scope."""
    affirmed: dict[tuple, dict] = {}
    denied: dict[tuple, dict] = {}
    for disease, values in per_disease_all.items():
        for v in values:
            target = affirmed if v.polarity == "affirmed" else denied
            target.setdefault((v.iri, v.scope_text), {"label": v.label, "by": {}})["by"].setdefault(disease, v.articles)
    out = []
    for iri, scope in sorted(set(affirmed) & set(denied)):
        yes, no = affirmed[(iri, scope)]["by"], denied[(iri, scope)]["by"]
        if any(a != d for a in yes for d in no):
            out.append({"value": iri, "label": affirmed[(iri, scope)]["label"], "scope": scope, "affirmed_by": yes, "denied_by": no})
    return out


def summary(dimensions: list[dict]) -> dict:
    scored = [d for d in dimensions if d["has_data"] and d["score"] is not None]
    ranking = sorted(scored, key=lambda d: (-d["score"], d["order"]))
    similarity = sum(1 - d["score"] for d in scored) / len(scored) if scored else None
    return {"ranking": [{"id": d["id"], "label": d["label"], "score": d["score"]} for d in ranking],
            "similarity": round(similarity, 3) if similarity is not None else None, "score_method": SCORE_METHOD}


def _scope_text(scope) -> str:
    return ", ".join(s.text for s in scope)


def _scope_json(v: Value) -> list[dict]:
    return [{"property": s.property, "value": s.value, "label": s.label, "text": s.text} for s in v.scope]


def _ref(v: Value) -> dict:
    return {"value": v.iri, "label": v.label, "polarity": v.polarity, "quantity": v.quantity is not None,
            "property": v.properties[0] if v.properties else "", "scope": _scope_json(v)}


def _note_json(text: str, kind: str, hedge, shown: bool, articles: list[str]) -> dict:
    note = {"text": text, "kind": kind, "shown": shown, "articles": articles}
    if hedge is not None:
        note.update(hedge=hedge.iri, strength=hedge.strength)
    return note


def _value_json(v: Value, shared: bool) -> dict:
    return {
        "value": v.iri, "label": v.label, "polarity": v.polarity, "properties": v.properties,
        "scope": _scope_json(v), "shared": shared,
        "qualifiers": [_note_json(*n) for n in v.attributed("notes")],
        "roles": [_note_json(*n) for n in v.attributed("roles")],
        "asserted": v.asserted, "inferred": not v.asserted,
        "sources": [{"graph": s.graph, "article": s.article, "title": s.title, "inferred": s.inferred, "curated": s.curated,
                     "hedges": [{"hedge": h.iri, "label": h.label, "strength": h.strength} for h in s.hedges],
                     "qualifiers": s.qualifiers, "roles": s.roles} for s in v.sources],
        "quantity": {k: val for k, val in (v.quantity or {}).items() if not k.endswith("Iri") and k != "stageOrder"} or None,
    }
