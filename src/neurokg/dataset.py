"""Opening a store with the NeuroKG dataset in it (built once per store)."""

from __future__ import annotations

from pathlib import Path

from .loader import BuildReport, build
from .store import Store, get_store


def open_store(spec: str = "memory", *, data: list[Path] | None = None, progress: bool = False) -> Store:
    """A store from `spec`; an empty embedded store is filled with the NeuroKG graph (or with `data`
    files instead). A remote store is used as it is: fill it with `neurokg load --store URL`."""
    store = get_store(spec)
    if not spec.startswith(("http://", "https://", "virtuoso+")) and len(store) == 0:
        load_into(store, data=data, progress=progress)
    return store


def load_into(store: Store, *, data: list[Path] | None = None, progress: bool = False) -> BuildReport | None:
    """Fill `store`: the NeuroKG build, or plain data files (Turtle, N-Triples, TriG…) for testing."""
    if not data:
        return build(store, progress=progress)
    for path in data:
        store.load(Path(path).read_bytes(), _media_type(Path(path)))
    return None


_MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
    ".jsonld": "application/ld+json",
}


def _media_type(path: Path) -> str:
    try:
        return _MEDIA_TYPES[path.suffix.lower()]
    except KeyError:
        raise ValueError(f"{path.name}: unknown RDF file type {path.suffix!r}") from None
