"""README.md for a newcomer: its Python example runs as printed (SPARQLWrapper and rdflib) against a
live server, and it names every graph the store holds and exactly two set-up commands."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from http_server import neurokg_server

from neurokg import queries
from neurokg.paths import ROOT
from neurokg.results import values

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCUMENTED_BASE = "http://127.0.0.1:5000"


@pytest.fixture(scope="module")
def base():
    with neurokg_server() as url:
        yield url


def test_python_example_runs_against_a_live_server(base, tmp_path):
    [example] = re.findall(r"```python\n(.*?)```", README, re.S)
    assert DOCUMENTED_BASE in example and len(example.strip().splitlines()) <= 12
    script = tmp_path / "example.py"
    script.write_text(example.replace(DOCUMENTED_BASE, base), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    *labels, count = done.stdout.splitlines()
    assert "muscle weakness" in labels and labels == sorted(labels)  # ALS symptoms (ORDER BY ?label)
    assert int(count.split()[0]) > 50 and count.endswith("triples about ALS")


def test_readme_names_every_graph(kg_store):
    documented = set(re.findall(r"`(https://w3id\.org/neurokg/graph/[^`]*)`", README))
    articles = {row["graph"] for row in values(kg_store.query(queries.load("contrasts/sources").text))}
    for graph in kg_store.graphs():
        slug = graph.rsplit("/", 1)[-1]
        if graph in articles:
            graph = graph.replace(slug, "<article>")
        elif graph.replace("/inferred/", "/") in articles:
            graph = graph.replace(slug, "<article>")
        assert graph in documented, graph


def test_two_set_up_commands():
    setup = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^    (make \S+)$", setup, re.M) == ["make serve", "make test"]


def test_make_serve_installs_no_test_extras():
    """`make serve` (dry run, every target rebuilt) installs the package and front-end libraries only;
    `make test` adds the test extras and Java."""
    dry = lambda target: subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout  # noqa: E731
    serve, test = dry("serve"), dry("test")
    assert "pip install -q -e ." in serve and "npm ci" in serve and "[test]" not in serve and "system-deps" not in serve
    assert "-e '.[test]'" in test and "openjdk-17-jre-headless" in test
