"""The deduplicated copy behind the default graph stays equal to the set of triples of every other
graph after any write, checked against a Python set read from the raw pyoxigraph store (not through
the engine's answer), over random write sequences; and a load killed mid-way leaves it consistent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neurokg.store.embedded import EmbeddedStore
from neurokg.vocab import SET_GRAPH

EX = "http://example.org/"
GRAPHS = [None, f"{EX}g1", f"{EX}g2", f"{EX}g3"]
TRIPLES = [f"<{EX}s{i % 3}> <{EX}p> <{EX}o{i}>" for i in range(5)] + [f'<{EX}s0> <{EX}label> "x"@en']


def _copy_is_the_set(store: EmbeddedStore) -> None:
    raw = store._store
    held = {q.triple for q in raw.quads_for_pattern(None, None, None, None) if q.graph_name != ox.NamedNode(SET_GRAPH)}
    copy = {q.triple for q in raw.quads_for_pattern(None, None, None, ox.NamedNode(SET_GRAPH))}
    assert copy == held
    assert not raw.contains_named_graph(ox.NamedNode("urn:x-neurokg:changed-triples"))


def _block(graph, triples) -> str:
    body = " . ".join(triples)
    return f"GRAPH <{graph}> {{ {body} }}" if graph else body


graph = st.sampled_from(GRAPHS)
triples = st.lists(st.sampled_from(TRIPLES), min_size=1, max_size=4)
write = st.one_of(
    st.tuples(st.just("insert"), graph, triples),
    st.tuples(st.just("delete"), graph, triples),
    st.tuples(st.just("load"), graph, triples),
    st.tuples(st.just("load turtle"), graph, triples),
    st.tuples(st.just("drop"), graph, st.just([])),
    st.tuples(st.just("blank"), graph, st.just([])),
    st.tuples(st.just("where"), graph, triples),
    st.tuples(st.just("mixed"), graph, triples),
    st.tuples(st.just("copy"), graph, st.just([])),
)


def _apply(store: EmbeddedStore, kind: str, graph, triples) -> None:
    if kind == "insert":
        store.update(f"INSERT DATA {{ {_block(graph, triples)} }}")
    elif kind == "delete":
        store.update(f"DELETE DATA {{ {_block(graph, triples)} }}")
    elif kind == "load":
        store.load(" .\n".join(triples).encode() + b" .\n", "application/n-triples", graph)
    elif kind == "load turtle":  # parsed: blank nodes, comments
        body = " .\n".join(triples) + f" .\n[] <{EX}p> [ <{EX}q> 1 ] . # a comment .\n"
        store.load(body.encode(), "text/turtle", graph)
    elif kind == "drop":
        store.update(f"DROP SILENT GRAPH <{graph}>" if graph else "CLEAR DEFAULT")
    elif kind == "blank":
        store.update(f"PREFIX ex: <{EX}> INSERT DATA {{ {_block(graph, ['_:b ex:p [ ex:q _:b ]'])} }}")
    elif kind == "where":  # a general update: the full pass
        pattern = _block(graph, [t.replace(f"<{EX}p>", "?p") for t in triples[:1]])
        store.update(f"DELETE WHERE {{ {pattern} }}")
    elif kind == "mixed":  # several cheap operations in one request, a prefix carried over
        store.update(f"PREFIX ex: <{EX}>\nINSERT DATA {{ {_block(graph, triples)} }} ;\n"
                     f"DROP SILENT GRAPH ex:g1 ;\nDELETE DATA {{ {_block(graph, triples[:1])} }} ;\n"
                     f"INSERT DATA {{ GRAPH ex:g2 {{ {triples[-1]} }} }}")
    elif kind == "copy":
        store.update(f"COPY SILENT DEFAULT TO <{graph or GRAPHS[1]}>")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(write, min_size=1, max_size=8))
def test_the_copy_is_the_set_of_all_graphs_after_every_write(sequence):
    store = EmbeddedStore()
    for kind, graph, chosen in sequence:
        _apply(store, kind, graph, chosen)
        _copy_is_the_set(store)


def test_the_check_fails_on_a_stale_copy():
    """The property above is not vacuous: a copy the write did not update is caught."""
    store = EmbeddedStore()
    store.load(f"{TRIPLES[0]} .".encode(), "application/n-triples", GRAPHS[1])
    store._store.update(f"DELETE DATA {{ GRAPH <{GRAPHS[1]}> {{ {TRIPLES[0]} }} }}")  # behind the copy's back
    with pytest.raises(AssertionError):
        _copy_is_the_set(store)


@pytest.mark.parametrize("line", [f"{TRIPLES[0]} . # a comment .", f"{TRIPLES[0]} .", f"{TRIPLES[0]}.", f"  {TRIPLES[0]} .\r"])
def test_n_triples_lines_land_in_their_graph(line):
    """Lines copied as they are and lines that need parsing (a comment, no space, CR) alike."""
    store = EmbeddedStore()
    store.load(f"{line}\n\n{TRIPLES[1]} .\n".encode(), "application/n-triples", GRAPHS[1])
    stored = {(q.triple, q.graph_name) for q in store._store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPHS[1]))}
    assert len(stored) == 2 and len(store) == 2
    _copy_is_the_set(store)


def test_graph_store_writes_keep_the_copy(tmp_path):
    """PUT (DROP + INSERT DATA), POST (INSERT DATA) and DELETE (DROP) as the Graph Store endpoint sends them."""
    store = EmbeddedStore(str(tmp_path / "store"))
    for update in (f"DROP SILENT GRAPH <{GRAPHS[1]}> ;\nINSERT DATA {{ GRAPH <{GRAPHS[1]}> {{ {TRIPLES[0]} . {TRIPLES[1]} . }} }}",
                   f"INSERT DATA {{ GRAPH <{GRAPHS[2]}> {{ {TRIPLES[0]} . }} }}",
                   f"DROP SILENT GRAPH <{GRAPHS[1]}> ;\nINSERT DATA {{ GRAPH <{GRAPHS[1]}> {{ {TRIPLES[2]} . }} }}",
                   f"DROP GRAPH <{GRAPHS[2]}>",
                   "DROP SILENT DEFAULT ;\nINSERT DATA { _:x <http://example.org/p> _:y . }"):
        store.update(update)
        _copy_is_the_set(store)
    assert len(store) == 2


_LOADER = """
import sys
from neurokg.store.embedded import EmbeddedStore
store = EmbeddedStore(sys.argv[1])
lines = [f'<http://example.org/s{i}> <http://example.org/p> "{i}" .' for i in range(100_000)]
data = ("\\n".join(lines) + "\\n").encode()
for n in range(1000):
    store.load(data, "application/n-triples", f"http://example.org/g{n}")
    print("loaded", n, flush=True)
"""


def test_a_load_killed_midway_leaves_the_copy_consistent(tmp_path):
    path = tmp_path / "store"
    child = subprocess.Popen([sys.executable, "-c", _LOADER, str(path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "loaded 0"
    time.sleep(0.5)  # inside the second load (one takes several seconds)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    store = EmbeddedStore(str(path))
    _copy_is_the_set(store)
    counts = {g: sum(1 for _ in store._store.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in store.graphs()}
    assert set(counts.values()) == {100_000} and len(counts) >= 1, "each load is whole or absent"
