"""Every attack of issue 13 against NeuroKG (`neurokg serve`, defaults) and Oxigraph's own server
on the same quads, in the same run; prints one table. Point-query latency is measured by a
well-behaved client (127.0.0.1) while the attack runs; runaway queries come from other loopback
addresses. Memory is PSS summed over the server's processes. Figures are noisy on a shared machine.

    .venv/bin/python benchmarks/bench_hostile.py [--seconds 20] [--only runaway] [--neurokg-only] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import hostile as h
import servers

from neurokg.dataset import open_store


def run_attacks(target: h.Target, seconds: float, only: str | None = None) -> list[tuple[str, str]]:
    rows = []

    def probed(name: str, attack: h.Attack | None, settle: float = 2.0) -> None:
        if only and only not in name:
            if attack:
                attack.stop()
            return
        time.sleep(settle)
        prober = h.Prober(target)
        prober.start()
        time.sleep(seconds)
        figures = prober.stop()
        if attack:
            attack.stop()
        rows.append((name, f"point query p50 {figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms, "
                           f"{figures['errors']} errors of {figures['n']}"))
        time.sleep(1)

    probed("no attack (baseline)", None, settle=0)
    probed("8 runaway queries in flight, one client", h.runaways(target, 8, ["127.0.0.2"]))
    probed("8 runaway queries in flight, 8 clients", h.runaways(target, 8, [f"127.0.0.{i}" for i in range(2, 10)]))
    probed("64 slowloris + 8 slow readers (1 KB/s) + 16 slow uploads + 200 idle keep-alive", h.slow_clients(target))
    for name, measure in (("60 KB query mentioning SERVICE and FROM", _judge_60kb),
                          ("16 KB query returning 100,000 long literals", _long_literals), ("2,200+ nested braces", _nesting)):
        if not only or only in name:
            rows.append((name, measure(target)))
    return rows


def _judge_60kb(target: h.Target) -> str:
    queries = {
        "long word": "SELECT * FROM <http://example.org/g> WHERE { SERVICE <http://example.org/s> { ?s ?p " + "a" * 60000 + " } }",
        "quotes": "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o } # SERVICE\n" + '"' * 60000,
        "nested strings": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p '''" + "x" * 60000 + " } }",
    }
    out = []
    for name, text in queries.items():
        start = time.perf_counter()
        try:
            status, _ = h.request(target, text, method="POST", timeout=120)
        except OSError:
            status = 0
        out.append(f"{name}: {status} in {(time.perf_counter() - start) * 1000:.0f} ms")
    return "; ".join(out)


def _long_literals(target: h.Target) -> str:
    before = sum(h.pss_mb(target.pid).values())
    peak, done = [before], threading.Event()

    def watch():
        while not done.is_set():
            peak.append(sum(h.pss_mb(target.pid).values()))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    start = time.perf_counter()
    try:
        conn_status, body = h.request(target, h.LONG_LITERALS, method="POST", accept="text/tab-separated-values", timeout=120)
        size = len(body)
        del body
    except OSError:
        conn_status, size = 0, 0
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    time.sleep(10)
    after = sum(h.pss_mb(target.pid).values())
    return (f"{conn_status}, {size / 1e6:,.0f} MB in {seconds:.1f} s; PSS {before:,.0f} MB before, peak "
            f"{max(peak):,.0f} MB, {after:,.0f} MB 10 s after")


def _nesting(target: h.Target) -> str:
    query = "SELECT * WHERE " + "{" * 2300 + "}" * 2300
    try:
        status, _ = h.request(target, query, method="POST", timeout=60)
    except OSError as error:
        status = f"no answer ({error.__class__.__name__})"
    try:
        alive = h.request(target, "ASK {}", timeout=30)[0]
    except OSError:
        alive = "down"
    return f"answer {status}; next query {alive}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--only", help="run only the attacks whose name contains this")
    parser.add_argument("--neurokg-only", action="store_true", help="skip Oxigraph server")
    parser.add_argument("--repeat", type=int, default=1, help="run the attacks this many times on one server")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="neurokg-hostile-") as folder:
        data = Path(folder) / "data.nq"
        data.write_bytes(open_store("memory").dump("application/n-quads"))
        with servers.neurokg(2, "--data", str(data)) as (base, process):
            target = h.Target("NeuroKG", base, "/sparql", process.pid)
            results["NeuroKG"] = [row for _ in range(args.repeat) for row in run_attacks(target, args.seconds, args.only)]
            print("NeuroKG done", flush=True)
        if not args.neurokg_only:
            with servers.oxigraph(data) as (base, process):
                target = h.Target("Oxigraph", base, "/query", process.pid)
                results["Oxigraph"] = [row for _ in range(args.repeat) for row in run_attacks(target, args.seconds, args.only)]
    print(f"\n| attack | NeuroKG | Oxigraph server |\n| --- | --- | --- |")
    for (name, ours), theirs in zip(results["NeuroKG"], results.get("Oxigraph") or [("", "not run")] * len(results["NeuroKG"]), strict=True):
        print(f"| {name} | {ours} | {theirs[1]} |")


if __name__ == "__main__":
    main()
