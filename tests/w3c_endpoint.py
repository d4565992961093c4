"""Running W3C evaluation tests over real HTTP against a served NeuroKG (`neurokg serve`, union
default graph as served, updates on with a token), and directly on its engine (pyoxigraph), and
writing per-folder figures to tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import requests

import w3c_query

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
ARTIFACTS = Path(__file__).parent / "artifacts"
EMPTY_GRAPH = "urn:x-w3c-runner:no-default-graph"  # names no graph: an empty default graph


class Endpoint:
    """A NeuroKG server at `base`, written to with the bearer `token`."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.session = base, requests.Session()
        self.auth = {"Authorization": f"Bearer {token}"}

    def update(self, text: str) -> requests.Response:
        return self.session.post(f"{self.base}/sparql", data=text.encode(), timeout=60,
                                 headers={**self.auth, "Content-Type": "application/sparql-update"})

    def reset(self) -> None:
        response = self.update("DROP ALL")
        assert response.status_code == 204, response.text

    def put(self, data: bytes, graph: str | None) -> None:
        """Add `data` to `graph` (None: the stored default graph) with the Graph Store Protocol."""
        params = {"graph": graph} if graph else {"default": ""}
        response = self.session.post(f"{self.base}/store", params=params, data=data, timeout=60,
                                     headers={**self.auth, "Content-Type": "application/n-triples"})
        assert response.status_code in (201, 204), response.text

    def query(self, text: str, default_graphs=(), named_graphs=()):
        """The answer in comparable form, or 'HTTP <status>'."""
        params = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
        response = self.session.post(f"{self.base}/sparql", params=params, data=text.encode(), timeout=60,
                                     headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT})
        if response.status_code != 200:
            return f"HTTP {response.status_code}"
        media_type = response.headers["Content-Type"].split(";")[0].strip()
        if "sparql-results" in media_type:
            return w3c_query.normalize(ox.parse_query_results(response.content, ox.QueryResultsFormat.from_media_type(media_type)))
        return w3c_query.normalize(list(ox.parse(response.content, ox.RdfFormat.from_media_type(media_type))))

    def graph(self, graph: str | None) -> str:
        params = {"graph": graph} if graph else {"default": ""}
        response = self.session.get(f"{self.base}/store", params=params, headers={"Accept": "application/n-triples"}, timeout=60)
        assert response.status_code == 200, response.text
        return w3c_query.graph_key([q.triple for q in ox.parse(response.content, ox.RdfFormat.N_TRIPLES)])

    def dataset(self) -> dict[str | None, str]:
        """Graph (None: default) -> canonical form, for the stored default graph and every graph with triples."""
        listed = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        names = sorted(dict(row)["g"][1][1:-1] for row in listed[1] if dict(row)["g"][0] == "iri")  # "<iri>"
        return {None: self.graph(None), **{name: self.graph(name) for name in names}}


def run_query(endpoint: Endpoint, test: w3c_query.EvaluationTest) -> tuple[object, str]:
    """Load the test's dataset into the server and ask its query; returns (answer, how).

    how: 'union' when the server's own default graph (the union of all graphs) is the test's
    default graph, 'params' when the test's dataset is named with default-graph-uri and
    named-graph-uri (its named graphs add triples its default graph lacks), 'from' when the
    query names its dataset itself."""
    endpoint.reset()
    if test.names_its_dataset:
        how = "from"
    elif test.union_is_its_default_graph:
        how = "union"
    else:
        how = "params"
    for path in test.data:
        endpoint.put(w3c_query.as_ntriples(path), None if how == "union" else path.as_uri())
    for path in test.graph_data:
        if how == "union" or path not in test.data:
            endpoint.put(w3c_query.as_ntriples(path), path.as_uri())
    if how == "params":
        default = [p.as_uri() for p in test.data] or [EMPTY_GRAPH]
        return endpoint.query(test.query_text(), default, [p.as_uri() for p in test.graph_data]), how
    return endpoint.query(test.query_text()), how


def engine_query(test: w3c_query.EvaluationTest):
    """The same test on pyoxigraph directly, with the test's own dataset (no union default graph)."""
    store = ox.Store()
    for path in test.data:
        store.load(w3c_query.as_ntriples(path), ox.RdfFormat.N_TRIPLES)
    for path in test.graph_data + (test.data if test.names_its_dataset else []):
        store.load(w3c_query.as_ntriples(path), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(path.as_uri()))
    try:
        return w3c_query.normalize(store.query(test.query_text()))
    except (SyntaxError, OSError, ValueError, RuntimeError) as error:
        return f"error {error}"


def run_update(endpoint: Endpoint, test: w3c_query.UpdateTest):
    """Load, update through /sparql with the token, read every graph back; the dataset or 'HTTP <status>'."""
    endpoint.reset()
    for path in test.data:
        endpoint.put(w3c_query.as_ntriples(path), None)
    for path, graph in test.graph_data:
        endpoint.put(w3c_query.as_ntriples(path), graph)
    response = endpoint.update(test.update_text())
    if response.status_code != 204:
        return f"HTTP {response.status_code}"
    return {name: key for name, key in endpoint.dataset().items() if key or name is None}


def engine_update(test: w3c_query.UpdateTest):
    store = ox.Store()
    for path in test.data:
        store.load(w3c_query.as_ntriples(path), ox.RdfFormat.N_TRIPLES)
    for path, graph in test.graph_data:
        store.load(w3c_query.as_ntriples(path), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    try:
        store.update(test.update_text())
    except (SyntaxError, OSError, ValueError, RuntimeError) as error:
        return f"error {error}"
    graphs = [ox.DefaultGraph(), *store.named_graphs()]
    out = {g.value if isinstance(g, ox.NamedNode) else None:
           w3c_query.graph_key([q.triple for q in store.quads_for_pattern(None, None, None, g)]) for g in graphs}
    return {name: key for name, key in out.items() if key or name is None}


def write_summary(name: str, rows: dict[str, dict[str, int]], columns: list[str], note: str) -> Path:
    """tests/artifacts/<name>.txt: one line per folder, then totals."""
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [note, f"{'folder':<22}" + "".join(f"{c:>10}" for c in columns)]
    for folder, counts in sorted(rows.items()):
        lines.append(f"{folder:<22}" + "".join(f"{counts.get(c, 0):>10}" for c in columns))
    counted = [r for folder, r in rows.items() if "apart" not in folder]
    lines.append(f"{'total (not apart)':<22}" + "".join(f"{sum(r.get(c, 0) for r in counted):>10}" for c in columns))
    path = ARTIFACTS / f"{name}.txt"
    path.write_text("\n".join(lines) + "\n")
    return path
