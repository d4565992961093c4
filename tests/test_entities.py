"""Our IRIs dereference at /entity/...: HTML for people, RDF for machines; unknown names and path
tricks get 404, never a file."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef


def test_html_page_groups_facts_by_source_and_links_out(client):
    response = client.get("/entity/ALS", headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<h1>amyotrophic lateral sclerosis</h1>" in html
    assert "MS vs. ALS: how do they differ?" in html and "(inferred)" in html
    assert 'href="http://purl.obolibrary.org/obo/MONDO_0004976"' in html
    assert "Lou Gehrig" in html


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_rdf_by_content_negotiation(client, accept, fmt):
    response = client.get("/entity/ALS", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == accept
    graph = Graph().parse(data=response.data, format=fmt)
    assert (URIRef("https://w3id.org/neurokg/ALS"), URIRef("http://www.w3.org/2004/02/skos/core#exactMatch"),
            URIRef("http://purl.obolibrary.org/obo/MONDO_0004976")) in graph


def test_format_parameter(client):
    assert client.get("/entity/Riluzole?format=ttl").mimetype == "text/turtle"


@pytest.mark.parametrize("path", ["/entity/NoSuchThing", "/entity/../../etc/passwd", "/entity/%2e%2e/%2e%2e/etc/passwd",
                                  "/entity/..%2F..%2Fetc%2Fpasswd", "/entity/ALS<script>"])
def test_unknown_or_tricky_names_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.get_data(as_text=True)
