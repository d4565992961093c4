"""Annotated diseases (HPO's phenotype.hpoa, imported by `neurokg import hpo`): resolving what a user
types to them (`resolve`), and what their annotations state (`annotations`)."""
