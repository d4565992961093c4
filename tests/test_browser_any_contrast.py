"""The /compare page in Debian's Chromium (Playwright) against `neurokg serve` on a store holding the
fixture import (tests/cases/hpo-fixture): search as you type finds an annotated disease by a Mondo
synonym and by its OMIM identifier, and the answer on the page shows the HPO annotations the JSON gives."""

from __future__ import annotations

import pytest
import requests
from click.testing import CliRunner
from conftest import HPO_FIXTURE
from http_server import neurokg_server
from test_browser import assert_links_resolve, browser, page  # noqa: F401  (fixtures: Chromium, a checked page)

from neurokg.cli import main

pytestmark = pytest.mark.integration
FILES = {"--hp-obo": "hp.obo", "--phenotype-hpoa": "phenotype.hpoa", "--genes-to-phenotype": "genes_to_phenotype.txt",
         "--mondo-json": "mondo.json", "--hgnc-tsv": "hgnc_entries.tsv"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser-hpo") / "store"
    args = [a for option, name in FILES.items() for a in (option, str(HPO_FIXTURE / name))]
    done = CliRunner().invoke(main, ["import", "hpo", "--store", f"oxigraph:{path}", *args])
    assert done.exit_code == 0, done.output
    with neurokg_server("--store", f"oxigraph:{path}") as base:
        yield base


def test_compare_search_finds_any_annotated_disease(page, base_url):
    page.goto("/compare")
    page.fill("#disease-search", "Devic")  # a Mondo synonym of neuromyelitis optica
    page.locator("#disease-options button", has_text="neuromyelitis optica").click()
    page.fill("#disease-search", "OMIM:3132")
    page.locator("#disease-options button", has_text="OMIM:313200").click()
    page.wait_for_selector("#answer[data-shown='ORPHA:71211 OMIM:313200'] table.chart-hpo")
    assert page.url.endswith("/compare?disease=ORPHA%3A71211&disease=OMIM%3A313200")
    data = requests.get(f"{base_url}/contrast?disease=ORPHA:71211&disease=OMIM:313200&format=json", timeout=30).json()
    phenotypes = next(a for a in data["annotations"]["aspects"] if a["id"] == "phenotypes")
    row = page.locator("#answer table.chart-hpo tr[data-aspect='phenotypes']")
    for n, d in enumerate(data["diseases"]):
        cell = row.locator("td").nth(n)
        assert cell.locator("li").count() == len(phenotypes["shared"]) + len(phenotypes["unique"][d["key"]])
    assert "Optic neuritis" in row.inner_text()
    # a curated disease joins: its article dimensions come back above the annotations
    page.fill("#disease-search", "Lou Geh")
    page.locator("#disease-options button", has_text="ALS").click()
    page.wait_for_selector("#answer[data-shown='ORPHA:71211 OMIM:313200 ALS'] table.chart")
    assert page.locator("#answer table.chart-hpo thead th").count() == 4
    assert_links_resolve(page, base_url)
