"""One prefix map for input and output: W3C vocabularies and NeuroKG's own namespaces, plus the
biomedical ontologies NeuroKG links to with the IRI prefixes Biolink's prefix map gives them (so
mappings join with Monarch and Biolink graphs; bioregistry's where Biolink has none), as a
`curies.Converter` (used by the query page, contrasts, CSV results, imports and the CLI).

>>> converter().expand("MONDO:0004976")
'http://purl.obolibrary.org/obo/MONDO_0004976'
>>> converter().expand("OMIM:253300"), converter().expand("NCBIGene:6606")
('http://purl.obolibrary.org/obo/OMIM_253300', 'http://identifiers.org/ncbigene/6606')
>>> converter().compress("https://w3id.org/neurokg/ALS")
'nkg:ALS'
"""

from __future__ import annotations

import functools

import curies

from .vocab import BASE

PREFIXES: dict[str, str] = {
    "nkg": BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
    "biolink": "https://w3id.org/biolink/vocab/",
}
# Ontologies NeuroKG links to (bioregistry prefix, the CURIE prefix we write).
LINKED = [("mondo", "MONDO"), ("hp", "HP"), ("cl", "CL"), ("uberon", "UBERON"), ("chebi", "CHEBI"),
          ("ncbigene", "NCBIGene"), ("ro", "RO"), ("bfo", "BFO"), ("omim", "OMIM"), ("orphanet", "ORPHA"),
          ("go", "GO"), ("doid", "DOID"), ("mesh", "MESH"), ("drugbank", "DRUGBANK"), ("hgnc", "HGNC"),
          ("maxo", "MAXO"), ("ncit", "NCIT"), ("hsapdv", "HsapDv"), ("decipher", "DECIPHER")]


@functools.cache
def biolink_prefix_map() -> dict[str, str]:
    """The prefix map biolink-model ships (biolink_model/prefixmaps/biolink-model-prefix-map.json)."""
    import json
    from importlib.resources import files

    return json.loads(files("biolink_model").joinpath("prefixmaps/biolink-model-prefix-map.json").read_text())


@functools.cache
def linked_prefixes() -> dict[str, str]:
    """CURIE prefix -> IRI prefix for the linked ontologies: Biolink's, else bioregistry's (OBO PURLs first)."""
    import bioregistry

    out = {}
    for key, prefix in LINKED:
        iri = biolink_prefix_map().get(prefix) or bioregistry.get_obofoundry_uri_prefix(key) or bioregistry.get_uri_prefix(key)
        if iri:
            out[prefix] = iri
    return out


@functools.cache
def converter() -> curies.Converter:
    return curies.Converter.from_prefix_map({**PREFIXES, **linked_prefixes()})


def all_prefixes() -> dict[str, str]:
    return {**PREFIXES, **linked_prefixes()}


def sparql_prologue() -> str:
    """PREFIX lines for every known prefix."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in all_prefixes().items())
