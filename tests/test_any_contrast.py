"""Contrasts of any annotated disease over the fixture import (tests/cases/hpo-fixture): names,
synonyms and identifiers resolved (tests/cases/any-contrast/names.tsv), unknown names refused, the
rows checked against the fixture's own phenotype.hpoa (phenotypes shared and unique, references,
frequencies, inheritance, onset, genes against genes_to_phenotype.txt), where phenotypes meet in
HPO (pairs checked with pyhpo, meetings.tsv), ALS's article claims layered over its annotations,
the API in every format, the CLI, the HTML page and the /graph pictures."""

from __future__ import annotations

import csv
import gc
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from conftest import CASES, HPO_FIXTURE
from rdflib import Graph, Namespace, URIRef

from neurokg.cli import main
from neurokg.contrast import AmbiguousDisease, UnknownDisease, contrast
from neurokg.diseases.resolve import resolve
from neurokg.paths import ROOT
from neurokg.prefixes import converter

SCHEMA = json.loads((ROOT / "schemas" / "contrast.schema.json").read_text())
OBO = "http://purl.obolibrary.org/obo/"
NKG = Namespace("https://w3id.org/neurokg/")
DCT = Namespace("http://purl.org/dc/terms/")
PAIRS = [["ALS", "Kennedy disease"], ["OMIM:253300", "OMIM:253400"], ["MS", "NMO"], ["OMIM:313200", "ORPHA:71211"],
         ["OMIM:253300", "OMIM:253550", "OMIM:253400"]]


def _table(name: str) -> list[dict]:
    lines = [line for line in (CASES / "any-contrast" / name).read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


NAMES = _table("names.tsv")
BAD_NAMES = _table("bad-names.tsv")
MEETINGS = _table("meetings.tsv")


def _hpoa() -> list[dict]:
    """The fixture's phenotype.hpoa rows: the oracle the contrast rows are checked against."""
    lines = [line for line in (HPO_FIXTURE / "phenotype.hpoa").read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _curie(term: str) -> str:
    return term.removeprefix(OBO).replace("_", ":")


@pytest.mark.parametrize("case", NAMES, ids=[c["name"].strip() for c in NAMES])
def test_name_resolves_to_its_diseases(hpo_store, case):
    subject = resolve(hpo_store, case["name"])
    assert subject.key == case["key"]
    assert sorted(a.curie for a, _ in subject.annotated) == sorted(case["annotated"].split())
    assert subject.via.startswith(case["how"]) or case["how"] in subject.via, subject.via


@pytest.mark.parametrize("case", [c for c in BAD_NAMES if c["status"] == "404"], ids=lambda c: c["name"])
def test_unknown_name_is_refused_with_a_reason(hpo_store, case):
    with pytest.raises(UnknownDisease, match=case["message"]):
        resolve(hpo_store, case["name"])


def test_mondo_term_says_which_diseases_it_stands_for(hpo_store):
    result = contrast(hpo_store, ["Kennedy disease", "ALS"])
    kennedy = result["diseases"][0]
    assert "MONDO:0010735" in kennedy["resolved"] and "OMIM:313200" in kennedy["resolved"] and "ORPHA:481" in kennedy["resolved"]
    assert {a["via"] for a in kennedy["annotated"]} == {"MONDO:0010735 hasDbXref"}
    assert result["annotations"]["diseases"]["MONDO:0010735"] == kennedy["annotated"]


def test_ambiguous_name_lists_its_candidates(hpo_real_store):
    """Over the real import, 'BMD' is an exact synonym (cellxgene's MONDO release) of Becker muscular
    dystrophy (MONDO:0010311) and of vitelliform macular dystrophy 2 (MONDO:0007931)."""
    store, _ = hpo_real_store
    with pytest.raises(AmbiguousDisease) as error:
        resolve(store, "BMD")
    found = {c.split(" — ")[0] for c in error.value.candidates}
    assert {"MONDO:0010311", "MONDO:0007931"} <= found
    assert all(c.startswith(("MONDO:", "OMIM:", "ORPHA:", "DECIPHER:")) and " — " in c for c in error.value.candidates)
    assert "name one of" in str(error.value)
    assert resolve(store, "Becker muscular dystrophy").key  # its own label is not ambiguous
    from neurokg.web import create_app

    client = create_app({"TESTING": True, "ALLOW_UPDATE": False}, store=store).test_client()
    answer = client.get("/contrast?disease=BMD&disease=OMIM:313200", headers={"Accept": "application/json"})
    assert answer.status_code == 400 and set(answer.get_json()["candidates"]) == set(error.value.candidates)


def _terms(result: dict, aspect: str, key: str) -> set[str]:
    section = next(a for a in result["annotations"]["aspects"] if a["id"] == aspect)
    return {_curie(t["term"]) for t in section["shared"]} | {_curie(t["term"]) for t in section["unique"][key]}


def _expected(rows: list[dict], diseases: set[str], aspect: str, negated: bool = False) -> set[str]:
    return {r["hpo_id"] for r in rows if r["database_id"] in diseases and r["aspect"] == aspect and (r["qualifier"] == "NOT") == negated}


@pytest.mark.parametrize("names", PAIRS, ids=" vs ".join)
def test_contrast_rows_are_the_fixture_annotations(hpo_store, names):
    rows = _hpoa()
    result = contrast(hpo_store, names)
    jsonschema.validate(result, SCHEMA)
    keys = [d["key"] for d in result["diseases"]]
    per_key = {d["key"]: {a["curie"] for a in d["annotated"]} for d in result["diseases"]}
    phenotypes = {k: _expected(rows, per_key[k], "P") for k in keys}
    for k in keys:
        assert _terms(result, "phenotypes", k) == phenotypes[k]
        assert _terms(result, "denied", k) == _expected(rows, per_key[k], "P", negated=True)
        assert _terms(result, "inheritance", k) == _expected(rows, per_key[k], "I")
        assert _terms(result, "onset", k) | _terms(result, "course", k) == _expected(rows, per_key[k], "C")
    shared = next(a for a in result["annotations"]["aspects"] if a["id"] == "phenotypes")["shared"]
    assert {_curie(t["term"]) for t in shared} == set.intersection(*phenotypes.values())
    graphs = {s["graph"]: s for s in result["sources"]}
    for aspect in result["annotations"]["aspects"]:
        for k in keys:
            for t in [*aspect["unique"][k], *({**s, "values": s["values"][k]} for s in aspect["shared"])]:
                for entry in t["values"]:
                    stated = [r for r in rows if r["database_id"] == entry["disease"] and r["hpo_id"] == _curie(t["term"])
                              and (r["qualifier"] == "NOT") == (aspect["id"] == "denied")]
                    assert stated, (k, t["label"])
                    assert set(entry["references"]) == {ref for r in stated for ref in r["reference"].split(";") if ref}
                    assert set(entry["evidence"]) == {r["evidence"] for r in stated}
                    fractions = {r["frequency"] for r in stated if "/" in r["frequency"]}
                    assert fractions == {f.split(" ")[0] for f in entry["frequency"] if "/" in f}
                    database = {"OMIM": "omim", "ORPHA": "orphanet", "DECIPHER": "decipher"}[entry["disease"].split(":")[0]]
                    assert entry["graph"] == f"https://w3id.org/neurokg/graph/hpo/{database}"
                    assert "phenotype.hpoa" in graphs[entry["graph"]]["title"]


@pytest.mark.parametrize("names", PAIRS[:3], ids=" vs ".join)
def test_genes_are_those_of_genes_to_phenotype(hpo_store, names):
    lines = (HPO_FIXTURE / "genes_to_phenotype.txt").read_text().splitlines()
    genes = list(csv.DictReader(lines, delimiter="\t"))
    result = contrast(hpo_store, names)
    for d in result["diseases"]:
        expected = {g["gene_symbol"] for g in genes if g["disease_id"] in {a["curie"] for a in d["annotated"]}}
        assert {g["symbol"] for g in result["annotations"]["genes"]["values"][d["key"]]} == expected


@pytest.mark.parametrize("case", MEETINGS, ids=lambda c: f"{c['left_term']}-{c['right_term']}")
def test_different_phenotypes_meet_at_a_specific_ancestor(hpo_store, case):
    result = contrast(hpo_store, [case["left"], case["right"]])
    left, right = (d["key"] for d in result["diseases"])
    found = [m for m in result["annotations"]["meetings"]
             if _curie(m["sides"][left]["term"]) == case["left_term"] and _curie(m["sides"][right]["term"]) == case["right_term"]]
    assert len(found) == 1, [(m["sides"][left]["label"], m["sides"][right]["label"]) for m in result["annotations"]["meetings"]]
    meeting = found[0]
    assert (_curie(meeting["term"]), meeting["depth"]) == (case["meets"], int(case["depth"]))
    assert (meeting["sides"][left]["steps"], meeting["sides"][right]["steps"]) == (int(case["left_steps"]), int(case["right_steps"]))
    # never the root, 'Phenotypic abnormality' or an organ system: the rule's minimum depth
    assert all(m["depth"] >= 5 for m in result["annotations"]["meetings"])
    assert "depth" in result["annotations"]["meeting_rule"]


def test_als_article_claims_are_layered_over_its_annotations(hpo_store, kg_store):
    result = contrast(hpo_store, ["ALS", "Kennedy disease"])
    curated = contrast(kg_store, ["ALS", "MS"])
    als, kennedy = result["diseases"]
    assert als["curated"] and not kennedy["curated"]
    assert [(a["curie"], a["via"]) for a in als["annotated"]] == [("ORPHA:803", "skos:exactMatch")]
    assert result["annotations"]["layer"] == {"ALS": "annotations under the article claims", "MONDO:0010735": "annotations"}
    # the article claims stay as they are without HPO: same dimensions, same ALS values and sources
    for with_hpo in result["dimensions"]:
        alone = next((d for d in curated["dimensions"] if d["id"] == with_hpo["id"]), None)
        if alone is not None:
            assert [v["value"] for v in with_hpo["values"]["ALS"]] == [v["value"] for v in alone["values"]["ALS"]]
        assert with_hpo["values"]["MONDO:0010735"] == []  # Kennedy disease has no article claims
    articles = {s["article"] for d in result["dimensions"] for v in d["values"]["ALS"] for s in v["sources"]}
    assert {"als-vs-sma-difference-wiki"} <= articles


def test_api_gives_the_annotations_in_every_format(hpo_client):
    query = "/contrast?disease=ALS&disease=Kennedy%20disease"
    data = hpo_client.get(query + "&format=json").get_json()
    jsonschema.validate(data, SCHEMA)
    shared = next(a for a in data["annotations"]["aspects"] if a["id"] == "phenotypes")["shared"]
    assert shared
    label = shared[0]["label"]
    markdown = hpo_client.get(query + "&format=md").get_data(as_text=True)
    assert "## HPO annotations" in markdown and label in markdown
    rows = list(csv.reader(io.StringIO(hpo_client.get(query + "&format=csv").get_data(as_text=True))))
    hpo_rows = [r for r in rows if r[0] == "Phenotypes (HPO)"]
    assert {r[3] for r in hpo_rows if r[9] == "yes"} == {t["label"] for t in shared}
    assert any("reference ORPHA:803" in r[6] for r in hpo_rows if r[1] == "ALS")
    for fmt, parser in (("ttl", "turtle"), ("jsonld", "json-ld")):
        g = Graph().parse(data=hpo_client.get(query + f"&format={fmt}").get_data(as_text=True), format=parser)
        cells = {(g.value(c, NKG.disease), g.value(c, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#value")))
                 for c in g.subjects(DCT.references, None)}
        assert (URIRef(data["diseases"][0]["iri"]), URIRef(shared[0]["term"])) in cells
    html = hpo_client.get(query + "&format=html").get_data(as_text=True)
    assert 'class="chart-hpo annotations"' in html and "Phenotypes meet in HPO" in html
    assert html.count('class="affirmed shared" data-term=') == 2 * len(shared)  # one cell per disease


@pytest.mark.parametrize("case", BAD_NAMES, ids=lambda c: c["name"] or "empty")
def test_api_refuses_unknown_names_with_the_reason(hpo_client, case):
    answer = hpo_client.get("/contrast", query_string={"disease": ["ALS", case["name"]]}, headers={"Accept": "application/json"})
    assert answer.status_code == int(case["status"])
    assert case["message"] in answer.get_json()["error"]


def test_api_search_finds_annotated_diseases_by_synonym(hpo_client):
    hits = hpo_client.get("/api/diseases?q=devic").get_json()
    assert [h["key"] for h in hits] == ["ORPHA:71211"] and hits[0]["matched"].lower().startswith("devic")  # MONDO:0019100's only xref
    assert "MONDO:0010735" in {h["key"] for h in hpo_client.get("/api/diseases?q=kennedy").get_json()}  # two xrefs: the MONDO term
    assert {h["key"] for h in hpo_client.get("/api/diseases?q=OMIM:3132").get_json()} == {"OMIM:313200"}
    assert hpo_client.get("/api/diseases?q=zzzz").get_json() == []


@pytest.mark.parametrize("fmt", ["cyjs", "graphml", "gexf", "dot", "jsonld"])
def test_contrast_picture_draws_the_annotated_phenotypes(hpo_client, fmt):
    data = hpo_client.get("/contrast?disease=OMIM:313200&disease=ORPHA:71211&format=json").get_json()
    phenotypes = next(a for a in data["annotations"]["aspects"] if a["id"] == "phenotypes")
    expected = {(d["iri"], t["term"]) for d in data["diseases"] for t in phenotypes["unique"][d["key"]]}
    body = hpo_client.get(f"/graph?contrast=OMIM:313200&contrast=ORPHA:71211&format={fmt}").get_data(as_text=True)
    if fmt == "cyjs":
        edges = {(e["data"]["source"], e["data"]["target"]) for e in json.loads(body)["elements"]["edges"]
                 if e["data"]["predicate"] == OBO + "RO_0002200"}
        assert expected <= edges
    elif fmt in ("graphml", "gexf"):
        root = ET.fromstring(body)
        edges = {(e.get("source"), e.get("target")) for e in root.iter() if e.tag.endswith("edge")}
        assert expected <= edges
    elif fmt == "dot":
        assert all(f'"{source}" -> "{target}"' in body for source, target in expected)
    else:
        g = Graph().parse(data=body, format="json-ld")
        assert all((URIRef(s), URIRef(OBO + "RO_0002200"), URIRef(o)) in g for s, o in expected)


@pytest.fixture(scope="module")
def hpo_client(hpo_store):
    from neurokg.web import create_app

    return create_app({"TESTING": True, "ALLOW_UPDATE": False}, store=hpo_store).test_client()


@pytest.fixture(scope="module")
def fixture_store_path(tmp_path_factory):
    """An on-disk store with `neurokg import hpo` of the fixture files (through the CLI)."""
    from click.testing import CliRunner

    runner = CliRunner()
    path = tmp_path_factory.mktemp("hpo-fixture-store") / "store"
    files = {"--hp-obo": "hp.obo", "--phenotype-hpoa": "phenotype.hpoa", "--genes-to-phenotype": "genes_to_phenotype.txt",
             "--mondo-json": "mondo.json", "--hgnc-tsv": "hgnc_entries.tsv"}
    args = [a for option, name in files.items() for a in (option, str(HPO_FIXTURE / name))]
    done = runner.invoke(main, ["import", "hpo", "--store", f"oxigraph:{path}", *args])
    assert done.exit_code == 0, done.output
    return path


def _cli(runner, args: list[str]):
    """`neurokg ARGS` in this process. Each command opens the on-disk store anew: the previous run's
    store object is collected first so RocksDB's lock on the folder is free (one process per command
    in real use)."""
    gc.collect()
    return runner.invoke(main, args)


@pytest.mark.parametrize("names,seen", [
    (["ALS", "Kennedy disease"], ["MONDO:0010735", "Phenotypes (HPO), shared", "Fasciculations", "Genes (HPO)", "AR"]),
    (["OMIM:313200", "ALS"], ["OMIM:313200", "X-linked recessive inheritance", "Phenotypes meet in HPO"]),
], ids=["ALS-Kennedy", "OMIM-first"])
def test_cli_contrasts_annotated_diseases(runner, fixture_store_path, names, seen):
    done = _cli(runner, ["contrast", *names, "--store", f"oxigraph:{fixture_store_path}"])
    assert done.exit_code == 0, done.output
    for text in seen:
        assert text in done.output


def test_cli_says_why_a_name_is_refused(runner, fixture_store_path):
    done = _cli(runner, ["contrast", "ALS", "OMIM:999999", "--store", f"oxigraph:{fixture_store_path}"])
    assert done.exit_code == 2 and "no disease called 'OMIM:999999'" in done.output


def test_curies_in_the_cases_expand(hpo_store):
    """The identifiers the cases name are the fixture's own (a typo would make a test pass for the wrong reason)."""
    known = {r["database_id"] for r in _hpoa()}
    for case in NAMES:
        for curie in case["annotated"].split():
            assert curie in known and converter().expand(curie)


def test_cli_picture_draws_the_annotations(runner, fixture_store_path):
    done = _cli(runner, ["contrast", "OMIM:313200", "NMO", "--store", f"oxigraph:{fixture_store_path}", "--format", "dot"])
    assert done.exit_code == 0, done.output
    assert "Phenotypes (HPO)" in done.output and "Genes (HPO)" in done.output
    assert "Optic neuritis" in done.output and "Gynecomastia" in done.output  # each on its own side


def test_explore_contrast_page_draws_annotated_diseases(hpo_client):
    page = hpo_client.get("/explore/contrast?disease=OMIM:313200&disease=NMO")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="chart-hpo annotations"' in html
    dimensions = json.loads(html.split("data-dimensions='", 1)[1].split("'", 1)[0].replace("&#34;", '"'))
    assert [OBO + "RO_0002200", "Phenotypes (HPO)"] in dimensions  # the picture's band for the drawn phenotypes
