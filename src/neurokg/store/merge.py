"""Several graphs as one default graph: their RDF merge (SPARQL 1.1 §13.2), each triple once.

pyoxigraph evaluates a default graph of several graphs (`FROM <a> FROM <b>`, several
`default-graph-uri`, `USING <a> USING <b>`) as a bag: a triple stated in both counts twice. So:

- a query gets a scratch in-memory store holding the merge as its default graph and the named
  graphs of its dataset as they are (the store's own terms, blank nodes included), kept until the
  next write for the same dataset;
- an update operation with several `USING` graphs gets, in its own transaction, the merge written
  to a scratch graph just before it, its `USING` clauses replaced by that graph, and the scratch
  graph dropped just after it.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pyoxigraph as ox

MERGED = ox.NamedNode("urn:x-neurokg:merged-default-graph")


def query_dataset(sparql: str, base_iri: str | None) -> tuple[list[str], list[str]]:
    """IRIs of the query's FROM and FROM NAMED clauses (prefixed names and relative IRIs resolved)."""
    from ..query_guard import tokens

    default, named, prefixes, base = [], [], {}, base_iri or ""
    items = [(kind, text) for kind, text, depth, _ in tokens(sparql) if depth == 0]
    for i, (kind, text) in enumerate(items):
        word = text.upper() if kind == "word" else None
        if word == "BASE" and i + 1 < len(items) and items[i + 1][0] == "iri":
            base = urljoin(base, items[i + 1][1][1:-1])
        elif word == "PREFIX" and i + 2 < len(items) and items[i + 2][0] == "iri":
            prefixes[items[i + 1][1]] = urljoin(base, items[i + 2][1][1:-1])
        elif word == "FROM":
            into, j = (named, i + 2) if i + 1 < len(items) and items[i + 1][1].upper() == "NAMED" else (default, i + 1)
            if j < len(items):
                into.append(_resolve(items[j], prefixes, base))
    return default, named


def _resolve(token: tuple[str, str], prefixes: dict[str, str], base: str) -> str:
    kind, text = token
    if kind == "iri":
        return urljoin(base, text[1:-1])
    prefix, _, local = text.partition(":")
    return prefixes.get(prefix + ":", "") + local


def merged_store(store: ox.Store, default: list[str], named: list[str]) -> ox.Store:
    """A scratch store: the merge of `default` in MERGED, each of `named` as it is. The graphs are
    dumped by pyoxigraph and read back in one N-Quads document, so a blank node two graphs share
    stays one node."""
    def lines(graph: str, into: ox.NamedNode) -> bytes:
        triples = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        return triples.replace(b" .\n", f" {into} .\n".encode())

    scratch = ox.Store()
    document = b"".join([*(lines(g, MERGED) for g in default), *(lines(g, ox.NamedNode(g)) for g in named)])
    scratch.load(document, ox.RdfFormat.N_QUADS, lenient=True)
    return scratch


def with_merged_using(sparql: str) -> str:
    """`sparql` with every operation of several USING graphs evaluated on their merge."""
    from ..query_guard import tokens

    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in text order
    operation_start, usings = 0, []

    def close(end: int) -> None:
        graphs = [text for kind, text, _, _ in usings]
        if len(dict.fromkeys(graphs)) > 1:
            values = " ".join(graphs)
            before = (f"DROP SILENT GRAPH {MERGED} ;\nINSERT {{ GRAPH {MERGED} {{ ?s ?p ?o }} }} WHERE {{ "
                      f"VALUES ?merged {{ {values} }} GRAPH ?merged {{ ?s ?p ?o }} }} ;\n")
            edits.append((operation_start, operation_start, before))
            first, last = usings[0][2], usings[-1][3]
            edits.append((first, last, f"USING {MERGED}"))
            edits.append((end, end, f" ;\nDROP SILENT GRAPH {MERGED}"))

    items = list(tokens(sparql))
    for i, (kind, text, depth, offset) in enumerate(items):
        if depth != 0:
            continue
        word = text.upper() if kind == "word" else None
        if word in ("WITH", "INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "ADD", "MOVE", "COPY") and not _within_operation(items, i):
            operation_start = offset
        elif word == "USING" and i + 1 < len(items) and items[i + 1][1].upper() != "NAMED" and i + 1 < len(items):
            target = items[i + 1]
            usings.append((target[0], target[1], offset, target[3] + len(target[1])))
        elif kind == "semicolon":
            close(offset)
            usings = []
    close(len(sparql.rstrip()))
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        sparql = f"{sparql[:start]}{replacement}{sparql[end:]}"
    return sparql


def _within_operation(items, i: int) -> bool:
    """Is the keyword at `i` inside an operation already (INSERT after DELETE, DELETE after WITH)?"""
    for kind, text, depth, _ in reversed(items[:i]):
        if depth != 0:
            continue
        if kind == "semicolon":
            return False
        if kind == "word" and text.upper() in ("WITH", "INSERT", "DELETE"):
            return True
    return False
