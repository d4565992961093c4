"""NeuroKG: a knowledge graph of ALS, SMA and MS with a SPARQL 1.1 endpoint and computed contrasts."""

__version__ = "0.1.0"

__all__ = ["__version__"]
