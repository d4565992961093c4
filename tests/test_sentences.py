"""Every sentence of every article has a row, and every fact a row names is in that article's graph.

Tables: `tests/cases/sentences/<article-slug>.tsv` (format in `tests/sentences.py`). Source texts
are found through the sources graph's `nkg:dataFile` under NEUROKG_SOURCES (default
../shared/sources relative to the repository's parent); the re-split checks skip without them.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import CASES
from sentences import Row, Table, read_table, split

from neurokg import paths, vocab
from neurokg.results import rows

DEFAULT_SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"
SOURCES = Path(os.environ.get("NEUROKG_SOURCES", DEFAULT_SOURCES))
TABLES = sorted((CASES / "sentences").glob("*.tsv"))
HEADER = (CASES / "sentence-carrier.rq").read_text()
ARTICLES = sorted(p.stem for p in paths.ARTICLES_DIR.glob("*.ttl"))


def _data_file(slug: str) -> Path:
    sources = rdflib.Graph().parse(paths.DATA_DIR / "sources.ttl")
    name = sources.value(vocab.SOURCE[slug], vocab.NKG.dataFile)
    return SOURCES / str(name)


def _ask(store, slug: str, carrier: str) -> bool:
    if re.fullmatch(r"c:[\w-]+", carrier):  # a bare claim IRI: the claim node itself
        kinds = "FILTER(?kind IN (nkg:Claim, nkg:ScopedClaim))"
        carrier = f"{carrier} a ?kind ; nkg:statedIn src:{slug} {kinds}"
    query = (
        f"{HEADER}PREFIX c: <{vocab.CLAIM}{slug}/>\nPREFIX v: <{vocab.VALUE}{slug}/>\n"
        f"ASK {{ GRAPH ?graph {{ {carrier} }} }}"
    )
    return bool(store.query(query, bindings={"graph": ox.NamedNode(vocab.article_graph(slug))}))


def numbering_problems(table: Table) -> list[str]:
    """Rows must number the sentences 1..N, N as the table's header says."""
    numbers = [row.number for row in table.rows]
    if numbers != list(range(1, table.sentences + 1)):
        missing = sorted(set(range(1, table.sentences + 1)) - set(numbers))
        return [f"rows {numbers[:3]}... do not number 1..{table.sentences}; missing {missing}"]
    return []


def row_problems(table: Table) -> list[str]:
    """A row with facts needs a paraphrase of its own; a row without needs a reason."""
    problems = []
    for row in table.rows:
        if not row.carriers and not row.reason:
            problems.append(f"sentence {row.number}: neither carriers nor a reason")
        if row.carriers and not row.paraphrase.strip():
            problems.append(f"sentence {row.number}: carriers without a paraphrase")
    return problems


def source_problems(table: Table, text: str) -> list[str]:
    """The table must match a fresh split of the source: same count, lines and fingerprints."""
    sentences = split(text)
    problems = []
    if len(sentences) != table.sentences:
        problems.append(f"source has {len(sentences)} sentences, table says {table.sentences}")
    by_number = {row.number: row for row in table.rows}
    for sentence in sentences:
        row = by_number.get(sentence.number)
        if row is None:
            where = f"sentence {sentence.number} (line {sentence.line})"
            problems.append(f"{where} has no row: {sentence.text[:60]!r}")
        elif (row.line, row.fingerprint) != (sentence.line, sentence.fingerprint):
            problems.append(
                f"sentence {sentence.number}: row says line {row.line} {row.fingerprint}, "
                f"source line {sentence.line} {sentence.fingerprint}"
            )
        elif row.paraphrase and _copied(row.paraphrase, sentence.text):
            problems.append(f"sentence {sentence.number}: paraphrase copies the article's words")
    return problems


def _copied(paraphrase: str, sentence: str, run: int = 5) -> bool:
    words = re.findall(r"\w+", paraphrase.lower())
    text = " ".join(re.findall(r"\w+", sentence.lower()))
    return any(" ".join(words[i : i + run]) in text for i in range(len(words) - run + 1))


def carrier_problems(store, table: Table) -> list[str]:
    return [
        f"sentence {row.number}: {carrier}"
        for row in table.rows
        for carrier in row.carriers
        if not _ask(store, table.article, carrier)
    ]


def uncited_claims(store, table: Table) -> list[str]:
    """Claim nodes of the article's graph that no row names."""
    cited = " ".join(" ".join(row.carriers) for row in table.rows)
    prefix = f"{vocab.CLAIM}{table.article}/"
    query = (CASES / "sentence-claims.rq").read_text()
    graph = {"graph": ox.NamedNode(vocab.article_graph(table.article))}
    claims = [r["claim"].value for r in rows(store.query(query, bindings=graph))]

    def named(claim: str) -> bool:
        local = re.escape(claim.removeprefix(prefix))
        return bool(re.search(rf"(?<![\w-])c:{local}(?![\w-])", cited))

    return sorted(c for c in claims if not named(c))


def test_every_article_has_a_table():
    assert sorted(read_table(p).article for p in TABLES) == ARTICLES


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.stem)
def test_table_numbers_every_sentence(path):
    table = read_table(path)
    assert table.article == path.stem
    assert numbering_problems(table) == []
    assert row_problems(table) == []


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.stem)
def test_table_matches_the_source_text(path):
    table = read_table(path)
    source = _data_file(table.article)
    if not source.is_file():
        pytest.skip(f"source text not found at {source} (set NEUROKG_SOURCES)")
    assert source_problems(table, source.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.stem)
def test_every_carrier_is_in_the_article_graph(kg_store, path):
    assert carrier_problems(kg_store, read_table(path)) == []


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.stem)
def test_every_claim_of_the_article_has_a_sentence(kg_store, path):
    assert uncited_claims(kg_store, read_table(path)) == []


# Known-bad cases: each check must catch a damaged copy of a real table.


def _first_table() -> Table:
    return read_table(TABLES[0])


def _with_fact(table: Table) -> Row:
    return next(row for row in table.rows if row.carriers)


def test_a_dropped_row_is_caught():
    table = _first_table()
    dropped = dataclasses.replace(table, rows=[r for r in table.rows if r.number != 2])
    assert numbering_problems(dropped)
    source = _data_file(table.article)
    if source.is_file():
        problems = source_problems(dropped, source.read_text(encoding="utf-8"))
        assert any("sentence 2 " in p for p in problems)


def test_a_wrong_sentence_count_is_caught():
    table = _first_table()
    assert numbering_problems(dataclasses.replace(table, sentences=table.sentences + 1))


def test_a_stale_fingerprint_is_caught():
    table = _first_table()
    source = _data_file(table.article)
    if not source.is_file():
        pytest.skip(f"source text not found at {source}")
    row = _with_fact(table)
    stale = [dataclasses.replace(r, fingerprint="00000000") if r is row else r for r in table.rows]
    text = source.read_text(encoding="utf-8")
    assert source_problems(dataclasses.replace(table, rows=stale), text)


def test_a_copied_paraphrase_is_caught():
    table = _first_table()
    source = _data_file(table.article)
    if not source.is_file():
        pytest.skip(f"source text not found at {source}")
    sentences = split(source.read_text(encoding="utf-8"))
    row = max(table.rows, key=lambda r: len(sentences[r.number - 1].text.split()))
    copy = dataclasses.replace(row, paraphrase=sentences[row.number - 1].text)
    copied = [copy if r is row else r for r in table.rows]
    text = source.read_text(encoding="utf-8")
    assert source_problems(dataclasses.replace(table, rows=copied), text)


def test_a_broken_carrier_is_caught(kg_store):
    table = _first_table()
    row = _with_fact(table)
    bad = "nkg:ALS nkg:hasSymptom nkg:NoSuchSymptom"
    broken = dataclasses.replace(row, carriers=(*row.carriers, bad))
    problems = carrier_problems(kg_store, dataclasses.replace(table, rows=[broken]))
    assert problems == [f"sentence {row.number}: {bad}"]


def test_a_fact_of_another_article_is_not_a_carrier(kg_store):
    """Stated by MS News Today only: it must not count for the ALS-vs-SMA article."""
    assert _ask(kg_store, "ms-vs-als-ms-news-today", "nkg:MS nkg:moreCommonThan nkg:ALS")
    assert not _ask(kg_store, "als-vs-sma-difference-wiki", "nkg:MS nkg:moreCommonThan nkg:ALS")


def test_an_uncited_claim_is_caught(kg_store):
    table = _first_table()
    assert uncited_claims(kg_store, dataclasses.replace(table, rows=[]))
