"""What `/similar` and `neurokg similar` answer: the diseases most like one disease, or most like a
patient's phenotype list, as plain data (JSON-ready), each hit with its best-matching pairs."""

from __future__ import annotations

from ..store import Store
from .index import PhenotypeIndex, curie, iri
from .similarity import COMBINE, Hit, rank

MAX_LIMIT = 200
METHOD = ("Resnik similarity (IC of the most informative common ancestor; IC = -ln of the share of annotated "
          "diseases annotated with the term or a descendant), combined by best-match average: {combine}")
COMBINE_TEXT = {"symmetric": "the mean of both directions' mean best matches", "pooled": "the mean of all best matches of both directions"}


class SimilarityError(ValueError):
    """The request cannot be answered (no query, a bad limit, a disease without phenotypes)."""


class AmbiguousDisease(SimilarityError):
    """Several diseases are called that; `candidates` lists them."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        super().__init__(f"{name!r} names {len(candidates)} diseases; name one of: {'; '.join(candidates)}")
        self.name, self.candidates = name, candidates


class UnknownDisease(LookupError):
    """No annotated disease has that identifier or label; `suggestions` lists close labels."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        super().__init__(f"no annotated disease called {name!r}" + (f"; did you mean {'; '.join(suggestions)}?" if suggestions else ""))
        self.name, self.suggestions = name, suggestions


def similar(store: Store, *, disease: str | None = None, phenotypes: tuple[str, ...] = (), limit: int = 10,
            combine: str = "symmetric") -> dict:
    """Diseases ranked by similarity to `disease` (as `resolve_disease` finds it; itself left out)
    or to the HPO terms `phenotypes` (CURIEs, IRIs or exact labels)."""
    if bool(disease) == bool(phenotypes):
        raise SimilarityError("give either one disease or one or more phenotypes")
    if not 1 <= limit <= MAX_LIMIT:
        raise SimilarityError(f"limit is between 1 and {MAX_LIMIT}")
    if combine not in COMBINE:
        raise SimilarityError(f"combine is one of {', '.join(COMBINE)}")
    index = PhenotypeIndex.for_store(store)
    if disease:
        described, exclude = resolve_disease(store, index, disease)
        terms = sorted({t for d in exclude for t in index.phenotypes_of(d)})
        query = {"disease": described, "phenotypes": [_term(index, t) for t in terms]}
    else:
        terms, exclude = [resolve_term(index, p) for p in phenotypes], ()
        query = {"disease": None, "phenotypes": [_term(index, t) for t in dict.fromkeys(terms)]}
    hits = rank(index, terms, limit=limit, combine=combine, exclude=exclude)
    return {
        "query": query,
        "method": {"similarity": "resnik", "combine": combine, "description": METHOD.format(combine=COMBINE_TEXT[combine]),
                   "diseases": len(index.diseases), "population": index.population},
        "hits": [_hit(index, n, hit) for n, hit in enumerate(hits, 1)],
    }


def resolve_disease(store: Store, index: PhenotypeIndex, name: str) -> tuple[dict, tuple[str, ...]]:
    """What `name` stands for, and the annotated diseases (with phenotypes) whose phenotypes make the
    query: an annotated disease's IRI directly, else as `neurokg.diseases.resolve` finds it (its CURIE,
    label, a MONDO term and the diseases it cross-references, or a curated disease such as ALS and the
    annotated diseases its mappings name)."""
    text = name.strip()
    if text in index.disease_index:
        return {**_disease(index, text), "resolved": "annotated disease by IRI"}, (text,)
    from ..contrast.catalog import UnknownDisease as Unknown
    from ..diseases.resolve import AmbiguousDisease as Ambiguous
    from ..diseases.resolve import resolve

    try:
        subject = resolve(store, text)
    except Unknown as error:
        raise UnknownDisease(name, error.suggestions) from None
    except Ambiguous as error:
        raise AmbiguousDisease(name, error.candidates) from None
    annotated = tuple(a.iri for a, _ in subject.annotated if a.iri in index.disease_index)
    if not annotated:
        raise SimilarityError(f"{subject.label} ({subject.key}) has no annotated phenotypes to compare")
    return {"iri": subject.iri, "id": subject.key, "label": subject.label, "resolved": subject.via,
            "annotated": [index.disease_ids.get(d, d) for d in annotated]}, annotated


def resolve_term(index: PhenotypeIndex, name: str) -> str:
    """An HPO term's IRI from its CURIE, IRI or exact label (any case)."""
    text = name.strip()
    if text in index:
        return iri(text)
    labels = _lookup(index, "term-labels", lambda: {label.casefold(): t for t, label in index.dag.labels.items()})
    if text.casefold() in labels:
        return labels[text.casefold()]
    from .index import UnknownTerm

    raise UnknownTerm(f"no HPO term {name!r} in the store's HPO graph")


def _lookup(index: PhenotypeIndex, name: str, build):
    key = ("search", name)
    if key not in index.cache:
        index.cache[key] = build()
    return index.cache[key]


def _disease(index: PhenotypeIndex, disease: str) -> dict:
    return {"iri": disease, "id": index.disease_ids.get(disease), "label": index.disease_label(disease)}


def _term(index: PhenotypeIndex, term: str) -> dict:
    return {"iri": term, "id": curie(term), "label": index.label(term)}


def _hit(index: PhenotypeIndex, rank_: int, hit: Hit) -> dict:
    return {"rank": rank_, **_disease(index, hit.disease), "score": round(hit.score, 6),
            "matches": [{"query": _term(index, m.query), "disease": _term(index, m.disease),
                         "ancestor": _term(index, m.ancestor), "ic": round(m.ic, 6), "best_for": m.best_for}
                        for m in hit.matches]}


def table(result: dict, pairs: int = 3) -> str:
    """The ranking as text: rank, score, disease, then its most informative pairs."""
    query = result["query"]
    head = (f"Most like {query['disease']['label']} ({query['disease']['id'] or query['disease']['iri']})" if query["disease"]
            else "Most like " + ", ".join(f"{t['label'] or t['id']} ({t['id']})" for t in query["phenotypes"]))
    lines = [head, result["method"]["description"] + f"; {result['method']['diseases']} diseases.", ""]
    for hit in result["hits"]:
        lines.append(f"{hit['rank']:>3}. {hit['score']:.3f}  {hit['label']} ({hit['id'] or hit['iri']})")
        for m in hit["matches"][:pairs]:
            lines.append(f"        {m['query']['label']} ~ {m['disease']['label']}: {m['ancestor']['label']} ({m['ancestor']['id']}, IC {m['ic']:.2f})")
    return "\n".join(lines)
