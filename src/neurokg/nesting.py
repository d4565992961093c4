"""How deeply a SPARQL query or update nests, measured in one linear pass before the engine sees it.

pyoxigraph's parser recurses once per level: about 2,100 nested braces (or 1,000 nested
`EXISTS { FILTER(`) overflow its stack and kill the process, and nested blank-node property
lists or collections take time growing with the fourth power of their depth (100 levels: 2 s).
So `{ ( [` may nest at most MAX_DEPTH deep, a chain of `!` counting one level per `!`.
Brackets inside strings and comments do not count; brackets inside an IRI count only while it
lasts (an IRI with an unbalanced parenthesis never raises the depth of what follows it).

>>> depth("SELECT * WHERE { ?s ?p ?o FILTER(?o != '{{{') }  # }}}")
2
>>> depth("ASK { <http://ex.org/a(b> ?p ?o }")
2
>>> depth("ASK { FILTER(!!!true) }")
5

A flat chain of binary operators costs the engine time growing with the square of its length
(4,000 `*` terms: 1 s; 15,000 `+` terms, 30 KB: 13-16 s; 8,000 `?a || ?a`: 4 s), so one
parenthesised group may hold at most MAX_CHAIN of `+ - * / || && |` (outside strings, IRIs,
comments and names); argument lists (`IN`, `CONCAT`) and VALUES rows are not chains.

>>> longest_chain("SELECT (1 + 2 * ?x AS ?y) { ?s ex:a-b ?o FILTER(?o - 1 > (2 / 3) || ?o && ?p) }")
3
"""

from __future__ import annotations

import re

MAX_DEPTH = 64
MAX_CHAIN = 2_000  # binary operators in one parenthesised group: about 0.3 s in the engine
_SPECIAL = re.compile(r"[{}()\[\]\"'#<\\!]")
_STRINGS = {
    '"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.S),
    "'''": re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''", re.S),
    '"': re.compile(r'"(?:[^"\\\n\r]|\\.)*"'),
    "'": re.compile(r"'(?:[^'\\\n\r]|\\.)*'"),
}
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_BANGS = re.compile(r"(?:!(?!=)\s*)+")
_OPEN, _CLOSE = "{([", "})]"


class TooDeep(ValueError):
    """The text nests deeper than MAX_DEPTH, or chains more than MAX_CHAIN operators."""


def depth(text: str) -> int:
    """The deepest nesting of brackets (and `!` chains) in `text`, outside strings and comments."""
    deepest = level = 0
    i, end = 0, len(text)
    while True:
        match = _SPECIAL.search(text, i)
        if match is None:
            return deepest
        j, char = match.start(), match.group()
        i = j + 1
        if char in _OPEN:
            level += 1
            deepest = max(deepest, level)
        elif char in _CLOSE:
            level = max(0, level - 1)
        elif char == "#":
            newline = text.find("\n", j)
            i = end if newline < 0 else newline + 1
        elif char == "\\":
            i = j + 2  # an escaped character in a prefixed name (ex:a\'b, ex:a\(b) is neither quote nor bracket
        elif char in "\"'":
            quote = text[j : j + 3] if text.startswith(char * 3, j) else char
            string = _STRINGS[quote].match(text, j)
            if string:
                i = string.end()
        elif char == "<":
            iri = _IRI.match(text, j)
            if iri:
                deepest = max(deepest, level + _local_depth(iri.group()))
                i = iri.end()
        else:  # a chain of `!` (not `!=`): one level each
            bangs = _BANGS.match(text, j)
            if bangs:
                deepest = max(deepest, level + bangs.group().count("!"))
                i = bangs.end()


def check(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise TooDeep if `text` nests deeper than `limit`."""
    found = depth(text)
    if found > limit:
        raise TooDeep(f"the request nests {found} levels deep (brackets and '!'); the limit is {limit}")


def check_chains(text: str, limit: int = MAX_CHAIN) -> None:
    """Raise TooDeep if one parenthesised group of `text` chains more than `limit` binary operators."""
    found = longest_chain(text) if sum(map(text.count, "+-*/|&")) > limit else 0  # counting characters is cheap
    if found > limit:
        raise TooDeep(f"the request chains {found} operators (+ - * / || &&) in one parenthesised group; the limit "
                      f"is {limit} (the engine's time grows with the square of a chain: split it, or use VALUES or IN)")


def longest_chain(text: str) -> int:
    """The most binary `+ - * / || && |` in one parenthesised group (expressions only live in parentheses;
    a signed number after another operand counts: SPARQL reads `1 -2` as a subtraction), outside
    strings, IRIs and comments. Regular expressions do the scanning, in C: linear in the text."""
    from .query_guard import _COMMENT_STRING_OR_IRI, _WORDS  # the endpoint's one tokenizer

    bare = _SPACE.sub("", _NUMBER.sub("x", _WORDS.sub("x", _COMMENT_STRING_OR_IRI.sub("x", text))))
    longest, counts = 0, [None]  # one counter per open group; None for { and [ (no expressions)
    for match in _CHAIN_TOKEN.finditer(bare):
        token = match.group()
        if token in _OPEN:
            counts.append(0 if token == "(" else None)
        elif token in _CLOSE:
            longest = max(longest, counts.pop() or 0)
            counts = counts or [None]
        elif counts[-1] is not None:  # an operand, then an operator
            counts[-1] += 1
    return max(longest, *(c or 0 for c in counts))


_NUMBER = re.compile(r"\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?")
_SPACE = re.compile(r"\s+")
_CHAIN_TOKEN = re.compile(r"[{}()\[\]]|(?<=[x)])[-+*/]|\|\|?|&&")


def _local_depth(iri: str) -> int:
    return _deepest(iri, "([", ")]")


def _deepest(tokens, opening: str, closing: str) -> int:
    """The deepest nesting of `opening`/`closing` characters over `tokens` (other tokens pass)."""
    deepest = level = 0
    for token in tokens:
        if token in opening:
            level += 1
            deepest = max(deepest, level)
        elif token in closing:
            level = max(0, level - 1)
    return deepest


def json_depth(data: bytes) -> int:
    """The deepest nesting of `{` and `[` in a JSON document, outside strings (JSON-LD uploads:
    pyoxigraph's JSON-LD parser overflows its stack at about 3,200 levels)."""
    text = data.decode("utf-8", errors="replace")
    tokens = (t.group() for t in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text))
    return _deepest((t for t in tokens if not t.startswith('"')), "[{", "]}")
