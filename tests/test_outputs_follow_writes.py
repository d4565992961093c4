"""After a write every cache follows it (graph labels, contrasts, service description, explorer),
and outputs stay well-formed whatever a literal holds: XML answers parse with a real XML parser
despite control characters; contrast CSV cells that would start a formula are neutralized while
/sparql's W3C CSV stays as specified; /contrast answers the Accept headers curl, wget and
requests send."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
import requests

AUTH = {"Authorization": "Bearer secret"}
SENSORY = "https://w3id.org/neurokg/SensoryNeuron"
RELABEL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
DELETE { GRAPH ?g { <%(iri)s> rdfs:label ?old } } INSERT { GRAPH <https://w3id.org/neurokg/graph/entities> { <%(iri)s> rdfs:label "%(label)s"@en } }
WHERE { GRAPH ?g { <%(iri)s> rdfs:label ?old } }"""


@pytest.fixture(scope="module")
def writable():
    """The NeuroKG build in a store of its own, served with updates on."""
    from neurokg.dataset import open_store
    from neurokg.web import create_app

    return create_app({"TESTING": True, "ALLOW_UPDATE": True, "UPDATE_TOKEN": "secret"}, store=open_store("memory")).test_client()


def relabel(client, label: str) -> None:
    response = client.post("/sparql", data={"update": RELABEL % {"iri": SENSORY, "label": label}}, headers=AUTH)
    assert response.status_code == 204, response.data


def test_every_cache_follows_a_write(writable):
    pages = {
        "graph": lambda: writable.get("/graph", query_string={"entity": "ALS"}).get_data(as_text=True),
        "contrast": lambda: writable.get("/contrast", query_string=[("disease", "ALS"), ("disease", "MS")], headers={"Accept": "application/json"}).get_data(as_text=True),
        "contrast-page": lambda: writable.get("/explore/contrast", query_string=[("disease", "ALS"), ("disease", "MS")]).get_data(as_text=True),
        "facts": lambda: writable.get("/api/facts/ALS").get_data(as_text=True),
        "entity": lambda: writable.get("/entity/ALS", headers={"Accept": "text/html"}).get_data(as_text=True),
    }
    before = {name: page() for name, page in pages.items()}
    assert all("sensory neuron" in text for text in before.values()), [n for n, t in before.items() if "sensory neuron" not in t]
    triples = lambda: writable.get("/sparql", headers={"Accept": "application/n-triples"}).get_data(as_text=True)  # noqa: E731
    described = triples()
    relabel(writable, "sensory nerve cell")
    after = {name: page() for name, page in pages.items()}
    assert [n for n, t in after.items() if "sensory nerve cell" not in t] == []
    assert [n for n, t in after.items() if "sensory neuron" in t] == []
    writable.post("/sparql", data={"update": "INSERT DATA { GRAPH <urn:new> { <urn:a> <urn:b> <urn:c> } }"}, headers=AUTH)
    assert "urn:new" not in described and "urn:new" in triples()  # the service description's graphs


CONTROL = "a\x01b\x08c\x0bd\x0ce\x1ff\ufffeg"


def test_xml_answers_are_well_formed_with_control_characters(small_app):
    client = small_app.test_client()
    client.post("/sparql", data={"update": f'INSERT DATA {{ <http://example.org/c> <http://www.w3.org/2000/01/rdf-schema#label> "{CONTROL}" . '
                                            f'<http://example.org/c> <http://example.org/knows> <http://example.org/alice> }}'}, headers=AUTH)
    select = client.get("/sparql", query_string={"query": "SELECT ?l WHERE { <http://example.org/c> ?p ?l }"},
                        headers={"Accept": "application/sparql-results+xml"})
    construct = "CONSTRUCT WHERE { <http://example.org/c> ?p ?o }"
    answers = {
        "sparql-xml": select.data,
        "rdf-xml": client.get("/sparql", query_string={"query": construct}, headers={"Accept": "application/rdf+xml"}).data,
        "graphml": client.get("/graph", query_string={"query": construct, "format": "graphml"}).data,
        "gexf": client.get("/graph", query_string={"query": construct, "format": "gexf"}).data,
    }
    for name, body in answers.items():
        root = ET.fromstring(body)  # expat: raises on a character XML 1.0 cannot hold
        texts = " ".join(t for t in root.itertext()) + " ".join(v for e in root.iter() for v in e.attrib.values())
        assert "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg" in texts, name
    json_answer = client.get("/sparql", query_string={"query": "SELECT ?l WHERE { <http://example.org/c> <http://www.w3.org/2000/01/rdf-schema#label> ?l }", "format": "json"})
    assert json_answer.json["results"]["bindings"][0]["l"]["value"] == CONTROL  # JSON keeps them


def test_contrast_csv_neutralizes_formulas_but_sparql_csv_stays_w3c(writable):
    relabel(writable, "=HYPERLINK(\\\"http://evil.example\\\")")
    text = writable.get("/contrast", query_string=[("disease", "ALS"), ("disease", "MS")], headers={"Accept": "text/csv"}).get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=HYPERLINK(\"http://evil.example\")" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    sparql = writable.get("/sparql", query_string={"query": f"SELECT ?l WHERE {{ <{SENSORY}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"},
                          headers={"Accept": "text/csv"}).get_data(as_text=True)
    assert list(csv.reader(io.StringIO(sparql)))[1] == ['=HYPERLINK("http://evil.example")']
    relabel(writable, "sensory neuron")


@pytest.mark.parametrize("accept", [None, "*/*", "application/*", "text/*", requests.utils.default_headers()["Accept"]],
                         ids=["none", "any", "application", "text", "requests"])
def test_contrast_answers_what_command_line_clients_accept(client, accept):
    response = client.get("/contrast", query_string=[("disease", "ALS"), ("disease", "MS")], headers={"Accept": accept} if accept else {})
    assert response.status_code == 200, response.data
    assert response.mimetype in ("application/json", "text/html")
    assert client.get("/contrast", query_string=[("disease", "ALS"), ("disease", "MS")], headers={"Accept": "image/png"}).status_code == 406
