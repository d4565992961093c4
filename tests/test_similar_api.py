"""`/similar` (JSON and the HTML page) and `neurokg similar` on the HPO fixture imported into the
NeuroKG store: rankings, explanations, errors, and the index following a write."""

from __future__ import annotations

import csv
import json
from urllib.parse import parse_qsl

import jsonschema
import pytest
from conftest import CASES

from neurokg.paths import ROOT
from neurokg.phenotypes import PhenotypeIndex, similarity

SCHEMA = json.loads((ROOT / "schemas" / "similar.schema.json").read_text())


def _cases() -> list[list[str]]:
    with open(CASES / "phenotypes" / "similar-api.tsv", encoding="utf-8") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]


@pytest.fixture(scope="module")
def hpo_client(hpo_store):
    from neurokg.web import create_app

    return create_app({"TESTING": True}, store=hpo_store).test_client()


@pytest.mark.parametrize(("query", "status", "shows"), [pytest.param(*r, id=r[0] or "empty") for r in _cases()])
def test_similar_answers(hpo_client, query, status, shows):
    response = hpo_client.get("/similar", query_string=parse_qsl(query), headers={"Accept": "application/json"})
    assert response.status_code == int(status), response.get_data(as_text=True)
    body = response.get_json()
    if response.status_code == 200:
        jsonschema.validate(body, SCHEMA)
        assert body["hits"][0]["id"] == shows
        asked = body["query"]["disease"] or {}
        assert not {h["id"] for h in body["hits"]} & {asked.get("id"), *asked.get("annotated", [])}  # never itself
        scores = [h["score"] for h in body["hits"]]
        assert scores == sorted(scores, reverse=True)
    else:
        assert shows.lower() in json.dumps(body).lower()


def test_sma_type_one_is_most_like_the_other_spinal_muscular_atrophies(hpo_client):
    body = hpo_client.get("/similar?disease=OMIM:253300&limit=4").get_json()
    assert [h["id"] for h in body["hits"]] == ["ORPHA:70", "OMIM:253550", "OMIM:253400", "OMIM:271150"]
    assert body["method"]["similarity"] == "resnik" and body["method"]["combine"] == "symmetric"


def test_a_curated_disease_stands_for_the_annotated_diseases_its_mappings_name(hpo_client):
    body = hpo_client.get("/similar?disease=ALS&limit=3").get_json()
    asked = body["query"]["disease"]
    assert (asked["iri"], asked["resolved"], asked["annotated"]) == ("https://w3id.org/neurokg/ALS", "curated disease", ["ORPHA:803"])
    kennedy = hpo_client.get("/similar?disease=Kennedy disease&limit=3").get_json()["query"]["disease"]
    assert kennedy["id"] == "MONDO:0010735" and kennedy["annotated"] == ["OMIM:313200", "ORPHA:481"]  # Mondo's xrefs


def test_each_hit_is_explained_by_its_best_pairs(hpo_client, hpo_store):
    body = hpo_client.get("/similar?phenotype=HP:0002380&phenotype=HP:0001347&limit=2").get_json()
    als = body["hits"][0]
    assert als["label"] == "Amyotrophic lateral sclerosis 1"
    pair = als["matches"][0]
    assert (pair["query"]["id"], pair["disease"]["id"], pair["ancestor"]["id"]) == ("HP:0001347",) * 3
    assert (pair["query"]["label"], pair["best_for"]) == ("Hyperreflexia", "both")
    index = PhenotypeIndex.for_store(hpo_store)
    for match in als["matches"]:  # each pair meets at its most informative common ancestor, with its IC
        ancestor, ic = index.most_informative_common_ancestor(match["query"]["iri"], match["disease"]["iri"])
        assert (match["ancestor"]["iri"], match["ic"]) == (ancestor, pytest.approx(ic, abs=1e-6))
    query = [t["iri"] for t in body["query"]["phenotypes"]]
    disease_terms = index.phenotypes_of(als["iri"])
    assert als["score"] == pytest.approx(similarity.set_similarity(index, query, disease_terms), abs=1e-6)


def test_the_page(hpo_client):
    page = hpo_client.get("/similar?disease=OMIM:253300&limit=3", headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Proximal spinal muscular atrophy" in html and "similar to this" in html
    assert 'href="/similar"' in hpo_client.get("/compare").get_data(as_text=True)  # linked from the header
    empty = hpo_client.get("/similar", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Name a disease or list phenotypes" in empty
    listed = hpo_client.get("/similar?format=html&phenotype=HP:0002380%0AHP:0001347").get_data(as_text=True)
    assert "Amyotrophic lateral sclerosis 1" in listed  # one phenotype a line, as the form's text area sends them
    missing = hpo_client.get("/similar?format=html&disease=OMIM:999999")
    assert missing.status_code == 200 and "no annotated disease" in missing.get_data(as_text=True)


def test_the_command(runner, hpo_store, monkeypatch):
    from neurokg import cli

    monkeypatch.setattr(cli, "open_store", lambda spec, progress=False: hpo_store)
    table = runner.invoke(cli.main, ["similar", "OMIM:253300", "--limit", "2"])
    assert table.exit_code == 0, table.output
    assert "Proximal spinal muscular atrophy (ORPHA:70)" in table.output.splitlines()[3]
    profile = runner.invoke(cli.main, ["similar", "-p", "HP:0002380", "-p", "Hyperreflexia", "--format", "json"])
    assert json.loads(profile.output)["hits"][0]["id"] == "OMIM:105400"
    wrong = runner.invoke(cli.main, ["similar", "OMIM:999999"])
    assert wrong.exit_code == 2 and "no annotated disease" in wrong.output


def test_the_index_follows_a_write_through_the_endpoint():
    from neurokg.imports import import_ontology
    from neurokg.store import get_store
    from neurokg.web import create_app

    from conftest import hpo_fixture_files

    store = get_store("memory")
    import_ontology(store, "hpo", progress=False, files=hpo_fixture_files())
    client = create_app({"TESTING": True, "ALLOW_UPDATE": True, "UPDATE_TOKEN": "secret"}, store=store).test_client()
    before = client.get("/similar?phenotype=HP:0002380&limit=1").get_json()
    assert before["hits"][0]["id"] == "OMIM:105400"
    update = ("PREFIX obo: <http://purl.obolibrary.org/obo/> INSERT DATA { GRAPH <https://w3id.org/neurokg/graph/hpo/omim> "
              "{ <http://example.org/only-fasciculations> obo:RO_0002200 obo:HP_0002380 } }")
    done = client.post("/sparql", data={"update": update}, headers={"Authorization": "Bearer secret"})
    assert done.status_code in (200, 204), done.get_data(as_text=True)
    after = client.get("/similar?phenotype=HP:0002380&limit=1").get_json()
    assert after["hits"][0]["iri"] == "http://example.org/only-fasciculations"
    assert after["method"]["diseases"] == before["method"]["diseases"] + 1


def test_the_schema_refuses_a_wrong_answer(hpo_client):
    body = hpo_client.get("/similar?disease=OMIM:253300&limit=2").get_json()
    jsonschema.validate(body, SCHEMA)
    for spoil in (lambda b: b["hits"][0].update(extra=1), lambda b: b["hits"][0]["matches"][0].update(best_for="neither"),
                  lambda b: b["hits"][0]["matches"][0]["ancestor"].update(id="MONDO:0000001"), lambda b: b.pop("method")):
        wrong = json.loads(json.dumps(body))
        spoil(wrong)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, SCHEMA)


def test_a_bare_link_opens_the_form(hpo_client):
    for accept in ("*/*", "text/html", ""):  # what a link checker or a browser sends
        page = hpo_client.get("/similar", headers={"Accept": accept} if accept else {})
        assert page.status_code == 200 and "Name a disease or list phenotypes" in page.get_data(as_text=True)
    assert hpo_client.get("/similar?format=json").status_code == 400
