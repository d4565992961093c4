"""The build: every file parses, malformed files are reported with file and line, nothing partial loads."""

from __future__ import annotations

import pytest

from neurokg import vocab
from neurokg.loader import DataError, build, dataset_files
from neurokg.store import get_store


def test_every_dataset_file_is_loaded_into_its_named_graph(kg_store):
    assert set(dataset_files()) <= set(kg_store.graphs())


def test_malformed_file_names_file_and_line_and_loads_nothing(tmp_path):
    good = tmp_path / "good.ttl"
    good.write_text("<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n")
    bad = tmp_path / "broken.ttl"
    bad.write_text("<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n<http://ex.org/a> oops\n")
    store = get_store("memory")
    with pytest.raises(DataError, match=r"broken\.ttl.*line 2"):
        build(store, files={"http://ex.org/g1": good, "http://ex.org/g2": bad}, progress=False)
    assert len(store) == 0


def test_inferred_graphs_are_separate_from_asserted_ones(kg_store):
    inferred = [g for g in kg_store.graphs() if g.startswith(vocab.INFERRED_PREFIX)]
    asserted_articles = [g for g in kg_store.graphs() if g.startswith(str(vocab.GRAPH)) and "/inferred/" not in g]
    assert asserted_articles
    assert vocab.CURATED_INFERRED_GRAPH in inferred
    for graph in inferred:
        if graph != vocab.CURATED_INFERRED_GRAPH:
            assert vocab.article_graph(graph.rsplit("/", 1)[-1]) in kg_store.graphs()
