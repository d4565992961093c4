"""Shared fixtures: the NeuroKG store (built once per session), the Flask app, client and CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from neurokg.dataset import open_store

CASES = Path(__file__).parent / "cases"
W3C_SUITE = Path(os.environ.get("NEUROKG_W3C_SUITE", Path(__file__).resolve().parents[2] / "shared" / "w3c-sparql11"))


@pytest.fixture(scope="session")
def kg_store():
    """The embedded store holding the whole NeuroKG build (ontology, data, inferences)."""
    return open_store("memory")


@pytest.fixture(scope="session")
def hpo_store():
    """The NeuroKG graph plus module imports of HPO (with its disease annotations) and MONDO."""
    from neurokg.imports import import_ontology

    store = open_store("memory")
    for name in ("hpo", "mondo"):
        import_ontology(store, name, progress=False)
    return store


@pytest.fixture(scope="session")
def app(kg_store):
    """The NeuroKG app on the session's store (read-only, as served by default)."""
    from neurokg.web import create_app

    return create_app({"TESTING": True, "ALLOW_UPDATE": False}, store=kg_store)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture()
def small_app():
    """An app on a small writable store of its own, updates enabled with token 'secret'."""
    from neurokg.store import get_store
    from neurokg.web import create_app

    store = get_store("memory")
    store.load((CASES / "small.trig").read_bytes(), "application/trig")
    return create_app({"TESTING": True, "ALLOW_UPDATE": True, "UPDATE_TOKEN": "secret"}, store=store)
