"""Issue 12 in contrasts and plain SPARQL: every hedge, note and role is cited with the article(s)
that give it (never pooled), scoped claims keep their scope and are compared like with like, hedges
are structure, and every curated conflict is shown with both sides and their sources in every
format, in the example query and in `neurokg stats`. Cases in tests/cases/contrasts/."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import CASES
from markupsafe import escape
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from neurokg import queries, vocab
from neurokg.cli import main
from neurokg.contrast import contrast, render
from neurokg.results import values

NKG = Namespace(vocab.BASE)
QUALIFIERS = json.loads((CASES / "contrasts" / "qualifier-sources.json").read_text())["cases"]
SCOPED = json.loads((CASES / "contrasts" / "scoped-values.json").read_text())["cases"]
CONFLICTS = json.loads((CASES / "contrasts" / "conflicts.json").read_text())["conflicts"]
HEDGED = json.loads((CASES / "contrasts" / "hedged-claims.json").read_text())["claims"]


def _values(result: dict, dimension: str, disease: str, value: str) -> list[dict]:
    dim = next(d for d in result["dimensions"] if d["id"] == dimension)
    return [v for v in dim["values"][disease] if v["value"] == vocab.BASE + value]


def _numbers(result: dict) -> dict[str, int]:
    return {s["article"]: n for n, s in enumerate(result["sources"], 1)}


def _cite(result: dict, articles: list[str]) -> str:
    return "[" + ",".join(str(n) for n in sorted(_numbers(result)[a] for a in articles)) + "]"


def _graph(article: str) -> URIRef:
    return URIRef(vocab.article_graph(article))


# --- §3 qualifiers keep their source ------------------------------------------------------------

@pytest.mark.parametrize("case", QUALIFIERS, ids=lambda c: f"{c['disease']}:{c['value']}:{c['text']}")
def test_qualifier_is_cited_with_only_the_articles_that_give_it(kg_store, case):
    result = contrast(kg_store, case["diseases"])
    value = next(v for v in _values(result, case["dimension"], case["disease"], case["value"]) if not v["scope"])
    assert {s["article"] for s in value["sources"]} == set(case["value_sources"])
    notes = [n for n in value["qualifiers"] + value["roles"] if n["text"] == case["text"] and n["kind"] == case["kind"]]
    assert [n["articles"] for n in notes] == [case["articles"]], value["qualifiers"] + value["roles"]
    for source in (s for s in value["sources"] if not s["inferred"]):  # per source: only what that source says
        said = [h["label"] for h in source["hedges"]] + source["qualifiers"] + source["roles"]
        assert (case["text"] in said) == (source["article"] in case["articles"])


@pytest.mark.parametrize("case", [c for c in QUALIFIERS if c["kind"] != "hedge" or c["text"] in ("purely", "typically")],
                         ids=lambda c: f"{c['disease']}:{c['value']}:{c['text']}")
def test_every_format_cites_the_qualifier_with_its_own_articles(kg_store, client, case):
    result = contrast(kg_store, case["diseases"])
    cited = f"{case['text']} {_cite(result, case['articles'])}"
    query = "&".join(f"disease={d}" for d in case["diseases"])
    dim = next(d for d in result["dimensions"] if d["id"] == case["dimension"])
    row = next(line for line in render.markdown(result).splitlines() if line.startswith(f"| {dim['label']} |"))
    assert cited in row
    assert cited in render.table(result, width=100_000)
    rows = list(csv.DictReader(io.StringIO(client.get(f"/contrast?{query}&format=csv").get_data(as_text=True))))
    cell = next(r for r in rows if r["value"] == vocab.BASE + case["value"] and r["disease"] == case["disease"] and not r["scope"]
                and r["dimension"] == dim["label"])
    assert f"{case['text']} [{' '.join(case['articles'])}]" in cell["qualifiers"]
    html = client.get(f"/contrast?{query}&format=html").get_data(as_text=True)
    numbers = "".join(f'<a href="#src-{a}">[{_numbers(result)[a]}]</a>' for a in case["articles"])
    assert f'{escape(case["text"])}<span class="sources">{numbers}</span>' in html
    for fmt, parser in (("ttl", "turtle"), ("jsonld", "json-ld")):
        g = Graph().parse(data=client.get(f"/contrast?{query}&format={fmt}").get_data(as_text=True), format=parser)
        notes = [n for n in g.subjects(RDFS.label, Literal(case["text"])) if (None, NKG.note, n) in g
                 and any(g.value(cell, NKG.disease) == NKG[case["disease"]] and g.value(cell, RDF.value) == NKG[case["value"]]
                         for cell in g.subjects(NKG.note, n))]
        assert notes, fmt
        assert {str(s) for n in notes for s in g.objects(n, NKG.source)} == {str(_graph(a)) for a in case["articles"]}, fmt


def test_curated_inferences_are_cited_as_curated_never_as_an_article():
    from neurokg.loader import build
    from neurokg.store import get_store

    store = get_store("memory")
    build(store, progress=False)
    store.load(f"<{NKG.SMA}> <{NKG.hasSymptom}> <{NKG.Fatigue}> .\n".encode(), "application/n-triples",
               vocab.INFERRED_PREFIX + "curated")
    result = contrast(store, ["ALS", "SMA"])
    fatigue = _values(result, "dimSymptoms", "SMA", "Fatigue")[0]
    assert [(s["article"], s["curated"], s["inferred"]) for s in fatigue["sources"]] == [("curated", True, True)]
    assert result["sources"][-1]["article"] == "curated" and "not an article" in result["sources"][-1]["title"]
    assert f"fatigue (inferred) [{len(result['sources'])}]" in render.markdown(result)


# --- §4 scope respected -------------------------------------------------------------------------

@pytest.mark.parametrize("case", SCOPED, ids=lambda c: f"{c['disease']}:{c['value']}:{'+'.join(c['scope'])}")
def test_scoped_value_keeps_its_scope_and_is_not_the_unscoped_value(kg_store, case):
    result = contrast(kg_store, case["diseases"])
    found = _values(result, case["dimension"], case["disease"], case["value"])
    scoped = [v for v in found if [s["text"] for s in v["scope"]] == case["scope"]]
    assert len(scoped) == 1, [v["scope"] for v in found]
    assert [s["article"] for s in scoped[0]["sources"]] == case["articles"]
    unscoped = [v for v in found if not v["scope"]]
    assert sorted({s["article"] for v in unscoped for s in v["sources"] if not s["inferred"]}) == case["unscoped"]
    dim = next(d for d in result["dimensions"] if d["id"] == case["dimension"])
    assert not any(r["value"] == scoped[0]["value"] and r["scope"] == scoped[0]["scope"] for r in dim["shared"]) or scoped[0]["shared"]
    row = next(line for line in render.markdown(result).splitlines() if line.startswith(f"| {dim['label']} |"))
    assert f"{scoped[0]['label']} {' '.join(case['scope'])}" in row


def test_als_and_sma_do_not_share_spared_cognition(kg_store, client):
    """'Mind fully intact' is said of locked-in syndrome only: ALS's spared cognition is scoped, SMA's is not."""
    result = contrast(kg_store, ["ALS", "SMA"])
    for dim in result["dimensions"]:
        assert all(r["value"] != vocab.BASE + "Cognition" for r in dim["shared"]), dim["id"]
        assert not re.search(r"share[^;]*\bcognition", dim["sentence"]), dim["sentence"]
    spared = next(d for d in result["dimensions"] if d["id"] == "dimSpared")
    assert "cognition in locked-in syndrome" in spared["sentence"]
    for text in (render.markdown(result), render.table(result, width=100_000),
                 client.get("/contrast?disease=ALS&disease=SMA&format=html").get_data(as_text=True)):
        assert not re.search(r"share[^;.<]*\bcognition", text)


def test_plain_sparql_never_sees_a_scoped_claim_unscoped(kg_store):
    ask = "PREFIX nkg: <https://w3id.org/neurokg/> ASK { nkg:ALS nkg:sparesFunction nkg:Cognition }"
    assert not kg_store.query(ask)  # over the union of every graph, asserted and inferred
    both = values(kg_store.query("PREFIX nkg: <https://w3id.org/neurokg/> SELECT DISTINCT ?f "
                                 "{ nkg:ALS nkg:sparesFunction ?f . nkg:SMA nkg:sparesFunction ?f }"))
    assert {r["f"] for r in both} == {vocab.BASE + "SensoryFunction"}
    scoped = values(kg_store.query(
        "PREFIX nkg: <https://w3id.org/neurokg/> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "SELECT ?stage { GRAPH ?g { ?c a nkg:ScopedClaim ; rdf:subject nkg:ALS ; rdf:predicate nkg:sparesFunction ; "
        "rdf:object nkg:Cognition ; nkg:inStage ?stage } }"))
    assert [r["stage"] for r in scoped] == [vocab.BASE + "LockedInSyndrome"]
    assert list(kg_store.query(queries.load("qc/scoped-claim-asserted-bare").text)) == []


@pytest.mark.parametrize("case", HEDGED, ids=lambda c: f"{c['subject']}:{c['object']}:{c['hedge']}")
def test_hedge_is_structure_on_the_articles_claim(kg_store, case):
    predicate = "rdf:type" if case["predicate"] == "rdf:type" else f"nkg:{case['predicate']}"
    prefixes = "PREFIX nkg: <https://w3id.org/neurokg/> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
    graph = f"<{vocab.article_graph(case['article'])}>"
    claim = (f"?c rdf:subject nkg:{case['subject']} ; rdf:predicate {predicate} ; rdf:object nkg:{case['object']} ; "
             f"nkg:hedge nkg:{case['hedge']} ; nkg:statedIn <{vocab.BASE}source/{case['article']}> .")
    assert kg_store.query(f"{prefixes} ASK {{ GRAPH {graph} {{ {claim} }} }}")
    bare = kg_store.query(f"{prefixes} ASK {{ GRAPH {graph} {{ nkg:{case['subject']} {predicate} nkg:{case['object']} }} }}")
    assert bool(bare) == case["bare"]


def test_hedge_and_share_strengths_order_them(kg_store):
    rows = values(kg_store.query("PREFIX nkg: <https://w3id.org/neurokg/> SELECT ?h ?s "
                                 "{ GRAPH <https://w3id.org/neurokg/graph/ontology> { ?h nkg:hedgeStrength ?s } }"))
    strength = {r["h"].removeprefix(vocab.BASE): float(r["s"]) for r in rows}
    assert strength["hedge-always"] == strength["hedge-purely"] == 1.0 and all(0 <= s <= 1 for s in strength.values())
    assert strength["hedge-always"] > strength["hedge-usually"] > strength["hedge-often"] > strength["hedge-sometimes"] > strength["hedge-rarely"]
    assert strength["share-most"] > strength["share-many"] > strength["share-some"]


# --- §6 every conflict flagged ------------------------------------------------------------------

def _expected_sides(case: dict) -> set[tuple[str, str]]:
    return {(f"{vocab.BASE}claim/{claim}", article) for claim, article in case["sides"]}


def test_the_case_file_lists_every_curated_conflict_and_each_kind_is_present(kg_store):
    rows = values(kg_store.query("PREFIX nkg: <https://w3id.org/neurokg/> SELECT ?c ?k "
                                 "{ GRAPH <https://w3id.org/neurokg/graph/conflicts> { ?c a nkg:Conflict ; nkg:conflictKind ?k } }"))
    assert {(r["c"].rsplit("/", 1)[-1], r["k"].removeprefix(vocab.BASE)) for r in rows} == {(c["conflict"], c["kind"]) for c in CONFLICTS}
    assert {c["kind"] for c in CONFLICTS} == {"CategoricalConflict", "WithinArticleConflict", "StrengthConflict", "NumericConflict"}


@pytest.mark.parametrize("case", CONFLICTS, ids=lambda c: c["conflict"])
def test_conflict_sides_are_claims_of_their_articles(kg_store, case):
    for claim, article in _expected_sides(case):
        assert kg_store.query(f"PREFIX nkg: <https://w3id.org/neurokg/> ASK {{ GRAPH <{vocab.article_graph(article)}> "
                              f"{{ <{claim}> nkg:statedIn <{vocab.BASE}source/{article}> }} }}"), claim


@pytest.mark.parametrize("case", CONFLICTS, ids=lambda c: c["conflict"])
def test_conflict_is_in_every_format_of_the_contrast(client, case):
    query = "&".join(f"disease={d}" for d in case["contrast"])
    iri = f"{vocab.BASE}conflict/{case['conflict']}"
    result = client.get(f"/contrast?{query}").json
    found = next(c for c in result["conflicts"] if c["conflict"] == iri)
    assert found["kind"] == case["kind"] and found["comment"] and found["diseases"]
    assert {(s["claim"], s["article"]) for s in found["sides"]} == _expected_sides(case)
    numbers = {s["article"]: n for n, s in enumerate(result["sources"], 1)}
    markdown = client.get(f"/contrast?{query}&format=md").get_data(as_text=True)
    line = next(line for line in markdown.splitlines() if found["comment"] in line)
    assert all(f"{s['text']} [{numbers[s['article']]}]" in line for s in found["sides"])
    html = client.get(f"/contrast?{query}&format=html").get_data(as_text=True)
    assert str(escape(found["comment"])) in html and all(str(escape(s["text"])) in html for s in found["sides"])
    rows = [r for r in csv.DictReader(io.StringIO(client.get(f"/contrast?{query}&format=csv").get_data(as_text=True))) if r["value"] == iri]
    assert {r["sources"] for r in rows} == {a for _, a in case["sides"]} and len(rows) == len(case["sides"])
    for fmt, parser in (("ttl", "turtle"), ("jsonld", "json-ld")):
        g = Graph().parse(data=client.get(f"/contrast?{query}&format={fmt}").get_data(as_text=True), format=parser)
        assert (None, NKG.hasConflict, URIRef(iri)) in g and (URIRef(iri), NKG.conflictKind, NKG[case["kind"]]) in g
        assert {(str(s), str(g.value(s, NKG.source)).rsplit("/", 1)[-1]) for s in g.objects(URIRef(iri), NKG.conflictSide)} == _expected_sides(case)


def test_contrast_leaves_out_conflicts_about_other_diseases(kg_store):
    result = contrast(kg_store, ["ALS", "SMA"])
    listed = {c["conflict"].rsplit("/", 1)[-1] for c in result["conflicts"]}
    about_ms_only = {"ms-neurodegenerative-vs-autoimmune", "ms-progressive-some-vs-many"}
    assert not listed & about_ms_only and "sma-always-inherited-vs-genetic" in listed and "coordination-shared-vs-ms-only" in listed


@pytest.mark.parametrize("case", CONFLICTS, ids=lambda c: c["conflict"])
def test_conflict_is_in_the_example_query_with_kinds_sides_and_sources(kg_store, case):
    rows = values(kg_store.query(queries.load("examples/conflicts").text))
    titles = {r["graph"].rsplit("/", 1)[-1]: r["title"] for r in values(kg_store.query(queries.load("contrasts/sources").text))}
    mine = [r for r in rows if r["c"] == f"{vocab.BASE}conflict/{case['conflict']}"]
    assert {(r["side"], r["article"]) for r in mine} == {(claim, titles[article]) for claim, article in _expected_sides(case)}
    kind = kg_store.query(f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l {{ <{vocab.BASE}{case['kind']}> rdfs:label ?l }}")
    assert {r["kind"] for r in mine} == {next(iter(kind))["l"].value}


def test_strength_conflicts_have_a_side_with_a_hedge_or_share(client):
    result = client.get("/contrast?disease=ALS&disease=MS&disease=SMA").json
    for c in (c for c in result["conflicts"] if c["kind"] == "StrengthConflict"):
        assert any(s["hedges"] or any(x["property"] == "forShare" for x in s["scope"]) for s in c["sides"]), c["conflict"]


def test_stats_prints_conflicts_by_kind(runner, kg_store):
    output = runner.invoke(main, ["stats"]).output
    labels = {r["k"].removeprefix(vocab.BASE): r["l"] for r in values(kg_store.query(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX nkg: <https://w3id.org/neurokg/> "
        "SELECT ?k ?l { ?k a nkg:ConflictKind ; rdfs:label ?l }"))}
    for kind, label in labels.items():
        assert f"  {label}: {sum(c['kind'] == kind for c in CONFLICTS)} (" in output
    assert f"{len(CONFLICTS)} curated conflicts" in output


@pytest.mark.parametrize("case", SCOPED, ids=lambda c: f"{c['disease']}:{c['value']}:{'+'.join(c['scope'])}")
def test_contrast_drawing_keeps_a_scoped_value_apart(client, case):
    """The picture (/graph?contrast=, behind /explore/contrast) draws a scoped value as a node of its
    own, labelled with its scope, linked only from the disease whose article scopes it."""
    query = "&".join(f"contrast={d}" for d in case["diseases"])
    elements = json.loads(client.get(f"/graph?{query}&format=cyjs").data)["elements"]
    labels = {n["data"]["id"]: n["data"]["label"] for n in elements["nodes"]}
    scoped = [i for i, label in labels.items()
              if i.startswith(vocab.BASE + case["value"] + "#in-") and label.endswith(" ".join(case["scope"]))]
    assert len(scoped) == 1, sorted(labels.values())
    owners = {e["data"]["source"] for e in elements["edges"] if e["data"]["target"] == scoped[0]}
    assert owners == {vocab.BASE + case["disease"]}
