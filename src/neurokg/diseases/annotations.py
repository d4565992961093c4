"""What HPO's annotations state about one disease: its phenotypes (and denied ones), inheritance,
onset classes, clinical course and modifiers, each with the claims (phenotype.hpoa rows) behind it
(reference, evidence, frequency, onset, sex, modifiers), and its genes. Read by the named queries
queries/diseases/annotations.rq, annotation-claims.rq and genes.rq."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import queries, vocab
from ..prefixes import converter
from ..results import values
from ..store import Store

OBO = "http://purl.obolibrary.org/obo/"
ASPECTS = {  # property -> aspect key, in display order
    OBO + "RO_0002200": "phenotypes", vocab.BASE + "lacksPhenotype": "denied",
    vocab.BASE + "hasInheritancePattern": "inheritance", vocab.BASE + "hasOnsetClass": "onset",
    vocab.BASE + "hasClinicalCourse": "course", vocab.BASE + "hasClinicalModifier": "modifiers",
}
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
DETAILS = {"references", "evidence", "frequency", "frequencyFraction", "frequencyPercent", "onsetOf", "sex", "modifier"}


@dataclass
class Claim:
    """One phenotype.hpoa row's qualifiers."""

    references: list[str] = field(default_factory=list)  # CURIEs: PMID:…, OMIM:…, ORPHA:…
    evidence: list[str] = field(default_factory=list)  # IEA, PCS, TAS
    frequency: list[str] = field(default_factory=list)  # 'Very frequent (99-80%)', '7/13 (54%)', '17%'
    onset: list[str] = field(default_factory=list)
    sex: list[str] = field(default_factory=list)
    modifiers: list[str] = field(default_factory=list)

    def json(self) -> dict:
        return {k: sorted(v) for k, v in self.__dict__.items()}


@dataclass
class Annotation:
    """One annotation triple of a disease in one source graph, with the claims that state it."""

    aspect: str
    term: str
    label: str
    graph: str
    claims: list[Claim] = field(default_factory=list)

    def json(self, disease: str) -> dict:
        claims = sorted((c.json() for c in self.claims), key=lambda c: (c["references"], c["frequency"], c["sex"], c["onset"]))
        pick = lambda k: sorted({x for c in claims for x in c[k]})  # noqa: E731
        return {"term": self.term, "curie": curie(self.term), "label": self.label, "disease": disease, "graph": self.graph,
                "frequency": pick("frequency"), "references": pick("references"), "evidence": pick("evidence"),
                "onset": pick("onset"), "sex": pick("sex"), "modifiers": pick("modifiers"), "claims": claims}


def annotations(store: Store, disease: str, labels: dict[str, str]) -> list[Annotation]:
    """Every annotation of `disease` (an OMIM, Orphanet or DECIPHER IRI), sorted by aspect and label;
    `labels`: HPO term IRI -> label (the DAG's), for frequency, onset and modifier terms."""
    bindings = {"disease": ox.NamedNode(disease)}
    found: dict[tuple[str, str, str], Annotation] = {}
    for row in values(store.query(queries.load("diseases/annotations").text, bindings=bindings)):
        aspect = ASPECTS[row["property"]]
        found[(row["graph"], row["property"], row["term"])] = Annotation(aspect, row["term"], row.get("termLabel") or curie(row["term"]),
                                                                         row["graph"])
    fractions = {row["claim"]: row for row in values(store.query(queries.load("diseases/annotation-fractions").text, bindings=bindings))}
    claims: dict[str, tuple[tuple[str, str], Claim]] = {}
    for row in values(store.query(queries.load("diseases/annotation-claims").text, bindings=bindings)):
        name = row["detail"].removeprefix(vocab.BASE).rsplit("/", 1)[-1]
        if name not in DETAILS:
            continue
        _, claim = claims.setdefault(row["claim"], ((row["property"], row["term"]), Claim()))
        _detail(claim, name, {**row, **fractions.get(row["claim"], {}), "detailLabel": labels.get(row["detailValue"])})
    by_triple = {(prop, term): a for (_, prop, term), a in found.items()}  # a disease's claims sit in its one database's graph
    for key, claim in claims.values():
        if key in by_triple:
            by_triple[key].claims.append(claim)
    order = list(dict.fromkeys(ASPECTS.values()))
    return sorted(found.values(), key=lambda a: (order.index(a.aspect), a.label.lower(), a.term, a.graph))


def genes(store: Store, disease: str) -> list[dict]:
    """The genes of `disease` (graph/hpo/genes): NCBI Gene IRI, symbol, HGNC IRI."""
    rows = values(store.query(queries.load("diseases/genes").text, bindings={"disease": ox.NamedNode(disease)}))
    out = {r["gene"]: {"gene": r["gene"], "curie": curie(r["gene"]), "symbol": r.get("symbol") or curie(r["gene"]),
                       "hgnc": r.get("hgnc")} for r in rows}
    return sorted(out.values(), key=lambda g: g["symbol"])


def _detail(claim: Claim, name: str, row: dict) -> None:
    value, label = row["detailValue"], row.get("detailLabel")
    if name == "references":
        _add(claim.references, "PMID:" + value.removeprefix(PUBMED) if value.startswith(PUBMED) else curie(value))
    elif name == "evidence":
        _add(claim.evidence, value.rsplit("-", 1)[-1] if value.startswith(vocab.BASE + "evidence-") else label or value)
    elif name == "frequency":
        _add(claim.frequency, label or curie(value))
    elif name == "frequencyFraction" and "numerator" in row:
        n, m = int(float(row["numerator"])), int(float(row["denominator"]))
        _add(claim.frequency, f"{n}/{m} ({100 * n / m:.0f}%)" if m else f"{n}/{m}")
    elif name == "frequencyPercent":
        _add(claim.frequency, f"{float(value):g}%")
    elif name == "onsetOf":
        _add(claim.onset, label or curie(value))
    elif name == "sex":
        _add(claim.sex, value)
    elif name == "modifier":
        _add(claim.modifiers, label or curie(value))


@functools.lru_cache(maxsize=65536)
def curie(iri: str) -> str:
    return converter().compress(iri, passthrough=True)


def _add(items: list, item) -> None:
    if item and item not in items:
        items.append(item)
