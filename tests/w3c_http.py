"""Replaying the W3C HTTP test manifests (SPARQL Protocol, Graph Store Protocol) over real HTTP.

A manifest test is a list of ht:Request records (method, path, headers, body in a given
encoding) each with the ht:Response it expects (status class, boolean, result format, RDF body,
Location). Paths /sparql/ and /gsp map to NeuroKG's /sparql and /store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import requests
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")

STATUS = {"OK": {200}, "Created": {201}, "NoContent": {204}, "NotFound": {404}}


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: list[str]
    boolean: bool | None = None
    result_format: str | None = None
    rdf_body: str | None = None
    rdf_type: str | None = None
    location_variable: str | None = None


@dataclass
class HttpTest:
    name: str
    authority: str
    steps: list[Step]
    graph_data: list[tuple[Path, str]] = field(default_factory=list)


def load(manifest: Path) -> list[HttpTest]:
    """Every test of a manifest (following mf:include), in manifest order."""
    g = Graph().parse(manifest, format="turtle")
    tests = []
    for root in g.subjects(RDF.type, MF.Manifest):
        for include in g.objects(root, MF.include):
            for item in Collection(g, include):
                tests += load(manifest.parent / Path(str(item)).name)
        listed = [t for entries in g.objects(root, MF.entries) for t in Collection(g, entries)]
        unlisted = sorted(t for kind in (MF.ProtocolTest, MF.GraphStoreProtocolTest)
                          for t in g.subjects(RDF.type, kind) if t not in listed)  # defined but left out of mf:entries
        tests += [_test(g, t, manifest.parent) for t in listed + unlisted]
    return tests


def _test(g: Graph, node, folder: Path) -> HttpTest:
    action = g.value(node, MF.action)
    steps = [_step(g, r) for r in Collection(g, g.value(action, HT.requests))]
    data = [(folder / Path(str(g.value(d, UT.graph))).name, str(g.value(d, RDFS.label))) for d in g.objects(node, UT.graphData)]
    return HttpTest(str(g.value(node, MF.name)), str(g.value(action, HT.connectionAuthority)), steps, data)


def _headers(g: Graph, node) -> dict[str, str]:
    headers_list = g.value(node, HT.headers)
    if headers_list is None:
        return {}
    return {str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue)) for h in Collection(g, headers_list)}


def _step(g: Graph, request) -> Step:
    body_node = g.value(request, HT.body)
    body = None
    if body_node is not None:
        encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(g.value(body_node, CNT.chars)).encode(encoding.lower())
    response = g.value(request, HT.resp)
    expected_body = g.value(response, HT.body)
    return Step(
        method=str(g.value(request, HT.methodName)),
        path=str(g.value(request, HT.absolutePath)),
        headers=_headers(g, request),
        body=body,
        statuses=[str(s).rsplit("#", 1)[1] for s in g.objects(response, MF.expectedStatus)],
        boolean=g.value(response, MF.expectedBoolean).toPython() if g.value(response, MF.expectedBoolean) is not None else None,
        result_format=str(g.value(response, MF.expectedFormat) or "") or None,
        rdf_body=str(g.value(expected_body, CNT.chars)) if expected_body is not None else None,
        rdf_type=_headers(g, response).get("content-type"),
        location_variable=str(g.value(response, MF.expectedLocation) or "") or None,
    )


def run(test: HttpTest, base: str, token: str) -> None:
    """Replay one test against the server at `base`; raise AssertionError on the first mismatch."""
    variables: dict[str, str] = {}
    for number, step in enumerate(test.steps, 1):
        path, host = step.path, test.authority
        for name, value in variables.items():
            if path == name:
                parts = urlsplit(value)
                path, host = parts.path + (f"?{parts.query}" if parts.query else ""), parts.netloc
            path = path.replace(name, value)
        path = _map_path(path)
        headers = {**step.headers, "Host": host, "Authorization": f"Bearer {token}"}
        response = requests.request(step.method, base + path, headers=headers, data=step.body, timeout=30, allow_redirects=False)
        where = f"{test.name}, request {number} ({step.method} {path})"
        assert _status_ok(response.status_code, step.statuses), f"{where}: status {response.status_code} not in {step.statuses}: {response.text[:300]}"
        if step.location_variable:
            assert "Location" in response.headers, f"{where}: no Location header"
            variables[step.location_variable] = response.headers["Location"]
        _check_body(response, step, where)


def _map_path(path: str) -> str:
    if path.startswith("/sparql/"):
        return "/sparql" + path[len("/sparql/"):]
    if path.startswith("/gsp"):
        return "/store" + path[len("/gsp"):]
    return path


def _status_ok(code: int, statuses: list[str]) -> bool:
    for status in statuses:
        if status.startswith("StatusCode"):
            if str(code)[0] == status[len("StatusCode")]:
                return True
        elif code in STATUS[status]:
            return True
    return not statuses


def _check_body(response: requests.Response, step: Step, where: str) -> None:
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    if step.result_format in ("boolean", "tabular"):
        assert media_type in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                              "text/tab-separated-values"), f"{where}: {media_type} is not a results format"
    if step.result_format == "RDF":
        assert list(ox.parse(response.content, ox.RdfFormat.from_media_type(media_type))) is not None
    if step.boolean is not None:
        parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.from_media_type(media_type))
        assert bool(parsed) == step.boolean, f"{where}: expected {step.boolean}"
    if step.rdf_body is not None and step.method != "HEAD":
        expected = Graph().parse(data=step.rdf_body, format="turtle")
        actual = Graph().parse(data=response.content, format=_rdflib_format(media_type))
        assert isomorphic(expected, actual), f"{where}: graph differs:\n{response.text}"


def _rdflib_format(media_type: str) -> str:
    return {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}[media_type]
