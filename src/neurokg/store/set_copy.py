"""Keeping the deduplicated copy (`SET_GRAPH`) in step with a write, without a pass over the store.

A triple belongs in the copy when some other graph holds it ("held"). A write can only change that
for the triples it adds or removes, so only those are checked:

- loads: the data goes in twice, to its graph and to the copy, in one N-Quads load (one transaction);
- `INSERT DATA` / `DELETE DATA`: their triples, read by pyoxigraph's own parser on a scratch store;
- `DROP`/`CLEAR GRAPH <g>` or `DEFAULT`: the graph's triples, recorded in a scratch graph of the
  same transaction just before the operation;
- anything else (`DELETE/INSERT … WHERE`, `LOAD`, `ADD`/`MOVE`/`COPY`, `… ALL`/`NAMED`): `plan`
  returns None and the caller runs the full pass (`FULL_SYNC`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from ..vocab import SET_GRAPH

SET = ox.NamedNode(SET_GRAPH)
CHANGED = "urn:x-neurokg:changed-triples"  # scratch graph of one update: what a DROP/CLEAR removed
_ALL_GRAPHS = f"{{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{SET_GRAPH}>) }}"
FULL_SYNC = (
    f"INSERT {{ GRAPH <{SET_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ {_ALL_GRAPHS} }} ;\n"
    f"DELETE {{ GRAPH <{SET_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{SET_GRAPH}> {{ ?s ?p ?o }} "
    f"FILTER NOT EXISTS {{ {_ALL_GRAPHS} }} }}"
)
_HELD = f"{{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN (<{SET_GRAPH}>, <{CHANGED}>)) }}"
_TRIPLE_FORMATS_SUFFIX = b" .\n"  # how every line of pyoxigraph's N-Triples ends (literals escape newlines)
_NOT_A_TRIPLE_END = re.compile(rb"(?<! \.)\n")
_DOT_THEN_HASH = re.compile(rb"\.[ \t]*#")


def doubled(data: bytes, fmt: ox.RdfFormat, target: ox.NamedNode | ox.DefaultGraph | None) -> tuple[bytes, bool]:
    """N-Quads of `data` in its graph and in the copy, and whether they were parsed here already
    (then the load can skip checks). N-Triples with one triple per line, each ending in ' .', no
    comment and no blank line (what NeuroKG's importers and rdflib write) is copied line by line."""
    if fmt == ox.RdfFormat.N_TRIPLES and target is not None and _one_triple_per_line(data):
        return _in_graph(data, target) + _in_graph(data, SET), False
    return with_copy(ox.parse(data, fmt), target), True


def _one_triple_per_line(data: bytes) -> bool:
    """Every line ends in ' .' and nothing could be a comment after a final dot (a literal holding
    '. #' only sends the data the parsing way)."""
    return data.endswith(b" .\n") and _NOT_A_TRIPLE_END.search(data) is None and _DOT_THEN_HASH.search(data) is None


def _in_graph(lines: bytes, graph: ox.NamedNode | ox.DefaultGraph) -> bytes:
    return lines if isinstance(graph, ox.DefaultGraph) else lines.replace(_TRIPLE_FORMATS_SUFFIX, f" {graph} .\n".encode())


def with_copy(quads: Iterable[ox.Quad], target: ox.NamedNode | ox.DefaultGraph | None) -> bytes:
    """N-Quads of `quads` (moved to `target` unless None) followed by their triples in the copy.
    Blank node labels are kept, so one load gives both occurrences the same node."""
    if target is None:
        quads = list(quads)
        stated = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        triples = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
    else:  # streamed: no list of Python objects
        triples = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
        stated = _in_graph(triples, target)
    return stated + _in_graph(triples, SET)


def batches(quads: Iterable[ox.Quad], size: int = 200_000) -> Iterator[list[ox.Quad]]:
    iterator = iter(quads)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def plan(sparql: str, base_iri: str | None) -> tuple[str, str] | None:
    """(the update with its recording operations, the sync to append) or None: no cheap sync."""
    from ..query_guard import tokens

    segments: list[list[tuple[str, str, int, int]]] = [[]]
    for token in tokens(sparql):
        if token[0] == "semicolon" and token[2] == 0:
            segments.append([])
        else:
            segments[-1].append(token)
    scratch, inserts, recorded = [], [], False
    for segment in segments:
        words = [(text.upper(), offset) for kind, text, depth, offset in segment if depth == 0 and kind == "word"]
        prologue = [w for w, _ in itertools.takewhile(lambda w: w[0] in ("PREFIX", "BASE"), words)]
        rest = words[len(prologue):]
        start = rest[0][1] if rest else None
        end = segment[-1][3] + len(segment[-1][1]) if segment else 0
        first = segment[0][3] if segment else 0
        if not rest:
            scratch.append(sparql[first:end])
            continue
        op = [w for w, _ in rest[:3]]
        if op[:2] in (["INSERT", "DATA"], ["DELETE", "DATA"]):
            # DELETE DATA parsed as INSERT DATA: same triples, read by the engine's own parser
            scratch.append(f"{sparql[first:start]}INSERT{sparql[start + 6:end]} ;")
        elif op[0] in ("DROP", "CLEAR"):
            graph = _graph_ref(segment, start)
            if graph is None:
                return None
            where = "?s ?p ?o" if graph == "DEFAULT" else f"GRAPH {graph} {{ ?s ?p ?o }}"
            inserts.append((start, f"INSERT {{ GRAPH <{CHANGED}> {{ ?s ?p ?o }} }} WHERE {{ {where} }} ;\n"))
            recorded = True
            scratch.append(sparql[first:start])
        elif op[0] == "CREATE":
            scratch.append(sparql[first:start])
        else:
            return None
    text = "\n".join(scratch).rstrip()
    added = ox.Store()
    try:
        added.update(text.removesuffix(";"), base_iri=base_iri)
    except SyntaxError:
        return None  # the caller's own run reports the error at the user's own line
    candidates, blank_graphs = set(), set()
    for quad in added:
        terms = (quad.subject, quad.object)
        if any(isinstance(t, ox.BlankNode) for t in terms):
            blank_graphs.add(quad.graph_name)  # fresh nodes: found again in their graph after the update
        elif any(isinstance(t, ox.Triple) for t in terms):
            return None
        else:
            candidates.add(quad.triple)
    for start, operation in reversed(inserts):
        sparql = f"{sparql[:start]}{operation}{sparql[start:]}"
    return sparql, _sync(candidates, blank_graphs, recorded)


def _graph_ref(segment, start: int):
    """The graph a DROP/CLEAR names: its IRI or prefixed name as written, 'DEFAULT', or None (ALL,
    NAMED: the full pass)."""
    after = [(kind, text) for kind, text, depth, offset in segment if offset > start and depth == 0]
    after = [t for t in after if t[1].upper() != "SILENT"]
    if not after:
        return None
    if after[0][1].upper() == "DEFAULT":
        return "DEFAULT"
    if after[0][1].upper() == "GRAPH" and len(after) > 1 and after[1][0] in ("iri", "pname"):
        return after[1][1]
    return None


def _sync(candidates: set[ox.Triple], blank_graphs: set, recorded: bool) -> str:
    operations = []
    if recorded:
        operations += [
            f"DELETE {{ GRAPH <{SET_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{CHANGED}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ {_HELD} }} }}",
            f"DROP SILENT GRAPH <{CHANGED}>",
        ]
    if candidates:
        rows = " ".join(f"({t.subject} {t.predicate} {t.object})" for t in candidates)
        values = f"VALUES (?s ?p ?o) {{ {rows} }}"
        operations += [
            f"DELETE {{ GRAPH <{SET_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ {values} GRAPH <{SET_GRAPH}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ {_HELD} }} }}",
            f"INSERT {{ GRAPH <{SET_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ {values} FILTER EXISTS {{ {_HELD} }} }}",
        ]
    for graph in blank_graphs:
        where = "?s ?p ?o" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{ ?s ?p ?o }}"
        operations.append(f"INSERT {{ GRAPH <{SET_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ {where} FILTER(isBlank(?s) || isBlank(?o)) }}")
    return " ;\n".join(operations)
