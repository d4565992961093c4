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


HPO_FIXTURE = CASES / "hpo-fixture"


def hpo_fixture_files():
    """The files of tests/cases/hpo-fixture (cut from the shipped ones by its cut.py)."""
    from neurokg.imports import HpoFiles

    return HpoFiles(hp_obo=str(HPO_FIXTURE / "hp.obo"), phenotype_hpoa=str(HPO_FIXTURE / "phenotype.hpoa"),
                    genes_to_phenotype=str(HPO_FIXTURE / "genes_to_phenotype.txt"),
                    mondo_json=str(HPO_FIXTURE / "mondo.json"), hgnc_tsv=str(HPO_FIXTURE / "hgnc_entries.tsv"))


@pytest.fixture(scope="session")
def hpo_store():
    """The NeuroKG graph plus `neurokg import hpo` of the fixture (HPO cut to its terms, annotations of
    ALS, SMA, Kennedy disease, MS, NMO... with their genes and MONDO xrefs) and the MONDO module."""
    from neurokg.imports import import_ontology

    store = open_store("memory")
    import_ontology(store, "hpo", progress=False, files=hpo_fixture_files())
    import_ontology(store, "mondo", progress=False)
    return store


@pytest.fixture(scope="session")
def hpo_real_store():
    """A store holding only `neurokg import hpo` of the shipped files (about 3 million triples)."""
    from neurokg.imports import import_ontology
    from neurokg.store import get_store

    store = get_store("memory")
    reports = import_ontology(store, "hpo", progress=False)
    return store, reports


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
