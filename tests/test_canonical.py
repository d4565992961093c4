"""Turtle files stay in the one canonical serialization (run `neurokg format` to fix)."""

from __future__ import annotations

import pytest

from neurokg.canonical import canonical_text, turtle_files
from neurokg.paths import ROOT


@pytest.mark.parametrize("path", turtle_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_file_is_canonical(path):
    assert canonical_text(path) == path.read_text(encoding="utf-8"), f"run `neurokg format` ({path.name})"


@pytest.mark.parametrize("path", turtle_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_file_uses_turtle_prefix_directives(path):
    """`@prefix`, not SPARQL-style `PREFIX`: OWL API and other Turtle 1.0 readers reject the latter."""
    text = canonical_text(path)
    assert "\n@prefix " in "\n" + text and not any(line.startswith("PREFIX ") for line in text.splitlines())
