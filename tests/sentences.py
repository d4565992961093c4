"""Sentence tables: number an article's sentences, fingerprint them, read their carrier tables.

A table `tests/cases/sentences/<article-slug>.tsv` has one row per sentence of the article's source
text: its number, source line, fingerprint, a short paraphrase, and its carriers (triple patterns or
claim IRIs in the article's graph, separated by ` | `), or `- reason` when it states no fact.
Run `python tests/sentences.py SOURCE_FILE` to print the numbered skeleton of a source text.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

# A sentence ends at . ! or ? (not the abbreviation "vs.") followed by white space and a capital,
# digit, quote or bracket; every non-blank line starts a new sentence (headings, table rows and
# list items are lines).
_BOUNDARY = re.compile(r"(?<=[.!?])(?<!\bvs\.)\s+(?=[A-Z0-9\"“(])")
COLUMNS = ("n", "line", "fingerprint", "paraphrase", "carriers")


@dataclass(frozen=True)
class Sentence:
    number: int
    line: int
    text: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


@dataclass(frozen=True)
class Row:
    number: int
    line: int
    fingerprint: str
    paraphrase: str
    carriers: tuple[str, ...]  # empty when the sentence states no fact
    reason: str  # why no fact, when carriers is empty


@dataclass(frozen=True)
class Table:
    article: str
    sentences: int
    rows: list[Row]


def normalize(text: str) -> str:
    return " ".join(text.split())


def fingerprint(text: str) -> str:
    """First 8 hex digits of the SHA-1 of the whitespace-normalized sentence."""
    return hashlib.sha1(normalize(text).encode("utf-8"), usedforsecurity=False).hexdigest()[:8]


def split(text: str) -> list[Sentence]:
    """The sentences of a source text, numbered from 1, each with its 1-based line number."""
    sentences: list[Sentence] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        for part in _BOUNDARY.split(line.strip()):
            if normalize(part):
                sentences.append(Sentence(len(sentences) + 1, line_number, normalize(part)))
    return sentences


def read_table(path: Path) -> Table:
    """Parse a sentence table; header comments give `# article:` and `# sentences:`."""
    meta: dict[str, str] = {}
    rows: list[Row] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#"):
            key, _, value = raw[1:].partition(":")
            meta[key.strip()] = value.strip()
            continue
        if not raw.strip() or raw.split("\t", 1)[0] == COLUMNS[0]:
            continue
        cells = raw.split("\t")
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{path.name}: {len(cells)} cells, expected {len(COLUMNS)}: {raw!r}")
        number, line, print_, paraphrase, carriers = cells
        if carriers.startswith("-"):
            found, reason = (), carriers[1:].strip()
        else:
            found, reason = tuple(c.strip() for c in carriers.split(" | ") if c.strip()), ""
        rows.append(Row(int(number), int(line), print_, paraphrase, found, reason))
    return Table(meta["article"], int(meta["sentences"]), rows)


def skeleton(text: str) -> str:
    """Numbered rows of a source text with empty paraphrase and carriers, to start a table."""
    out = ["\t".join(COLUMNS)]
    out += [f"{s.number}\t{s.line}\t{s.fingerprint}\t\t\t# {s.text[:70]}" for s in split(text)]
    return "\n".join(out)


if __name__ == "__main__":
    print(skeleton(Path(sys.argv[1]).read_text(encoding="utf-8")))
