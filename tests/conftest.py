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
