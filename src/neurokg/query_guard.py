"""What a request may make the engine do: no SERVICE (unless allow-listed), no LOAD, no
conflicting datasets. SPARQL is scanned with a small tokenizer that skips strings, IRIs and
comments, so a keyword inside a literal never counts; SERVICE targets are then read from the
parsed algebra.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r'(?P<comment>\#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<var>[?$][A-Za-z0-9_]+)'
    r'|(?P<pname>(?:[A-Za-z][\w\-.]*)?:[\w\-.:%]*)'
    r'|(?P<word>[A-Za-z_][A-Za-z0-9_\-]*)'
    r'|(?P<open>[{(\[])|(?P<close>[})\]])|(?P<semicolon>;)'
    r'|(?P<other>\S)',
    re.S,
)


class Refused(ValueError):
    """The request asks for something the endpoint never does; the message says what and why."""


def tokens(text: str):
    """(kind, text, depth, offset) for every token outside comments; depth counts open brackets."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "comment":
            continue
        if kind == "close":
            depth -= 1
        yield kind, match.group(), depth, match.start()
        if kind == "open":
            depth += 1


def keywords(text: str) -> set[str]:
    """Upper-cased bare words of a query or update (not inside strings, IRIs or comments)."""
    return {t.upper() for kind, t, _, _ in tokens(text) if kind == "word"}


def check_query(text: str, service_allowlist: list[str]) -> None:
    """Refuse SERVICE calls whose endpoint no allow-listed prefix covers."""
    if "SERVICE" not in text.upper() or "SERVICE" not in keywords(text):  # the scan only when it could matter
        return
    targets = _service_targets(text)
    if not service_allowlist:
        raise Refused("SERVICE is disabled on this endpoint: it never calls other servers on a user's behalf")
    for target in targets:
        if target is None or not any(target.startswith(prefix) for prefix in service_allowlist):
            what = f"<{target}>" if target else "with a variable endpoint"
            raise Refused(f"SERVICE {what} is not on this endpoint's allow-list")


def check_update(text: str) -> None:
    """Refuse LOAD (the endpoint never fetches a URL) and SERVICE inside updates."""
    words = keywords(text)
    if "LOAD" in words and _loads(text, silent=False):
        raise Refused("LOAD is disabled: the endpoint never fetches a URL on a user's behalf; use the Graph Store Protocol to upload data")
    if "SERVICE" in words:
        raise Refused("SERVICE is disabled in updates")


def without_silent_loads(update: str) -> str:
    """`LOAD SILENT <iri> [INTO GRAPH <g>]` removed: the endpoint never fetches, and SILENT makes
    the failed load a success that changes nothing."""
    for start, end in reversed(_loads(update, silent=True)):
        update = update[:start] + " " + update[end:]
    return update


def _loads(update: str, *, silent: bool) -> list[tuple[int, int]]:
    """Spans of the LOAD operations (with SILENT, or without), each with one adjoining ';'."""
    found = list(tokens(update))
    spans = []
    for i, (kind, text, _, offset) in enumerate(found):
        if kind != "word" or text.upper() != "LOAD":  # at any depth: a miscounted bracket hides nothing
            continue
        is_silent = i + 2 < len(found) and found[i + 1][1].upper() == "SILENT" and found[i + 2][0] in ("iri", "pname")
        if is_silent != silent:
            continue
        j = i + 2 if is_silent else i + 1  # the IRI, then INTO GRAPH <g>
        j += 1 + (3 if [t[1].upper() for t in found[j + 1:j + 3]] == ["INTO", "GRAPH"] else 0)
        start, end = offset, found[j - 1][3] + len(found[j - 1][1]) if j - 1 < len(found) else len(update)
        if j < len(found) and found[j][0] == "semicolon":
            end = found[j][3] + 1
        elif i > 0 and found[i - 1][0] == "semicolon":
            start = found[i - 1][3]
        spans.append((start, end))
    return spans


def with_using(update: str, using: list[str], using_named: list[str]) -> str:
    """Apply the protocol's using-graph-uri / using-named-graph-uri to each DELETE/INSERT … WHERE.

    The protocol forbids combining them with USING/WITH in the request (a 400).
    """
    if not using and not using_named:
        return update
    words = keywords(update)
    if "USING" in words or "WITH" in words:
        raise Refused("using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH in the update")
    clause = "".join(f"USING <{g}> " for g in using) + "".join(f"USING NAMED <{g}> " for g in using_named)
    out, last, operation = [], 0, []
    for kind, text, depth, offset in tokens(update):
        if depth == 0 and kind == "semicolon":
            operation = []
        elif depth == 0 and kind == "word":
            operation.append(text.upper())
            if text.upper() == "WHERE" and operation[0] in ("INSERT", "DELETE") and operation[:2] != ["DELETE", "WHERE"]:
                out.append(update[last:offset] + clause)
                last = offset
    return "".join(out) + update[last:]


def _service_targets(text: str) -> list[str | None]:
    """Endpoint IRIs of SERVICE clauses (None for a variable endpoint) from rdflib's algebra."""
    from rdflib import URIRef
    from rdflib.plugins.sparql import parser
    from rdflib.plugins.sparql.algebra import translateQuery, traverse

    try:
        algebra = translateQuery(parser.parseQuery(text)).algebra
    except Exception:  # rdflib's grammar is narrower than the engine's: refuse what it cannot read
        return [None]
    found: list[str | None] = []

    def visit(node):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            term = node.get("term")
            found.append(str(term) if isinstance(term, URIRef) else None)

    traverse(algebra, visit)
    return found
