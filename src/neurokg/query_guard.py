"""What a request may make the engine do: no SERVICE (unless allow-listed), no LOAD, no
conflicting datasets. SPARQL is scanned with a small linear-time tokenizer that skips strings,
IRIs and comments, so a keyword inside a literal never counts; SERVICE targets are read from the
same tokens (no parser, no recursion: any nesting depth is fine here).
"""

from __future__ import annotations

import re

# Every alternative either matches in one forward pass or fails at its first character, so the
# scan is linear in the query's length (an unterminated string or IRI runs to the end of its line
# or of the text instead of being retried from every later position).
_TOKEN = re.compile(
    r'(?P<comment>\#[^\n]*)'
    r'|(?P<string>"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:"""|\Z)'
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:'''|\Z)"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*(?:"|$)'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*(?:'|$))"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<var>[?$][A-Za-z0-9_]+)'
    r'|(?P<name>[A-Za-z_][\w\-.]*(?::[\w\-.:%]*)?|:[\w\-.:%]*)'
    r'|(?P<open>[{(\[])|(?P<close>[})\]])|(?P<semicolon>;)'
    r'|(?P<other>\S)',
    re.S | re.M,
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
        if kind == "name":  # a prefixed name has a colon, a bare word none
            kind = "pname" if ":" in match.group() else "word"
        if kind == "close":
            depth -= 1
        yield kind, match.group(), depth, match.start()
        if kind == "open":
            depth += 1


_COMMENT_OR_STRING = re.compile(f"{_TOKEN.pattern.split('|(?P<iri>')[0]}", re.S | re.M)
_COMMENT_STRING_OR_IRI = re.compile(_TOKEN.pattern.split("|(?P<var>")[0], re.S | re.M)
_WORDS = re.compile(r"[?$][A-Za-z0-9_]+|[A-Za-z_][\w\-.]*(?::[\w\-.:%]*)?|:[\w\-.:%]*")


def keywords(text: str) -> set[str]:
    """Upper-cased bare words of a query or update (not inside strings, IRIs or comments).

    >>> sorted(keywords('SELECT * { ?service <http://x/#SERVICE> "SERVICE" } # SERVICE'))
    ['SELECT']
    """
    bare = _COMMENT_STRING_OR_IRI.sub(" ", text)  # regular expressions only: linear and in C
    return {w.upper() for w in _WORDS.findall(bare) if w[0] not in "?$" and ":" not in w}


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


_IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'
_PNAME = r"(?:[A-Za-z_][\w\-.]*)?:[\w\-.:%]*"
_START = r"(?<![\w:?$\-.])"
_CLAUSE = re.compile(
    rf"{_START}PREFIX\s+(?P<prefix>(?:[A-Za-z_][\w\-.]*)?):\s*(?P<namespace>{_IRI})"
    rf"|{_START}BASE\s*(?P<base>{_IRI})"
    rf"|{_START}SERVICE(?:\s+SILENT)?\s*(?P<target>{_IRI}|{_PNAME}|[?$][A-Za-z0-9_]+)?",
    re.I,
)


def _service_targets(text: str) -> list[str | None]:
    """Endpoint IRIs of SERVICE clauses (None for a variable or an unresolvable endpoint):
    `SERVICE [SILENT] <iri> | prefix:name | ?var`, with PREFIX and BASE applied. Regular
    expressions over the text with comments and strings blanked: linear, no parser, no recursion."""
    prefixes: dict[str, str | None] = {}
    base: str | None = None
    found: list[str | None] = []
    for m in _CLAUSE.finditer(_COMMENT_OR_STRING.sub(" ", text)):
        if m["namespace"]:
            prefixes[m["prefix"]] = _resolve(m["namespace"][1:-1], base)
        elif m["base"]:
            base = _resolve(m["base"][1:-1], base)
        elif (target := m["target"]) and target.startswith("<"):
            found.append(_resolve(target[1:-1], base))
        elif target and target[0] not in "?$":
            prefix, _, local = target.partition(":")
            namespace = prefixes.get(prefix)
            found.append(namespace + local if namespace else None)
        else:
            found.append(None)
    return found


def _resolve(iri: str, base: str | None) -> str | None:
    """An absolute IRI, resolved against BASE when relative; None when it cannot be."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri):
        return iri
    if base is None:
        return None
    from urllib.parse import urljoin

    return urljoin(base, iri)
