"""Each article can be found by a reader: title, publisher, URL (or, where its archived text gives
none, a statement saying so), access date; contrast pages, entity pages and Markdown contrasts link
to the article, not only to its graph."""

from __future__ import annotations

import re

import pytest
from conftest import W3C_SUITE
from rdflib import Graph, Namespace, URIRef

from neurokg.paths import DATA_DIR

DCT = Namespace("http://purl.org/dc/terms/")
NKG = Namespace("https://w3id.org/neurokg/")
SCHEMA_URL = URIRef("https://schema.org/url")
TEXTS = W3C_SUITE.parent / "sources"  # the archived article texts, next to the W3C suites
SOURCES = Graph().parse(DATA_DIR / "sources.ttl")
ARTICLES = sorted(SOURCES.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), NKG.Article))


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.rsplit("/", 1)[-1])
def test_article_carries_what_a_reader_needs(article):
    one = lambda p: SOURCES.value(article, p)  # noqa: E731
    assert one(DCT.title) and one(NKG.accessed).datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert (one(SCHEMA_URL) is None) != (one(NKG.noUrl) is None), "a URL, or a statement that there is none"
    assert (one(DCT.publisher) is None) != (one(NKG.noPublisher) is None)
    assert re.fullmatch(r"infores:[a-z0-9-]+", str(one(NKG.infores)))


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.rsplit("/", 1)[-1])
def test_citation_matches_the_archived_text(article):
    path = TEXTS / str(SOURCES.value(article, NKG.dataFile))
    if not path.is_file():
        pytest.skip(f"archived article texts not found in {TEXTS}")
    text = path.read_text(encoding="utf-8")
    urls = re.findall(r"https?://\S+", text)
    url = SOURCES.value(article, SCHEMA_URL)
    assert (str(url) in urls) if url else not urls, "a URL only where the text gives it, and then that one"
    publisher = SOURCES.value(article, DCT.publisher)
    assert publisher is None or str(publisher) in text


def test_contrast_page_links_each_article(client):
    page = client.get("/contrast?disease=ALS&disease=MS", headers={"Accept": "text/html"}).get_data(as_text=True)
    links = re.findall(r'<li id="src-([^"]+)"><strong><a href="([^"]+)" class="article">', page)
    assert {slug for slug, _ in links} == {a.rsplit("/", 1)[-1] for a in ARTICLES}
    for slug, href in links:
        article = client.get(href).get_data(as_text=True)  # no article has a URL: its page here
        assert href == f"/entity/source/{slug}" and "accessed" in article and "no URL" in article


def test_entity_page_and_markdown_link_the_article(client):
    page = client.get("/entity/ALS", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<a class="article" href="/entity/source/ms-vs-als-ms-news-today">MS vs. ALS' in page
    markdown = client.get("/contrast?disease=ALS&disease=MS&format=md").get_data(as_text=True)
    assert "https://w3id.org/neurokg/source/what-is-the-difference-ms-als" in markdown
