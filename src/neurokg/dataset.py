"""Opening a store with the NeuroKG dataset in it (built once per store)."""

from __future__ import annotations

from pathlib import Path

from .loader import BuildReport, build
from .store import Store, get_store


BUILDING = "neurokg-building"  # in an on-disk store's folder while it is being filled


def open_store(spec: str = "memory", *, data: list[Path] | None = None, progress: bool = False) -> Store:
    """A store from `spec`. A new embedded store (in memory, or an on-disk folder that does not
    exist yet) is filled with the NeuroKG graph (or with `data` files instead); so is an on-disk
    store whose filling was interrupted. An existing on-disk store is used as it is, even empty
    (after DROP ALL): rebuild it with `neurokg load --store oxigraph:PATH`. A remote store is used
    as it is: fill it with `neurokg load --store URL`."""
    if spec.startswith(("http://", "https://", "virtuoso+")):
        return get_store(spec)
    folder = Path(spec.removeprefix("oxigraph:").partition("?")[0]) if spec.startswith("oxigraph:") else None
    if folder is None:
        store = get_store(spec)
        if len(store) == 0:
            load_into(store, data=data, progress=progress)
        return store
    new = not folder.exists() or not any(folder.iterdir())
    store = get_store(spec)
    marker = folder / BUILDING
    if new or marker.exists():
        if not new:
            store.clear()
        marker.touch()
        load_into(store, data=data, progress=progress)
        store.flush()
        marker.unlink()
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
