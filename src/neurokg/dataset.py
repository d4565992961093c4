"""Opening a store with the NeuroKG dataset in it (built once per store)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
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
    if not spec.startswith("oxigraph:"):
        store = get_store(spec)
        load_into(store, data=data, progress=progress)
        return store
    folder = Path(spec.removeprefix("oxigraph:").partition("?")[0])
    build = needs_build(folder)
    store = get_store(spec)
    if build:
        with building(folder, store):
            load_into(store, data=data, progress=progress)
    return store


def needs_build(folder: Path) -> bool:
    """Is the on-disk store at `folder` new (no folder, or an empty one) or half built?"""
    return not folder.exists() or not any(folder.iterdir()) or (folder / BUILDING).exists()


@contextlib.contextmanager
def building(folder: Path, store: Store) -> Iterator[None]:
    """Fill `store` (at `folder`) in the block; a fill cut short is started again next time."""
    if (folder / BUILDING).exists():
        store.clear()
    (folder / BUILDING).touch()
    yield
    store.flush()
    (folder / BUILDING).unlink()


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
