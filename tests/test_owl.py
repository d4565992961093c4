"""The ontology and the OWL export load in the tools the field uses: OWL API 5's profile checker
finds them in OWL 2 DL (and in OWL 2 RL but for the documented definitions), HermiT finds them
consistent, and every article fact keeps its article in the export. Each check is first shown a
known-bad ontology."""

from __future__ import annotations

import re

import pytest
from conftest import CASES
from owl_tools import hermit_consistent, profile_reports
from rdflib import OWL, RDF, Dataset, Graph, Literal, URIRef

from neurokg.exports import export
from neurokg.paths import ONTOLOGY_DIR

OWL_CASES = CASES / "owl"
RL_EXCEPTIONS = {tuple(line.split("\t")) for line in (OWL_CASES / "rl-exceptions.tsv").read_text().splitlines()
                 if line and not line.startswith("#")}
NKG = "https://w3id.org/neurokg/"
DOCUMENTS = ("ontology", "owl-ttl", "owl-xml")


@pytest.fixture(scope="module")
def files(kg_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("owl")
    paths = {"ontology": ONTOLOGY_DIR / "neurokg.ttl", "not-dl": OWL_CASES / "not-dl.ttl"}
    for fmt in ("owl-ttl", "owl-xml"):
        [paths[fmt]] = export(kg_store, fmt, out)
    return paths


@pytest.fixture(scope="module")
def reports(files):
    by_path = profile_reports(list(files.values()))
    return {name: by_path[str(path)] for name, path in files.items()}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_owl_api_finds_owl2_dl(reports, name):
    violations = reports[name]["DL"]
    assert violations == [], f"{len(violations)} OWL 2 DL violations, e.g. {violations[:5]}"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_owl_api_finds_owl2_rl_but_for_the_documented_definitions(reports, name):
    found = {(kind, re.match(r"EquivalentClasses\(<([^>]+)>", axiom).group(1) if axiom.startswith("EquivalentClasses") else axiom)
             for kind, axiom in reports[name]["RL"]}
    print(f"OWL 2 RL violations in {name}: {sorted(found)[:10]}")
    assert found == RL_EXCEPTIONS, f"unexpected: {sorted(found - RL_EXCEPTIONS)[:5]}, missing: {sorted(RL_EXCEPTIONS - found)}"


def test_owl_api_rejects_a_known_bad_ontology(reports):
    kinds = {kind for kind, _ in reports["not-dl"]["DL"]}
    assert {"UseOfReservedVocabularyForClassIRI", "UseOfUndeclaredDatatype", "UseOfUndeclaredAnnotationProperty"} <= kinds


@pytest.mark.parametrize("name", ("ontology", "owl-xml"))
def test_hermit_finds_it_consistent(files, tmp_path, name):
    assert hermit_consistent(files[name], tmp_path)


def test_hermit_finds_known_bad_ontologies_out(files, tmp_path):
    assert not hermit_consistent(OWL_CASES / "inconsistent.ttl", tmp_path)
    contradicted = Graph().parse(files["owl-ttl"])
    contradicted.add((URIRef(NKG + "ALS"), RDF.type, URIRef(NKG + "CellType")))  # diseases and cell types are disjoint
    contradicted.serialize(tmp_path / "contradicted.ttl", format="turtle")
    assert not hermit_consistent(tmp_path / "contradicted.ttl", tmp_path)
    with pytest.raises(TypeError):  # owlready2: "a __bases__ item causes an inheritance cycle"
        hermit_consistent(OWL_CASES / "self-instance.ttl", tmp_path)


def test_owl_export_keeps_the_article_of_every_fact(kg_store, reports):
    """Every class, object and data property assertion of an article graph is, as OWL API reads the
    export, an axiom annotated with dct:source = that article."""
    dataset = Dataset()
    dataset.parse(data=kg_store.dump("application/n-quads"), format="nquads")
    ontology = dataset.graph(URIRef(NKG + "graph/ontology"))
    logical = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(ontology.subjects(RDF.type, OWL.DatatypeProperty)) | {RDF.type}
    sources = dict(dataset.graph(URIRef(NKG + "graph/sources")).subject_objects(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
    expected = set()
    for identifier, source in sources.items():
        for s, p, o in dataset.graph(identifier):
            if p in logical and isinstance(s, URIRef) and (p != RDF.type or (o, RDF.type, OWL.Class) in ontology):
                expected.add((str(s), str(p), _value(o), str(source)))
    diseases = {str(d) for g in dataset.graphs() for d in g.subjects(RDF.type, URIRef(NKG + "Disease"))}
    disease_facts = {f for f in expected if f[0] in diseases}
    print(f"article facts {len(expected)}, of which about a disease {len(disease_facts)}")
    for name in ("owl-ttl", "owl-xml"):
        kept = {(s, p, _value(o), source) for s, p, o, source in reports[name]["facts"]}
        assert all(fact[3] in {str(s) for s in sources.values()} for fact in kept)
        assert expected - kept == set(), name
    assert len(disease_facts) > 200


def _value(term):
    """An IRI as text, a literal (OWL API's lexical^^datatype or rdflib's) by value: 50 == 50.0."""
    if isinstance(term, str) and "^^" in term:
        lexical, datatype = term.rsplit("^^", 1)
        term = Literal(lexical, datatype=URIRef(datatype))
    return term.toPython() if isinstance(term, Literal) else str(term)
