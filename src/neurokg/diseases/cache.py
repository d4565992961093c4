"""What is read about annotated diseases, kept until the next write: tied to the store's contrast
catalog, so `neurokg.contrast.invalidate` (called on every write) drops it too. Kept apart from the
catalog's answer cache (which holds at most 512 renderings) so the name index and the HPO DAG are
not rebuilt when answers are evicted."""

from __future__ import annotations

from ..contrast.catalog import Catalog, catalog
from ..store import Store

MAX_ENTRIES = 4096  # per-disease annotations and genes; the index and the DAG are never evicted
_CACHES: dict[int, tuple[Catalog, dict, dict]] = {}  # id(store) -> (catalog it belongs to, lasting, per disease)


def cached(store: Store, key: tuple, compute, *, lasting: bool = False):
    """compute() once per data version of `store`."""
    cat = catalog(store)
    entry = _CACHES.get(id(store))
    if entry is None or entry[0] is not cat:
        entry = _CACHES[id(store)] = (cat, {}, {})
    _, kept, per_disease = entry
    target = kept if lasting else per_disease
    if key not in target:
        if not lasting and len(per_disease) >= MAX_ENTRIES:
            per_disease.clear()
        target[key] = compute()
    return target[key]


def clear_per_disease(store: Store) -> None:
    """Forget per-disease reads (benchmarks measure them uncached); the index and DAG stay."""
    entry = _CACHES.get(id(store))
    if entry:
        entry[2].clear()
