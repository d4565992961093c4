"""A contrast as a picture for a paper or a slide (Graphviz): each disease in its own column,
what they share between them, what is theirs alone on the outside, one coloured row per
dimension (quantities are left to the chart, where their numbers and sources fit)."""

from __future__ import annotations

import shutil
import subprocess
import textwrap

from ..graph_export import quote

# One colour per dimension, in dimension order (colour-blind-safe hues first).
PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#7f7f7f",
           "#bcbd22", "#17becf", "#9467bd", "#2ca02c", "#d62728", "#1f77b4", "#ff7f0e"]


class PictureError(RuntimeError):
    """Graphviz is missing or failed."""


def groups(result: dict) -> dict[tuple[str, ...], list[tuple[dict, dict]]]:
    """(diseases that state it) -> [(dimension, value)] over categorical values, shared first."""
    keys = [d["key"] for d in result["diseases"]]
    by_value: dict[tuple, set[str]] = {}
    found: dict[tuple, tuple[dict, dict]] = {}
    for dim in result["dimensions"]:
        for key in keys:
            for v in dim["values"][key]:
                if v["quantity"]:
                    continue
                ident = (dim["id"], v["polarity"], v["value"], tuple(s["text"] for s in v.get("scope", [])))  # like with like
                by_value.setdefault(ident, set()).add(key)
                found.setdefault(ident, (dim, v))
    out: dict[tuple[str, ...], list[tuple[dict, dict]]] = {}
    for ident, owners in by_value.items():
        out.setdefault(tuple(k for k in keys if k in owners), []).append(found[ident])
    return dict(sorted(out.items(), key=lambda item: (-len(item[0]), [keys.index(k) for k in item[0]])))


def dot(result: dict) -> str:
    """Graphviz DOT of the contrast: one box per group of diseases ('only ALS', 'shared by ALS,
    MS'), a row per dimension inside; for two diseases the columns read A-only | A | shared | B | B-only."""
    keys = [d["key"] for d in result["diseases"]]
    colours = {dim["id"]: PALETTE[i % len(PALETTE)] for i, dim in enumerate(result["dimensions"])}
    lines = ["digraph contrast {", "  rankdir=LR; ranksep=0.6;",
             '  node [fontname="Helvetica", fontsize=10]; edge [arrowhead=none, penwidth=2, color="#5b6776"];',
             f'  labelloc=t; fontname="Helvetica"; fontsize=16; label={quote(" vs ".join(keys) + " — NeuroKG contrast")};']
    for d in result["diseases"]:
        lines.append(f'  {quote(d["key"])} [label={quote(d["key"] + chr(10) + d["label"])}, shape=ellipse, style=filled, '
                     'fillcolor="#1d2733", fontcolor="#ffffff", fontsize=14];')
    for n, (owners, items) in enumerate(groups(result).items()):
        title = ("shared by " + ", ".join(owners)) if len(owners) > 1 else f"only {owners[0]}"
        lines.append(f"  group{n} [shape=plaintext, label=<{_box(title, items, colours)}>];")
        for key in owners:
            left = len(keys) == 2 and (key == keys[1] if len(owners) == 2 else key == keys[0])
            lines.append(f"  group{n} -> {quote(key)};" if left else f"  {quote(key)} -> group{n};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _box(title: str, items: list[tuple[dict, dict]], colours: dict[str, str]) -> str:
    """An HTML-like label: the group's title, then per dimension a colour chip, its name and values."""
    from .sentences import display

    rows, by_dim = [], {}
    for dim, v in items:
        by_dim.setdefault(dim["id"], (dim, []))[1].append(display(v, dim))
    for dim_id, (dim, labels) in by_dim.items():
        text = "<BR ALIGN=\"LEFT\"/>".join(_html(line) for line in textwrap.wrap(", ".join(labels), 48))
        rows.append(f'<TR><TD BGCOLOR="{colours[dim_id]}" WIDTH="8"></TD><TD ALIGN="LEFT" VALIGN="TOP"><B>{_html(dim["label"])}</B></TD>'
                    f'<TD ALIGN="LEFT" BALIGN="LEFT">{text}<BR ALIGN="LEFT"/></TD></TR>')
    return (f'<TABLE BORDER="1" COLOR="#d6dde5" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" BGCOLOR="#ffffff">'
            f'<TR><TD COLSPAN="3"><B>{_html(title)}</B></TD></TR>{"".join(rows)}</TABLE>')


def render(result: dict, fmt: str) -> bytes:
    """The contrast drawn by Graphviz as 'svg' or 'png' (or its 'dot' source)."""
    source = dot(result)
    if fmt == "dot":
        return source.encode()
    executable = shutil.which("dot")
    if not executable:
        raise PictureError("Graphviz is not installed (Debian package graphviz); `--format dot` gives the source")
    done = subprocess.run([executable, f"-T{fmt}"], input=source.encode(), capture_output=True, timeout=60)
    if done.returncode:
        raise PictureError(f"Graphviz failed: {done.stderr.decode(errors='replace')[:500]}")
    return done.stdout


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
