"""A remote store: any SPARQL 1.1 Protocol + Graph Store Protocol server (Oxigraph, Fuseki, Virtuoso…)."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
import requests

from . import Result, StoreError, Term

_SELECT_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9"


class RemoteStore:
    """Talks to `query_url`; updates go to `update_url` and graph writes to `store_url`.

    The defaults follow Oxigraph's layout (`/query`, `/update`, `/store`) and can be overridden.
    """

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float = 30.0,
        form_encoded: bool = False,
        results_accept: str = _SELECT_ACCEPT,
        graph_accept: str = _GRAPH_ACCEPT,
    ) -> None:
        base = query_url.rsplit("/", 1)[0]
        self.query_url = query_url
        self.update_url = update_url or base + "/update"
        self.store_url = store_url or base + "/store"
        self.timeout = timeout
        self.form_encoded = form_encoded  # send query=/update= forms instead of direct POST bodies
        self.results_accept = results_accept
        self.graph_accept = graph_accept
        self._session = requests.Session()

    def _request(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            response = self._session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise StoreError(f"remote store at {url} is unreachable: {exc.__class__.__name__}") from exc
        if response.status_code == 400:
            raise SyntaxError(response.text.strip()[:500])
        if response.status_code >= 300:
            raise StoreError(f"remote store answered {response.status_code}: {response.text[:300]}")
        return response

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> Result:
        if bindings:
            sparql = _with_values(sparql, bindings)
        if base_iri:
            sparql = f"BASE <{base_iri}>\n{sparql}"
        params = [("default-graph-uri", g) for g in default_graph or []]
        params += [("named-graph-uri", g) for g in named_graphs or []]
        accept = self.graph_accept if _returns_graph(sparql) else self.results_accept
        if self.form_encoded:
            response = self._request("POST", self.query_url, data=[("query", sparql), *params], headers={"Accept": accept})
        else:
            response = self._request(
                "POST", self.query_url, params=params, data=sparql.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
            )
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        results_format = ox.QueryResultsFormat.from_media_type(media_type) if "sparql-results" in media_type else None
        if results_format is not None:
            return _ask_as_boolean(ox.parse_query_results(response.content, results_format))
        triples = ox.parse(response.content, ox.RdfFormat.from_media_type(media_type or "text/turtle"))
        return _Triples(q.triple for q in triples)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        if base_iri:
            sparql = f"BASE <{base_iri}>\n{sparql}"
        if self.form_encoded:
            self._request("POST", self.update_url, data={"update": sparql})
            return
        self._request(
            "POST",
            self.update_url,
            data=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def load(self, data: bytes, media_type: str, graph: str | None = None) -> None:
        params = {"graph": graph} if graph else {"default": ""}
        if ox.RdfFormat.from_media_type(media_type) in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            params = {}
        self._request("POST", self.store_url, params=params, data=data, headers={"Content-Type": media_type})

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        params = {"graph": graph} if graph else {"default": ""}
        if ox.RdfFormat.from_media_type(media_type) in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            params = {}
        return self._request("GET", self.store_url, params=params, headers={"Accept": media_type}).content

    def graphs(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row["g"].value for row in rows if row["g"] is not None)

    def clear(self, graph: str | None = None) -> None:
        self.update(f"CLEAR GRAPH <{graph}>" if graph else "CLEAR ALL")

    def reader(self) -> RemoteStore:
        return RemoteStore(self.query_url, update_url=self.update_url, store_url=self.store_url, timeout=self.timeout,
                           form_encoded=self.form_encoded, results_accept=self.results_accept,
                           graph_accept=self.graph_accept)

    @classmethod
    def virtuoso(cls, sparql_url: str, **options) -> RemoteStore:
        """Virtuoso: queries and updates (form-encoded) at /sparql, Graph Store Protocol at /sparql-graph-crud."""
        base = sparql_url.rsplit("/", 1)[0]
        return cls(sparql_url, update_url=sparql_url, store_url=base + "/sparql-graph-crud", form_encoded=True,
                   results_accept="application/sparql-results+xml", graph_accept="text/turtle", **options)

    def __len__(self) -> int:
        """Quads in named graphs (servers differ in how their default graph can be addressed)."""
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)


class _Triples(list):
    """Triples of a CONSTRUCT/DESCRIBE answer, iterable like pyoxigraph's `QueryTriples`."""

    def __init__(self, triples):
        super().__init__(triples)

    def serialize(self, output=None, format=None):
        return ox.serialize(self, output, format or ox.RdfFormat.N_TRIPLES)


def _returns_graph(sparql: str) -> bool:
    """CONSTRUCT or DESCRIBE (some servers refuse an Accept header that lists results formats first)."""
    from ..query_guard import tokens

    forms = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
    first = next((t.upper() for kind, t, _, _ in tokens(sparql) if kind == "word" and t.upper() in forms), "SELECT")
    return first in ("CONSTRUCT", "DESCRIBE")


def _ask_as_boolean(result: Result) -> Result:
    """Virtuoso answers ASK as a one-row SELECT of ?__ASK_RETVAL (1 or 0): turn it back into a boolean."""
    if isinstance(result, ox.QuerySolutions) and [v.value for v in result.variables] == ["__ASK_RETVAL"]:
        answer = any(row["__ASK_RETVAL"].value == "1" for row in result)
        return ox.parse_query_results('{"head":{},"boolean":%s}' % str(answer).lower(), ox.QueryResultsFormat.JSON)
    return result


def _with_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Pre-bind variables for a remote server with a VALUES block (terms in N-Triples form), placed
    first in the WHERE group of a SELECT/ASK (servers such as Virtuoso mis-join a trailing one)."""
    from ..query_guard import tokens

    names = " ".join(f"?{name}" for name in bindings)
    block = f"VALUES ({names}) {{ ({' '.join(str(term) for term in bindings.values())}) }}"
    if not _returns_graph(sparql):
        opening = next((offset for kind, _, depth, offset in tokens(sparql) if kind == "open" and depth == 0), None)
        if opening is not None and sparql[opening] == "{":
            return f"{sparql[:opening + 1]}\n  {block}\n{sparql[opening + 1:]}"
    return f"{sparql.rstrip()}\n{block}"
