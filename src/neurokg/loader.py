"""Builds the NeuroKG dataset: ontology, curated entities, sources, one named graph per article,
and what reasoning adds to each article, in its own named graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from tqdm import tqdm

from . import mappings, reasoning, vocab
from .paths import ARTICLES_DIR, DATA_DIR, ONTOLOGY_FILE
from .store import Store


class DataError(ValueError):
    """A data file could not be parsed; names the file and, where known, the line."""


@dataclass
class BuildReport:
    """What `build` loaded: triples per named graph."""

    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def asserted(self) -> int:
        return sum(n for g, n in self.graphs.items() if not g.startswith(vocab.INFERRED_PREFIX))

    @property
    def inferred(self) -> int:
        return sum(n for g, n in self.graphs.items() if g.startswith(vocab.INFERRED_PREFIX))


def dataset_files() -> dict[str, Path]:
    """Named graph IRI -> the Turtle file it is loaded from."""
    files = {
        str(vocab.ONTOLOGY_GRAPH): ONTOLOGY_FILE,
        str(vocab.ENTITIES_GRAPH): DATA_DIR / "entities.ttl",
        str(vocab.SOURCES_GRAPH): DATA_DIR / "sources.ttl",
        str(vocab.CONFLICTS_GRAPH): DATA_DIR / "conflicts.ttl",
    }
    for path in sorted(ARTICLES_DIR.glob("*.ttl")):
        files[vocab.article_graph(path.stem)] = path
    return {g: p for g, p in files.items() if p.is_file()}


def parse(path: Path) -> Graph:
    """Parse one Turtle file, or raise `DataError` naming the file and line."""
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated parser exception types
        raise DataError(f"{path.name}: {exc}") from exc


def build(
    store: Store,
    *,
    files: dict[str, Path] | None = None,
    reasoner: str = reasoning.DEFAULT,
    progress: bool = True,
) -> BuildReport:
    """Parse every file first (nothing partial is loaded), then load them, the mappings generated
    from data/mappings.sssom.tsv (for the NeuroKG build, not for given files) and the closures."""
    with_mappings = files is None
    files = files if files is not None else dataset_files()
    steps = tqdm(total=2 * len(files), desc="Building NeuroKG", unit="step", disable=not progress)
    parsed: dict[str, Graph] = {}
    for graph_iri, path in files.items():
        parsed[graph_iri] = parse(path)
        steps.update()
    report = BuildReport()
    for graph_iri, graph in parsed.items():
        store.load(graph.serialize(format="nt", encoding="utf-8"), "application/n-triples", graph_iri)
        report.graphs[graph_iri] = len(graph)
        steps.update()
    if with_mappings and mappings.MAPPINGS_FILE.is_file():
        mapping_triples = mappings.ntriples()
        store.load(mapping_triples, "application/n-triples", str(vocab.MAPPINGS_GRAPH))
        report.graphs[str(vocab.MAPPINGS_GRAPH)] = mapping_triples.count(b"\n")
    for graph_iri, added in _closures(parsed, files, reasoner, progress).items():
        store.load(added.serialize(format="nt", encoding="utf-8"), "application/n-triples", graph_iri)
        report.graphs[graph_iri] = len(added)
    steps.close()
    return report


def _closures(parsed: dict[str, Graph], files: dict[str, Path], reasoner: str, progress: bool) -> dict[str, Graph]:
    """What OWL RL adds, credited to what entails it: ontology + curated entities alone go to
    graph/inferred/curated; each article's graph gets only what needs that article (the closure
    with it minus the closure without it)."""
    shared_iris = [str(vocab.ONTOLOGY_GRAPH), str(vocab.ENTITIES_GRAPH)]
    shared = [parsed[g] for g in shared_iris if g in parsed]
    shared_bytes = [files[g].read_bytes() for g in shared_iris if g in files]
    articles = {g: p for g, p in files.items() if g not in (*shared_iris, str(vocab.SOURCES_GRAPH), str(vocab.CONFLICTS_GRAPH))}
    curated = reasoning.cached_closure(_merged(shared), shared_bytes, reasoner) if shared else Graph()
    out = {vocab.CURATED_INFERRED_GRAPH: curated} if len(curated) else {}
    for graph_iri, path in tqdm(articles.items(), desc="Reasoning (OWL 2 RL)", unit="article", leave=False, disable=not progress):
        added = reasoning.cached_closure(_merged([*shared, parsed[graph_iri]]), [*shared_bytes, path.read_bytes()], reasoner)
        out[vocab.inferred_graph(graph_iri.rsplit("/", 1)[-1])] = added - curated
    return out


def _merged(graphs: list[Graph]) -> Graph:
    combined = Graph()
    for graph in graphs:
        for triple in graph:
            combined.add(triple)
    return combined
