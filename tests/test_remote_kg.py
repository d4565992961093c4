"""NeuroKG on external servers: `neurokg load` pushes the graph into a real Oxigraph and a real
Virtuoso; the example queries and the contrasts give the same answers there as embedded."""

from __future__ import annotations

from collections import Counter

import pytest
import servers

from neurokg import queries
from neurokg.cli import main
from neurokg.contrast import contrast
from neurokg.results import values
from neurokg.store import get_store


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(request):
    from click.testing import CliRunner

    if request.param == "oxigraph":
        server = servers.oxigraph_server()
        prefix = ""
    else:
        if not servers.VIRTUOSO:
            pytest.skip("virtuoso-t is not installed (make test installs Debian's virtuoso-opensource)")
        server = servers.virtuoso_server()
        prefix = "virtuoso+"
    with server as url:
        result = CliRunner().invoke(main, ["load", "--store", prefix + url])
        assert result.exit_code == 0, result.output
        yield request.param, get_store(prefix + url)


def _bag(result):
    """Rows as a multiset; GROUP_CONCAT's order is unspecified, so concatenated parts are sorted."""
    def cell(text: str) -> str:
        for separator in ("; ", ", "):
            if separator in text:
                return separator.join(sorted(text.split(separator)))
        return text

    # GROUP_CONCAT over nothing: "" on Virtuoso, unbound on Oxigraph.
    return Counter(tuple(sorted((k, cell(v)) for k, v in row.items() if v != "")) for row in values(result))


# Known differences of the server, not of NeuroKG (see docs/remote-stores.md).
SERVER_SPECIFIC = {
    "virtuoso": {
        "examples/named-graphs-provenance": "counts the union default graph, which includes Virtuoso's system graphs",
        "examples/cells-and-anatomy": "Virtuoso 7 fails with internal compiler error SQ156 on MIN() over IF()",
    }
}


@pytest.mark.parametrize("name", queries.names("examples"))
def test_example_gives_the_same_rows(kg_store, remote, name):
    kind, store = remote
    if name in SERVER_SPECIFIC.get(kind, {}):
        pytest.skip(f"{kind}: {SERVER_SPECIFIC[kind][name]}")
    text = queries.load(name).text
    assert _bag(store.query(text)) == _bag(kg_store.query(text))


@pytest.mark.parametrize("diseases", [["ALS", "MS"], ["ALS", "SMA", "MS"]], ids="-".join)
def test_contrast_is_the_same(kg_store, remote, diseases):
    _, store = remote
    assert contrast(store, diseases) == contrast(kg_store, diseases)
