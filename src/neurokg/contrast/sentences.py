"""One sentence per dimension, generated from the computed contrast (labels and numbers only)."""

from __future__ import annotations


def _list(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def negation(value: dict, dim: dict) -> str:
    """'not ' before a denied value, except in a dimension of negative properties ('Spared ...')."""
    return "not " if value["polarity"] == "denied" and not dim.get("negative") else ""


def display(value: dict, dim: dict) -> str:
    """A value as read in a chart, with its scope: 'not rare disease', 'more common than ALS',
    'cognition in locked-in syndrome'."""
    properties = value.get("properties") or [value.get("property", "")]
    comparative = next((p for p in properties if p.startswith("more ")), "")
    scope = "".join(f" {s['text']}" for s in value.get("scope", []))
    return negation(value, dim) + (f"{comparative} " if comparative else "") + value["label"] + scope


def _phrase(refs: list[dict], dim: dict) -> str:
    return _list([display(r, dim) for r in refs[:6]]) + (
        f" (+{len(refs) - 6} more)" if len(refs) > 6 else "")


def sentence(dim: dict) -> str:
    """E.g. 'Age of onset: MS starts earlier than ALS (20–50 vs 55–75 years, no overlap, 5-year gap).'"""
    diseases = list(dim["values"])
    label = dim["label"]
    if not any(dim["values"].values()):
        return f"{label}: no article gives this for {_list(diseases)}."
    parts = []
    comparison = dim.get("comparison") or []
    for text in list(dict.fromkeys(_numeric(c) for c in comparison))[:3]:
        parts.append(text)
    if dim["shared"]:
        parts.append(f"{_list(diseases)} share {_phrase(dim['shared'], dim)}")
    for disease, refs in dim["unique"].items():
        refs = [r for r in refs if not (comparison and r.get("quantity"))]
        if refs:
            parts.append(f"only {disease}: {_phrase(refs, dim)}")
    for o in dim["opposites"][:2]:
        parts.append(f"{o['label']}{' ' + o['scope'] if o.get('scope') else ''}: stated for {_list(list(o['affirmed_by']))}, denied or spared for {_list(list(o['denied_by']))}")
    for disease, conflicts in dim["conflicts"].items():
        for c in conflicts[:1]:
            parts.append(f"the articles disagree on {disease} ({c['values'][0]} vs {c['values'][1]})")
    missing = [d for d, values in dim["values"].items() if not values]
    if missing:
        parts.append(f"nothing stated for {_list(missing)}")
    return f"{label}: " + "; ".join(p for p in parts if p) + "."


def _numeric(c: dict) -> str:
    a, b = c["diseases"]
    if c.get("unit") == "years" and "overlap_years" in c:
        order = f"{c['earlier']} starts earlier" if c["earlier"] else "same start"
        extent = f"overlap {c['overlap_years']:g} years" if c["overlap_years"] else f"no overlap, {c['gap_years']:g}-year gap"
        return f"{order} ({a} {c['values'][0]} vs {b} {c['values'][1]}; {extent})"
    if c.get("unit") == "life stage":
        return f"{c['earlier']} starts earlier ({c['values'][0]} vs {c['values'][1]})" if c["earlier"] else ""
    if "comparable" in c and not c["comparable"]:
        return f"{a} and {b} not comparable ({c['reason']})"
    if "ratio" in c:
        return f"{a} is {c['ratio']:.2g} times as common as {b} in {c['population'][0]}"
    if "predominant_sex" in c:
        sa, sb = c["predominant_sex"]
        return f"more often {sa} in {a}, {sb} in {b}" if c["differ"] else f"more often {sa} in both"
    return f"{a}: {c['values'][0]}; {b}: {c['values'][1]}"
