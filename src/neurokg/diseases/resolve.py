"""Resolving what a user types to the disease(s) a contrast column stands for.

Order (documented in README): a curated disease (label, synonym, abbreviation, our IRI, a mapped
CURIE) as `Catalog.resolve` finds it; else an annotated disease by IRI or CURIE (OMIM:313200,
ORPHA:481); else a MONDO term by IRI or CURIE, which stands for the annotated diseases it
cross-references; else, case-insensitively, the label of an annotated disease or the label or exact
synonym of a MONDO term (its other synonyms where no label or exact synonym has the name). A name
that fits several is ambiguous (`AmbiguousDisease` lists the candidates), unless one MONDO term
cross-references every disease of that name: then it is that term (Kennedy disease: MONDO:0010735,
for OMIM:313200 and ORPHA:481). The index is read from the store by queries/diseases/*.rq and
cached (diseases.cache), so `neurokg.contrast.invalidate` (called on every write) forgets it too."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import curies
import pyoxigraph as ox

from .. import queries
from ..contrast.catalog import Catalog, UnknownDisease, catalog
from ..prefixes import converter
from ..results import values
from ..store import Store
from .cache import cached

MONDO = "http://purl.obolibrary.org/obo/MONDO_"


@dataclass(frozen=True)
class Annotated:
    """A disease of HPO's annotations."""

    iri: str
    curie: str
    label: str
    graph: str


@dataclass
class Subject:
    """One column of a contrast: a curated disease, an annotated one, or a MONDO term, with the
    annotated diseases whose annotations it uses and how each was reached (`via`)."""

    key: str
    iri: str
    label: str
    curated: bool
    annotated: list[tuple[Annotated, str]] = field(default_factory=list)  # (disease, how it was reached)
    via: str = ""  # how the name was resolved

    def json(self) -> dict:
        return {"key": self.key, "iri": self.iri, "label": self.label, "curated": self.curated, "resolved": self.via,
                "annotated": [{"iri": a.iri, "curie": a.curie, "label": a.label, "graph": a.graph, "via": how}
                              for a, how in self.annotated]}


class AmbiguousDisease(LookupError):
    """Several diseases are called that; `candidates` lists them (CURIE — label)."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        super().__init__(f"{name!r} names {len(candidates)} diseases; name one of: {'; '.join(candidates)}")
        self.name, self.candidates = name, candidates


@dataclass
class NameIndex:
    diseases: dict[str, Annotated]  # IRI -> disease
    names: dict[str, set[str]]  # lower-cased label -> disease IRIs
    mondo: dict[str, dict]  # MONDO IRI -> {"label", "curie", "xrefs": set of disease IRIs}
    mondo_names: dict[str, set[str]]  # lower-cased label or exact synonym -> MONDO IRIs

    def search(self, text: str, limit: int = 12) -> list[dict]:
        """Annotated diseases and MONDO terms whose CURIE, label or synonym starts (a word) with `text`."""
        lower = text.strip().lower()
        if not lower:
            return []
        hits: dict[str, dict] = {}

        def fits(name: str) -> bool:
            return name.startswith(lower) or f" {lower}" in f" {name}"

        for iri, d in self.diseases.items():
            if d.curie.lower().startswith(lower) or fits(d.label.lower()):
                hits.setdefault(iri, {"key": d.curie, "label": d.label, "iri": iri, "matched": d.label, "kind": "annotated"})
        for name, mondos in self.mondo_names.items():
            if fits(name):
                for m in mondos:
                    xrefs = self.mondo[m]["xrefs"]
                    if len(xrefs) == 1:  # the term stands for one disease: offer the disease
                        d = self.diseases[next(iter(xrefs))]
                        hits.setdefault(d.iri, {"key": d.curie, "label": d.label, "iri": d.iri, "matched": name, "kind": "annotated"})
                    else:
                        hits.setdefault(m, {"key": self.mondo[m]["curie"], "label": self.mondo[m]["label"], "iri": m,
                                            "matched": name, "kind": "mondo"})
        ranked = sorted(hits.values(), key=lambda h: (not h["matched"].lower().startswith(lower), len(h["matched"]), h["key"]))
        return ranked[:limit]


def index(store: Store) -> NameIndex:
    """The name index of `store`, built once per data version (dropped with the contrast catalog)."""
    return cached(store, ("name-index",), lambda: _build(store), lasting=True)


def _build(store: Store) -> NameIndex:
    diseases: dict[str, Annotated] = {}
    names: dict[str, set[str]] = {}
    for row in values(store.query(queries.load("diseases/names").text)):
        iri = row["disease"]
        if row.get("main") == "true" and iri not in diseases:
            diseases[iri] = Annotated(iri, row.get("id") or _compress(iri), row["label"], row["graph"])
        names.setdefault(row["label"].lower(), set()).add(iri)
    mondo: dict[str, dict] = {}
    mondo_names: dict[str, set[str]] = {}
    other_names: dict[str, set[str]] = {}
    for row in values(store.query(queries.load("diseases/mondo-names").text)):
        if row["disease"] not in diseases:
            continue
        term = mondo.setdefault(row["mondo"], {"label": row.get("label") or _compress(row["mondo"]),
                                               "curie": _compress(row["mondo"]), "xrefs": set()})
        term["xrefs"].add(row["disease"])
        if row.get("label"):
            mondo_names.setdefault(row["label"].lower(), set()).add(row["mondo"])
        if row.get("synonym"):
            target = mondo_names if row.get("exact") == "true" else other_names
            target.setdefault(row["synonym"].lower(), set()).add(row["mondo"])
    for name, mondos in other_names.items():  # unscoped synonyms count where no label or exact synonym has the name
        mondo_names.setdefault(name, mondos)
    return NameIndex(diseases, names, mondo, mondo_names)


def resolve(store: Store, name: str) -> Subject:
    """The contrast column `name` stands for; UnknownDisease (with suggestions) or AmbiguousDisease."""
    cat = catalog(store)
    try:
        iri = cat.resolve(name)
    except UnknownDisease:
        pass
    else:
        label, short = cat.disease_labels[iri]
        return Subject(short, iri, label, True, curated_annotations(store, iri), "curated disease")
    found = index(store)
    text = name.strip()
    iri = _expand(text) or text
    if iri in found.diseases:
        return _single(found.diseases[iri], "identifier")
    if iri in found.mondo:
        return _mondo(found, iri, "MONDO identifier")
    lower = text.lower()
    direct = found.names.get(lower, set())
    mondos = found.mondo_names.get(lower, set())
    covering = [m for m in mondos if direct <= found.mondo[m]["xrefs"]]
    if len(mondos) == 1 and covering:
        return _mondo(found, covering[0], "MONDO label or synonym")
    if len(direct) == 1 and not mondos:
        return _single(found.diseases[next(iter(direct))], "label")
    if direct or mondos:
        candidates = [f"{found.diseases[i].curie} — {found.diseases[i].label}" for i in sorted(direct)]
        candidates += [f"{found.mondo[m]['curie']} — {found.mondo[m]['label']} (MONDO: "
                       + ", ".join(sorted(found.diseases[x].curie for x in found.mondo[m]["xrefs"])) + ")" for m in sorted(mondos)]
        raise AmbiguousDisease(name, candidates)
    raise UnknownDisease(name, _suggestions(cat, found, lower))


def _single(disease: Annotated, how: str) -> Subject:
    return Subject(disease.curie, disease.iri, disease.label, False, [(disease, "named")], f"annotated disease by {how}")


def _mondo(found: NameIndex, mondo: str, how: str) -> Subject:
    term = found.mondo[mondo]
    xrefs = [found.diseases[x] for x in sorted(term["xrefs"])]
    via = f"{term['curie']} hasDbXref"
    if len(xrefs) == 1:
        subject = _single(xrefs[0], how)
        subject.annotated = [(xrefs[0], via)]
        subject.via = f"{how} {term['curie']} ({term['label']}), which cross-references {xrefs[0].curie}"
        return subject
    return Subject(term["curie"], mondo, term["label"], False, [(x, via) for x in xrefs],
                   f"{how} {term['curie']}, which cross-references " + ", ".join(x.curie for x in xrefs))


def curated_annotations(store: Store, disease: str) -> list[tuple[Annotated, str]]:
    """The annotated diseases a curated disease's mappings name (exact/close/narrow, or via MONDO's xrefs)."""
    found = index(store)
    out: dict[str, tuple[Annotated, str]] = {}
    rows = values(store.query(queries.load("diseases/curated-mappings").text, bindings={"disease": ox.NamedNode(disease)}))
    for row in sorted(rows, key=lambda r: ("via" in r, r.get("via", ""), r["match"])):
        if row["annotated"] in found.diseases and row["annotated"] not in out:
            match = "skos:" + row["match"].rsplit("#", 1)[-1]
            how = f"{match} {_compress(row['via'])}, which hasDbXref it" if "via" in row else match
            out[row["annotated"]] = (found.diseases[row["annotated"]], how)
    return sorted(out.values(), key=lambda item: item[0].curie)


def _suggestions(cat: Catalog, found: NameIndex, lower: str) -> list[str]:
    """Close names: curated ones, then annotated diseases and MONDO terms sharing a word-start with it."""
    words = [w for w in lower.split() if len(w) >= 3]
    pool = [n for n in (*found.names, *found.mondo_names) if any(f" {w[:4]}" in f" {n}" for w in words)][:5000]
    close = difflib.get_close_matches(lower, list(cat.names) + pool, n=5, cutoff=0.6)
    out = []
    for name in close:
        if name in cat.names:
            out.append(cat.disease_labels[cat.names[name]][1])
        elif name in found.names:
            out.append(found.diseases[sorted(found.names[name])[0]].curie + f" ({name})")
        else:
            out.append(found.mondo[sorted(found.mondo_names[name])[0]]["curie"] + f" ({name})")
    return list(dict.fromkeys(out))


def _compress(iri: str) -> str:
    return converter().compress(iri, passthrough=True)


def _expand(text: str) -> str | None:
    try:
        return converter().expand(text)
    except (ValueError, curies.api.ExpansionError):
        return None
