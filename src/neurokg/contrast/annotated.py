"""The part of a contrast that HPO's annotations give: per aspect (phenotypes, denied phenotypes,
inheritance, onset, clinical course, modifiers) what the diseases share and what each alone has,
every value with the annotated disease, source graph, frequency and references behind it;
where different phenotypes meet in HPO (diseases.meeting's rule); phenotypes one affirms and
another denies; and genes. A curated disease (ALS, SMA, MS) brings the annotations of the diseases
its mappings name, marked `layer: annotations` under the articles' dimensions."""

from __future__ import annotations

from itertools import combinations

from ..diseases import meeting
from ..diseases.cache import cached
from ..diseases.annotations import ASPECTS, annotations, genes
from ..diseases.resolve import Subject
from ..store import Store
from ..vocab import BASE

ASPECT_LABELS = {"phenotypes": "Phenotypes (HPO)", "denied": "Phenotypes stated absent (HPO NOT)",
                 "inheritance": "Inheritance (HPO)", "onset": "Onset (HPO)", "course": "Clinical course (HPO)",
                 "modifiers": "Clinical modifiers (HPO)"}


def _disease_annotations(store: Store, iri: str) -> list:
    return cached(store, ("annotations", iri), lambda: annotations(store, iri, meeting.dag(store).labels))


def _disease_genes(store: Store, iri: str) -> list[dict]:
    return cached(store, ("genes", iri), lambda: genes(store, iri))


def section(store: Store, subjects: list[Subject]) -> dict | None:
    """The annotations part of the contrast of `subjects`, or None when none has annotations."""
    if not any(s.annotated for s in subjects):
        return None
    keys = [s.key for s in subjects]
    per_key: dict[str, dict[str, dict[str, list[dict]]]] = {k: {a: {} for a in ASPECT_LABELS} for k in keys}
    gene_sets: dict[str, dict[str, dict]] = {k: {} for k in keys}
    for s in subjects:
        for disease, _ in s.annotated:
            for a in _disease_annotations(store, disease.iri):
                per_key[s.key][a.aspect].setdefault(a.term, []).append(a.json(disease.curie))
            for g in _disease_genes(store, disease.iri):
                gene_sets[s.key].setdefault(g["gene"], {**g, "diseases": []})["diseases"].append(disease.curie)
    aspects = [_aspect(name, {k: per_key[k][name] for k in keys}) for name in ASPECT_LABELS]
    d = meeting.dag(store)
    meet = []
    for left, right in combinations(keys, 2):
        phen = next(a for a in aspects if a["id"] == "phenotypes")
        only = lambda k: {t["term"]: t["label"] for t in phen["unique"][k]}  # noqa: E731
        for m in meeting.meetings(d, only(left), only(right)):
            meet.append({"term": m["term"], "label": m["label"], "depth": m["depth"],
                         "sides": {left: m["left"], right: m["right"]}})
    opposites = []
    for term in sorted({t for k in keys for t in per_key[k]["phenotypes"]}):
        yes = [k for k in keys if term in per_key[k]["phenotypes"]]
        no = [k for k in keys if term in per_key[k]["denied"]]
        if yes and no and set(yes) != set(no):
            opposites.append({"term": term, "label": per_key[yes[0]]["phenotypes"][term][0]["label"], "affirmed_by": yes, "denied_by": no})
    shared_genes = set.intersection(*(set(g) for g in gene_sets.values()))
    return {
        "diseases": {s.key: [{"iri": a.iri, "curie": a.curie, "label": a.label, "graph": a.graph, "via": how}
                             for a, how in s.annotated] for s in subjects},
        "layer": {s.key: ("annotations under the article claims" if s.curated else "annotations") for s in subjects},
        "aspects": aspects,
        "meetings": sorted(meet, key=lambda m: (-m["depth"], m["label"])),
        "meeting_rule": meeting.RULE,
        "opposites": opposites,
        "genes": {"values": {k: sorted(v.values(), key=lambda g: g["symbol"]) for k, v in gene_sets.items()},
                  "shared": sorted(gene_sets[keys[0]][g]["symbol"] for g in shared_genes),
                  "unique": {k: sorted(v[g]["symbol"] for g in set(v) - shared_genes) for k, v in gene_sets.items()}},
    }


def _aspect(name: str, per_key: dict[str, dict[str, list[dict]]]) -> dict:
    """Terms all share (with each disease's annotations side by side) and terms each alone has."""
    keys = list(per_key)
    shared = set.intersection(*(set(v) for v in per_key.values()))
    label = lambda term: next(a["label"] for v in per_key.values() if term in v for a in v[term])  # noqa: E731
    order = lambda term: (label(term).lower(), term)  # noqa: E731
    return {
        "id": name, "label": ASPECT_LABELS[name],
        "shared": [{"term": t, "label": label(t), "values": {k: per_key[k][t] for k in keys}} for t in sorted(shared, key=order)],
        "unique": {k: [{"term": t, "label": label(t), "values": per_key[k][t]} for t in sorted(set(v) - shared, key=order)]
                   for k, v in per_key.items()},
    }


OBO_RO_HAS_PHENOTYPE = "http://purl.obolibrary.org/obo/RO_0002200"
DRAWN = {"phenotypes": (OBO_RO_HAS_PHENOTYPE, "affirmed"),
         "denied": (OBO_RO_HAS_PHENOTYPE, "denied"),
         "inheritance": (BASE + "hasInheritancePattern", "affirmed"), "onset": (BASE + "hasOnsetClass", "affirmed"),
         "course": (BASE + "hasClinicalCourse", "affirmed")}
DRAWN_LABELS = {OBO_RO_HAS_PHENOTYPE: "Phenotypes (HPO)", BASE + "hasInheritancePattern": "Inheritance (HPO)",
                BASE + "hasOnsetClass": "Onset (HPO)", BASE + "hasClinicalCourse": "Clinical course (HPO)",
                BASE + "associatedGene": "Genes (HPO)"}


def drawn_dimensions(result: dict) -> list[dict]:
    """The annotations as dimension-shaped dicts for pictures (`/graph?contrast=`, `--format svg`):
    one per aspect (denied phenotypes join the phenotypes, polarity denied), then genes; `iri` is the
    property (obo:RO_0002200, nkg:hasInheritancePattern…), each value citing its source graph."""
    section = result.get("annotations")
    if not section:
        return []
    slugs = {s["graph"]: s["article"] for s in result["sources"]}
    keys = [d["key"] for d in result["diseases"]]
    dims: dict[str, dict] = {}
    for aspect in section["aspects"]:
        if aspect["id"] not in DRAWN:
            continue
        iri, polarity = DRAWN[aspect["id"]]
        dim = dims.setdefault(iri, {"id": "hpo-" + iri.rsplit("/", 1)[-1], "iri": iri, "label": DRAWN_LABELS[iri], "kind": "categorical",
                                    "negative": False, "values": {k: [] for k in keys}})
        for k in keys:
            terms = [(t, t["values"][k]) for t in aspect["shared"]] + [(t, t["values"]) for t in aspect["unique"][k]]
            for t, entries in terms:
                dim["values"][k].append({"value": t["term"], "label": t["label"], "polarity": polarity, "quantity": None, "scope": [],
                                         "properties": [], "sources": [{"article": slugs.get(e["graph"], e["graph"]), "graph": e["graph"]}
                                                                       for e in entries]})
    genes = {"id": "hpo-genes", "iri": BASE + "associatedGene", "label": DRAWN_LABELS[BASE + "associatedGene"], "kind": "categorical",
             "negative": False, "values": {k: [{"value": g["gene"], "label": g["symbol"], "polarity": "affirmed", "quantity": None,
                                                 "scope": [], "properties": [],
                                                 "sources": [{"article": slugs.get(BASE + "graph/hpo/genes", "genes"),
                                                              "graph": BASE + "graph/hpo/genes"}]}
                                                for g in section["genes"]["values"][k]] for k in keys}}
    return [d for d in [*dims.values(), genes] if any(d["values"].values())]
