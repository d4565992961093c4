"""Kill the query process that is running a slow query, and hand back the answer its client got."""

import os
import threading
import time

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def kill_mid_query(app, sig: int, *, settle: float = 0.2, wait: float = 30):
    """Send SLOW through `app`, send `sig` to its query process once it runs, return the response."""
    client, executor, result = app.test_client(), app.extensions["neurokg.executor"], {}
    thread = threading.Thread(target=lambda: result.setdefault("r", client.get("/sparql", query_string={"query": SLOW})))
    thread.start()
    deadline = time.monotonic() + wait
    while not executor.processes(busy=True) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(settle)
    os.kill(executor.processes(busy=True)[0], sig)
    thread.join(2 * wait)
    return result["r"]
