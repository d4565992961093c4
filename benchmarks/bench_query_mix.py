"""Query mix over HTTP: the example and contrast queries, p50/p95 latency and queries per second,
NeuroKG (`neurokg serve`, pyoxigraph) against a plain rdflib-backed Flask endpoint and Oxigraph's
own server (`oxigraph serve-read-only`), all serving the same data in the same run.

    .venv/bin/python benchmarks/bench_query_mix.py                 # the core NeuroKG graph
    .venv/bin/python benchmarks/bench_query_mix.py --scale --reps 10 --rdflib-reps 0 --rdflib-limit 60 --rdflib-budget 900
                                                                   # plus full HPO (+annotations), MONDO, UBERON, ChEBI imports

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

# no-cache: NeuroKG evaluates every repetition (its answer cache would otherwise serve them)
ACCEPT = {"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"}


def mix(scale: bool) -> dict[str, str]:
    names = [n for n in queries.names("examples") if scale or not queries.load(n).requires]
    out = {n.split("/")[-1]: queries.load(n).text for n in names}
    for disease in ("ALS", "MS"):
        for name in ("disease-values", "quantities"):
            out[f"contrast:{name}:{disease}"] = queries.load(f"contrasts/{name}").text + f"\nVALUES ?disease {{ <https://w3id.org/neurokg/{disease}> }}\n"
    return out


def run(base: str, texts: dict[str, str], reps: int, limit: float = 600, budget: float = float("inf")):
    """p50/p95 per query after one warm-up request, and queries/s. A query over `limit` seconds is
    recorded as ('timeout', limit); queries left when `budget` seconds are spent as ('not run', 0)."""
    session, out, started, total = requests.Session(), {}, time.perf_counter(), 0
    for name, text in texts.items():
        if time.perf_counter() - started > budget:
            out[name] = ("not run", 0.0)
            continue
        try:
            first = time.perf_counter()
            if not session.post(f"{base}/sparql", data={"query": text}, headers=ACCEPT, timeout=limit).ok:
                out[name] = None  # this engine cannot answer the query
                continue
        except requests.Timeout:
            out[name] = ("timeout", limit)
            return out, total / (time.perf_counter() - started), name  # the server is still busy with it
        times = [(time.perf_counter() - first) * 1000] if reps == 0 else []
        for _ in range(reps):
            t = time.perf_counter()
            session.post(f"{base}/sparql", data={"query": text}, headers=ACCEPT, timeout=limit).raise_for_status()
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        out[name] = (statistics.median(times), times[max(0, math.ceil(len(times) * 0.95) - 1)])
        total += len(times)
    return out, total / (time.perf_counter() - started), None


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
    parser.add_argument("--rdflib-reps", type=int, default=5, help="0: the warm-up request is the measurement")
    parser.add_argument("--rdflib-limit", type=float, default=600, help="seconds before an rdflib query counts as a timeout")
    parser.add_argument("--rdflib-budget", type=float, default=3600, help="seconds for all rdflib queries")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="neurokg-bench-") as folder:
        data, size = build(args.scale, Path(folder))
        print(f"dataset: {size:,} quads")
        if args.scale:
            load_speed(data)
        texts = mix(args.scale)
        results, memory = {}, {}
        with servers.neurokg(2, "--data", str(data), "--timeout", "120") as (base, process):
            results["neurokg"] = run(base, texts, args.reps)[:2]
            memory["neurokg"] = servers.peak_memory_mb(process.pid)
        print("NeuroKG done:", _brief(results["neurokg"][0]), flush=True)
        with servers.oxigraph(data) as (base, process):
            results["oxigraph"] = _oxigraph(base, texts, args.reps)[:2]
            memory["oxigraph"] = servers.peak_memory_mb(process.pid)
        print("Oxigraph done:", _brief(results["oxigraph"][0]), flush=True)
        raw = _raw_pyoxigraph(data, texts, args.reps)
        print("raw pyoxigraph done:", _brief(raw), flush=True)
        results["rdflib"], memory["rdflib"] = _rdflib(data, texts, args)
    report(results, memory, raw)


def _raw_pyoxigraph(data: Path, texts: dict[str, str], reps: int) -> dict[str, tuple[float, float]]:
    """The engine alone, in this process: evaluate and serialize to SPARQL JSON, no HTTP."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    out = {}
    for name, text in texts.items():
        times = []
        for i in range(reps + 1):
            t = time.perf_counter()
            result = store.query(text, use_default_graph_as_union=True)
            if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
                result.serialize(format=ox.QueryResultsFormat.JSON)
            else:
                ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
            if i:
                times.append((time.perf_counter() - t) * 1000)
        times.sort()
        out[name] = (statistics.median(times), times[max(0, math.ceil(len(times) * 0.95) - 1)])
    return out


def _rdflib(data: Path, texts: dict[str, str], args) -> tuple[tuple[dict, float], float]:
    """The baseline, restarted after a query past --rdflib-limit (its worker would go on computing
    and slow the next query down), within --rdflib-budget seconds in all."""
    out, rates, peak, started, left = {}, [], 0.0, time.perf_counter(), dict(texts)
    while left:
        remaining = args.rdflib_budget - (time.perf_counter() - started)
        with servers.gunicorn_app("rdflib_endpoint", 2, env={"NEUROKG_BENCH_DATA": str(data)}) as (base, process):
            measured, rate, stopped_at = run(base, left, args.rdflib_reps, args.rdflib_limit, max(0.0, remaining))
            peak = max(peak, servers.peak_memory_mb(process.pid))
        out.update(measured)
        rates.append(rate)
        names = list(left)
        left = {n: left[n] for n in names[names.index(stopped_at) + 1:]} if stopped_at else {}
        print("rdflib so far:", _brief(out), flush=True)
    return (out, statistics.mean(rates)), peak


def _brief(results: dict) -> str:
    return ", ".join(f"{name}={value[0] if isinstance(value[0], str) else round(value[0], 1)}"
                     for name, value in results.items() if value)


def _oxigraph(base: str, texts: dict[str, str], reps: int):
    """Oxigraph's server answers at /query; reuse `run` with a thin shim."""
    class Shim(str):
        def __add__(self, path):
            return str.__add__(self, "/query" if path == "/sparql" else path)

    return run(Shim(base), texts, reps)


def report(results, memory, raw) -> None:
    """One row per query; rdflib timeouts count at their limit (a lower bound) in the mean."""
    names = list(results["neurokg"][0])
    print(f"\n{'query':<42} {'NeuroKG p50':>11} {'p95':>7} {'raw pyox p50':>12} {'Oxigraph p50':>12} {'rdflib p50':>11} {'rdflib/NKG':>10} {'NKG/Oxi':>8}")
    slow, near, bounds, over_raw = [], [], 0, []
    for name in names:
        n, o, r = results["neurokg"][0][name], results["oxigraph"][0][name], results["rdflib"][0].get(name)
        near.append(n[0] / o[0])
        over_raw.append(n[0] - raw[name][0])
        prefix = f"{name[:42]:<42} {n[0]:>9.2f}ms {n[1]:>5.1f}ms {raw[name][0]:>10.2f}ms {o[0]:>10.2f}ms"
        if r is None or r[0] == "not run":
            print(f"{prefix} {'error' if r is None else 'not run':>11} {'':>10} {n[0] / o[0]:>7.2f}x")
            continue
        rdflib_ms = r[1] * 1000 if r[0] == "timeout" else r[0]
        bounds += r[0] == "timeout"
        slow.append(rdflib_ms / n[0])
        shown = f">{r[1]:g} s" if r[0] == "timeout" else f"{r[0]:.1f}ms"
        print(f"{prefix} {shown:>11} {('>' if r[0] == 'timeout' else '') + f'{rdflib_ms / n[0]:.1f}x':>10} {n[0] / o[0]:>7.2f}x")
    geo = lambda xs: math.exp(sum(math.log(x) for x in xs) / len(xs))  # noqa: E731
    note = f" (at least: {bounds} rdflib queries stopped at their limit)" if bounds else ""
    print(f"\ngeometric mean over the {len(slow)} queries rdflib answered or ran out of time on: NeuroKG is {geo(slow):.1f}x faster than rdflib{note}; "
          f"{geo(near):.2f}x Oxigraph's server latency over all {len(near)}")
    print(f"raw pyoxigraph in-process (evaluate + serialize, no HTTP): NeuroKG over HTTP adds a median "
          f"{statistics.median(over_raw):.2f} ms per query; geometric mean NeuroKG/raw "
          f"{geo([results['neurokg'][0][k][0] / raw[k][0] for k in names]):.1f}x")
    print("queries/s (sequential, one client): " + ", ".join(f"{k} {v[1]:.0f}" for k, v in results.items()))
    print("peak memory (server and workers): " + ", ".join(f"{k} {v:,.0f} MB" for k, v in memory.items()))


if __name__ == "__main__":
    main()
