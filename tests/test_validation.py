"""`neurokg validate`: clean data passes; each rule catches the broken fixture made for it.

Each fixture in tests/cases/qc/ is an extra article-like graph whose first line names the rules
(`# expect: rule ...`) that must report it.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import CASES

from neurokg.cli import main
from neurokg.loader import dataset_files
from neurokg.validation import validate

FIXTURES = sorted((CASES / "qc").glob("*.ttl"))


def test_neurokg_data_is_clean():
    assert validate() == []


def test_validate_command_exits_zero_on_clean_data():
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "no violations" in result.output


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_rule_catches_broken_fixture(fixture):
    expected = fixture.read_text().splitlines()[0].removeprefix("# expect:").split()
    files = {**dataset_files(), "https://w3id.org/neurokg/graph/broken-fixture": fixture}
    rules = {violation.rule for violation in validate(files)}
    assert set(expected) <= rules, f"expected {expected}, got {sorted(rules)}"


def test_validate_command_reports_and_fails(tmp_path, monkeypatch):
    broken = tmp_path / "broken.ttl"
    broken.write_text((CASES / "qc" / "qc-dangling-reference.ttl").read_text())
    monkeypatch.setattr("neurokg.validation.dataset_files", lambda: {**dataset_files(), "https://w3id.org/neurokg/graph/broken": broken})
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert "qc/dangling-reference" in result.output and "MuscleWeaknes" in result.output
