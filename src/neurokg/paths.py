"""Every path the project reads, defined once."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if not (ROOT / "ontology").is_dir():  # installed as a wheel: resources are packaged alongside
    ROOT = Path(__file__).resolve().parent / "_resources"

ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "neurokg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
DATA_DIR = ROOT / "data"
ARTICLES_DIR = DATA_DIR / "articles"
QUERIES_DIR = ROOT / "queries"
CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache"
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
