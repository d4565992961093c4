"""Numeric dimensions: onset ranges, survival, prevalence and sex ratio, compared with units.

Ranges are compared pairwise per source (overlap, which is earlier, gap in years); survival only
when measured from the same start point; prevalence ratios only for the same population and year.
Figures for one disease that differ between articles are reported as conflicts.
"""

from __future__ import annotations

from itertools import combinations

from .profile import Value


def _years(v: Value) -> tuple[float, float] | None:
    q = v.quantity or {}
    return (q["minYears"], q["maxYears"]) if "minYears" in q and "maxYears" in q else None


def _span(a: tuple[float, float]) -> str:
    return f"{a[0]:g}–{a[1]:g} years"


def onset(per_disease: dict[str, list[Value]]) -> tuple[list[dict], float | None]:
    """Pairwise comparison of onset ranges (numeric, else life stages) and a distinctiveness score."""
    out, scores = [], []
    for (a, va), (b, vb) in combinations(per_disease.items(), 2):
        for x in (v for v in va if "age of onset" in v.properties):
            for y in (v for v in vb if "age of onset" in v.properties):
                ra, rb = _years(x), _years(y)
                if ra and rb:
                    overlap = max(0.0, min(ra[1], rb[1]) - max(ra[0], rb[0]))
                    union = max(ra[1], rb[1]) - min(ra[0], rb[0])
                    earlier = a if (ra[0], ra[1]) < (rb[0], rb[1]) else b if (rb[0], rb[1]) < (ra[0], ra[1]) else None
                    gap = max(0.0, max(ra[0], rb[0]) - min(ra[1], rb[1]))
                    out.append({"diseases": [a, b], "values": [_span(ra), _span(rb)], "sources": [x.articles, y.articles],
                                "overlap_years": overlap, "gap_years": gap, "earlier": earlier, "unit": "years"})
                    scores.append(1 - overlap / union if union else 0.0)
                elif _stages(x) and _stages(y):
                    sa, sb = _stages(x), _stages(y)
                    earlier = a if max(sa) < min(sb) else b if max(sb) < min(sa) else None
                    out.append({"diseases": [a, b], "values": [x.label, y.label], "sources": [x.articles, y.articles],
                                "earlier": earlier, "unit": "life stage"})
                    scores.append(1.0 if earlier else 0.0)
    return out, (sum(scores) / len(scores) if scores else None)


def _stages(v: Value) -> list[int]:
    return [o for o in (v.quantity or {}).get("stageOrder", []) if o is not None]


def survival(per_disease: dict[str, list[Value]]) -> tuple[list[dict], float | None]:
    """Survival in years compared only from the same start point; life-expectancy categories otherwise."""
    out, scores = [], []
    for (a, va), (b, vb) in combinations(per_disease.items(), 2):
        for x in va:
            for y in vb:
                qa, qb = x.quantity or {}, y.quantity or {}
                ra, rb = _years(x), _years(y)
                if ra and rb:
                    comparable = qa.get("measuredFromIri") == qb.get("measuredFromIri")
                    entry = {"diseases": [a, b], "values": [x.label, y.label], "sources": [x.articles, y.articles],
                             "comparable": comparable, "unit": "years"}
                    if not comparable:
                        entry["reason"] = f"measured from {qa.get('measuredFrom')} vs {qb.get('measuredFrom')}"
                    else:
                        scores.append(1.0 - max(0.0, min(ra[1], rb[1]) - max(ra[0], rb[0])) / (max(ra[1], rb[1]) - min(ra[0], rb[0])))
                    out.append(entry)
                elif "lifeExpectancy" in qa and "lifeExpectancy" in qb:
                    differ = qa["lifeExpectancyIri"] != qb["lifeExpectancyIri"]
                    out.append({"diseases": [a, b], "values": [qa["lifeExpectancy"], qb["lifeExpectancy"]],
                                "sources": [x.articles, y.articles], "comparable": True, "differ": differ, "unit": "category"})
                    scores.append(1.0 if differ else 0.0)
    return out, (sum(scores) / len(scores) if scores else None)


def prevalence(per_disease: dict[str, list[Value]]) -> tuple[list[dict], float | None]:
    """Ratios of prevalence only for the same population and year; otherwise say why not."""
    out = []
    for (a, va), (b, vb) in combinations(per_disease.items(), 2):
        for x in (v for v in va if v.quantity and "population" in v.quantity):
            for y in (v for v in vb if v.quantity and "population" in v.quantity):
                qa, qb = x.quantity, y.quantity
                entry = {"diseases": [a, b], "values": [x.label, y.label], "sources": [x.articles, y.articles],
                         "population": [qa["population"], qb["population"]], "year": [qa.get("year"), qb.get("year")]}
                if qa["populationIri"] != qb["populationIri"]:
                    entry.update(comparable=False, reason="different populations")
                elif qa.get("year") != qb.get("year") or qa.get("year") is None:
                    entry.update(comparable=False, reason="not the same year (or no year given)")
                elif "count" in qa and "count" in qb:
                    entry.update(comparable=True, ratio=qa["count"] / qb["count"], unit="people")
                out.append(entry)
    return out, None


def sex_ratio(per_disease: dict[str, list[Value]]) -> tuple[list[dict], float | None]:
    """Which sex each disease affects more often, and how much more."""
    out, scores = [], []
    for (a, va), (b, vb) in combinations(per_disease.items(), 2):
        for x in (v for v in va if v.quantity and "predominantSex" in v.quantity):
            for y in (v for v in vb if v.quantity and "predominantSex" in v.quantity):
                differ = x.quantity["predominantSexIri"] != y.quantity["predominantSexIri"]
                out.append({"diseases": [a, b], "values": [x.label, y.label], "sources": [x.articles, y.articles],
                            "predominant_sex": [x.quantity["predominantSex"], y.quantity["predominantSex"]], "differ": differ})
                scores.append(1.0 if differ else 0.0)
    return out, (sum(scores) / len(scores) if scores else None)


def conflicts(values: list[Value]) -> list[dict]:
    """Figures for one disease that differ between articles (never silently resolved), like with
    like: survival counted from onset is never in conflict with survival counted from diagnosis."""
    out = []
    for x, y in combinations(values, 2):
        rx, ry = _years(x), _years(y)
        if rx and ry and x.properties == y.properties and x.articles != y.articles:
            if rx != ry and x.quantity.get("measuredFromIri") == y.quantity.get("measuredFromIri"):
                out.append({"property": x.properties[0], "values": [x.label, y.label], "sources": [x.articles, y.articles]})
    return out


COMPARATORS = {"dimOnset": onset, "dimSurvival": survival, "dimPrevalence": prevalence, "dimSexRatio": sex_ratio}
