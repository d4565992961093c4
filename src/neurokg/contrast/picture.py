"""A contrast as a picture for a paper or a slide (Graphviz): a column per group of diseases (for
two: A's own | shared | B's own), one coloured cluster per dimension across them (quantities are
left to the chart, where their numbers and sources fit)."""

from __future__ import annotations

import shutil
import subprocess
import textwrap

from ..graph_export import quote
from .annotated import drawn_dimensions

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
    for dim in _dimensions(result):
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


def _dimensions(result: dict) -> list[dict]:
    """The article dimensions, then HPO's annotations drawn as dimensions."""
    return [*result["dimensions"], *drawn_dimensions(result)]


def columns(result: dict) -> list[tuple[str, ...]]:
    """The picture's columns: for two diseases A-only | shared | B-only; for more, each disease's
    own, then what some share, then what all share (only groups that hold values)."""
    keys = [d["key"] for d in result["diseases"]]
    found = groups(result)
    if len(keys) == 2:
        order = [(keys[0],), tuple(keys), (keys[1],)]
    else:
        some = sorted((g for g in found if 1 < len(g) < len(keys)), key=lambda g: [keys.index(k) for k in g])
        order = [(k,) for k in keys] + some + [tuple(keys)]
    return [c for c in order if c in found]


def title(owners: tuple[str, ...], keys: list[str]) -> str:
    if len(owners) == 1:
        return f"only {owners[0]}"
    return "shared by " + ", ".join(owners)


def dot(result: dict) -> str:
    """Graphviz DOT of the contrast: a header row of columns (each disease's own values, what they
    share), then one cluster per dimension in its colour, with a cell per column listing its values;
    invisible edges keep the columns aligned from band to band."""
    keys = [d["key"] for d in result["diseases"]]
    colours = {dim["id"]: PALETTE[i % len(PALETTE)] for i, dim in enumerate(_dimensions(result))}
    cols = columns(result)
    cells: dict[str, dict[tuple[str, ...], list[tuple[dict, dict]]]] = {}
    for owners, items in groups(result).items():
        for dim, v in items:
            cells.setdefault(dim["id"], {}).setdefault(owners, []).append((dim, v))
    names = {d["key"]: d["label"] for d in result["diseases"]}
    lines = ["digraph contrast {", "  newrank=true; rankdir=TB; ranksep=0.12; nodesep=0.15;",
             '  node [fontname="Helvetica", fontsize=12, shape=plaintext, margin=0]; edge [style=invis, weight=20];',
             f'  labelloc=t; fontname="Helvetica"; fontsize=18; label={quote(" vs ".join(keys) + " — NeuroKG contrast")};']
    header = []
    for c, owners in enumerate(cols):
        sub = "<BR/>".join(_html(f"{k}: {names[k]}") for k in owners) if len(owners) == 1 else _html(" and ".join(owners))
        header.append(f"head{c}")
        lines.append(f'  head{c} [label=<<TABLE BORDER="0" CELLPADDING="4" WIDTH="{CELL_WIDTH}"><TR><TD><B><FONT POINT-SIZE="14">'
                     f'{_html(title(owners, keys))}</FONT></B></TD></TR><TR><TD><FONT COLOR="#5b6776">{sub}</FONT></TD></TR></TABLE>>];')
    lines.append("  { rank=same; " + " ".join(header) + " }")
    previous = header
    for dim in _dimensions(result):
        if dim["id"] not in cells:
            continue
        colour = colours[dim["id"]]
        lines += [f"  subgraph cluster_{_id(dim['id'])} {{",
                  f'    label=<<B>{_html(dim["label"])}</B>>; labeljust=l; fontsize=13; fontcolor="{colour}"; '
                  f'color="{colour}"; penwidth=1.5; style="rounded,filled"; fillcolor="{colour}18";']
        row = []
        for c, owners in enumerate(cols):
            node = f"{_id(dim['id'])}_{c}"
            row.append(node)
            lines.append(f"    {node} [label=<{_cell(cells[dim['id']].get(owners, []), len(owners) == len(keys))}>];")
        lines.append("    { rank=same; " + " ".join(row) + " }")
        lines.append("  }")
        lines += [f"  {a} -> {b};" for a, b in zip(previous, row, strict=True)]
        previous = row
    lines.append("}")
    return "\n".join(lines) + "\n"


CELL_WIDTH = 250  # points: one column of the picture


def _cell(items: list[tuple[dict, dict]], shared: bool) -> str:
    """An HTML-like label: one dimension's values in one column, wrapped, bold when all share them."""
    from .sentences import display

    text = ", ".join(display(v, dim) for dim, v in items)
    body = '<BR ALIGN="LEFT"/>'.join(_html(line) for line in textwrap.wrap(text, 40)) or " "
    body = f"<B>{body}</B>" if shared and items else body
    return (f'<TABLE BORDER="0" CELLPADDING="3" WIDTH="{CELL_WIDTH}"><TR><TD ALIGN="LEFT" BALIGN="LEFT" WIDTH="{CELL_WIDTH}">'
            f'{body}<BR ALIGN="LEFT"/></TD></TR></TABLE>')


def _id(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)


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
