"""Query mix over HTTP: the example and contrast queries, p50/p95 latency and queries per second,
NeuroKG (`neurokg serve`, pyoxigraph) against a plain rdflib-backed Flask endpoint and Oxigraph's
own server (`oxigraph serve-read-only`), all serving the same data in the same run.

    .venv/bin/python benchmarks/bench_query_mix.py                 # the core NeuroKG graph
    .venv/bin/python benchmarks/bench_query_mix.py --scale         # plus full HPO (+annotations), MONDO, UBERON, ChEBI imports

With --scale it also reports load time (pyoxigraph bulk load vs rdflib parse) and peak memory.
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
import time
from pathlib import Path

import requests
import servers

from neurokg import queries
from neurokg.dataset import open_store
from neurokg.imports import import_ontology

ACCEPT = {"Accept": "application/sparql-results+json"}


def mix(scale: bool) -> dict[str, str]:
    names = [n for n in queries.names("examples") if scale or not queries.load(n).requires]
    out = {n.split("/")[-1]: queries.load(n).text for n in names}
    for disease in ("ALS", "MS"):
        for name in ("disease-values", "quantities"):
            out[f"contrast:{name}:{disease}"] = queries.load(f"contrasts/{name}").text + f"\nVALUES ?disease {{ <https://w3id.org/neurokg/{disease}> }}\n"
    return out


def run(base: str, texts: dict[str, str], reps: int) -> tuple[dict[str, tuple[float, float]], float]:
    session, out, started, total = requests.Session(), {}, time.perf_counter(), 0
    for name, text in texts.items():
        if not session.post(f"{base}/sparql", data={"query": text}, headers=ACCEPT, timeout=600).ok:
            out[name] = None  # this engine cannot answer the query
            continue
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            session.post(f"{base}/sparql", data={"query": text}, headers=ACCEPT, timeout=600).raise_for_status()
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        out[name] = (statistics.median(times), times[max(0, math.ceil(len(times) * 0.95) - 1)])
        total += reps
    return out, total / (time.perf_counter() - started)


def build(scale: bool, folder: Path) -> tuple[Path, int]:
    store = open_store("memory")
    if scale:
        for name in ("hpo", "mondo", "uberon", "chebi"):
            for report in import_ontology(store, name, full=True):
                print(f"  imported {report.graph}: {report.triples:,} triples in {report.seconds:.1f} s")
    path = folder / "data.nq"
    path.write_bytes(store.dump("application/n-quads"))
    return path, len(store)


def load_speed(path: Path) -> None:
    """Bulk load of the N-Quads file into the embedded store (in memory, the default, and on disk)
    next to rdflib parsing the same file."""
    from rdflib import Dataset

    from neurokg.store.embedded import EmbeddedStore

    figures = []
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as location:
        for where, store in (("in memory", EmbeddedStore()), ("on disk", EmbeddedStore(location))):
            start = time.perf_counter()
            store.bulk_load(str(path), "application/n-quads")
            seconds, count = time.perf_counter() - start, len(store)
            figures.append(f"pyoxigraph {where} {seconds:.1f} s ({count / seconds:,.0f} triples/s)")
            del store
    start = time.perf_counter()
    Dataset().parse(str(path), format="nquads")
    rdf = time.perf_counter() - start
    print(f"load {count:,} quads: " + ", ".join(figures) + f"; rdflib {rdf:.1f} s ({count / rdf:,.0f} triples/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", action="store_true")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--rdflib-reps", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="neurokg-bench-") as folder:
        data, size = build(args.scale, Path(folder))
        print(f"dataset: {size:,} quads")
        if args.scale:
            load_speed(data)
        texts = mix(args.scale)
        results, memory = {}, {}
        with servers.neurokg(2, "--data", str(data), "--timeout", "120") as (base, process):
            results["neurokg"] = run(base, texts, args.reps)
            memory["neurokg"] = servers.peak_memory_mb(process.pid)
        with servers.oxigraph(data) as (base, process):
            results["oxigraph"] = _oxigraph(base, texts, args.reps)
            memory["oxigraph"] = servers.peak_memory_mb(process.pid)
        with servers.gunicorn_app("rdflib_endpoint", 2, env={"NEUROKG_BENCH_DATA": str(data)}) as (base, process):
            results["rdflib"] = run(base, texts, args.rdflib_reps)
            memory["rdflib"] = servers.peak_memory_mb(process.pid)
    report(results, memory)


def _oxigraph(base: str, texts: dict[str, str], reps: int):
    """Oxigraph's server answers at /query; reuse `run` with a thin shim."""
    class Shim(str):
        def __add__(self, path):
            return str.__add__(self, "/query" if path == "/sparql" else path)

    return run(Shim(base), texts, reps)


def report(results, memory) -> None:
    names = list(results["neurokg"][0])
    print(f"\n{'query':<42} {'NeuroKG p50':>11} {'p95':>7} {'Oxigraph p50':>12} {'rdflib p50':>11} {'rdflib/NKG':>10} {'NKG/Oxi':>8}")
    slow, near = [], []
    for name in names:
        n, o, r = results["neurokg"][0][name], results["oxigraph"][0][name], results["rdflib"][0][name]
        near.append(n[0] / o[0])
        if r is None:
            print(f"{name[:42]:<42} {n[0]:>9.2f}ms {n[1]:>5.1f}ms {o[0]:>10.2f}ms {'error':>11} {'':>10} {n[0] / o[0]:>7.2f}x")
            continue
        slow.append(r[0] / n[0])
        print(f"{name[:42]:<42} {n[0]:>9.2f}ms {n[1]:>5.1f}ms {o[0]:>10.2f}ms {r[0]:>9.1f}ms {r[0] / n[0]:>9.1f}x {n[0] / o[0]:>7.2f}x")
    geo = lambda xs: math.exp(sum(math.log(x) for x in xs) / len(xs))  # noqa: E731
    print(f"\ngeometric mean: NeuroKG is {geo(slow):.1f}x faster than rdflib; {geo(near):.2f}x Oxigraph's server latency")
    print("queries/s (sequential, one client): " + ", ".join(f"{k} {v[1]:.0f}" for k, v in results.items()))
    print("peak memory (server and workers): " + ", ".join(f"{k} {v:,.0f} MB" for k, v in memory.items()))


if __name__ == "__main__":
    main()
