"""External SPARQL servers for integration tests, started on 127.0.0.1 with a free port:
Oxigraph (the `oxigraph` PyPI package's server) and Virtuoso (Debian's virtuoso-opensource)."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

from http_server import free_port, running

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO = shutil.which("virtuoso-t")


@contextlib.contextmanager
def oxigraph_server() -> Iterator[str]:
    """An in-memory Oxigraph server whose default graph is the union of all graphs; yields /query URL."""
    port = free_port()
    command = [str(OXIGRAPH), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with running(command, f"http://127.0.0.1:{port}/"):
        yield f"http://127.0.0.1:{port}/query"


VIRTUOSO_INI = """
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {dir}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
DefaultGraph =
"""


GRANTS = (
    'GRANT SPARQL_UPDATE TO "SPARQL"; '
    'GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL"; '
    'GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL"; '
    'GRANT EXECUTE ON DB.DBA.SPARUL_CLEAR TO "SPARQL"; '
    'GRANT EXECUTE ON DB.DBA.SPARUL_DROP TO "SPARQL"; '
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
)


@contextlib.contextmanager
def virtuoso_server() -> Iterator[str]:
    """A throw-away Virtuoso with SPARQL Update granted to the anonymous SPARQL user; yields /sparql URL."""
    with tempfile.TemporaryDirectory(prefix="neurokg-virtuoso-") as folder:
        isql, http = free_port(), free_port()
        ini = Path(folder) / "virtuoso.ini"
        ini.write_text(textwrap.dedent(VIRTUOSO_INI).format(dir=folder, isql=isql, http=http))
        command = [VIRTUOSO, "+foreground", "+configfile", str(ini)]
        with running(command, f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", cwd=Path(folder)):
            isql_command = shutil.which("isql-vt") or shutil.which("isql")
            subprocess.run([isql_command, f"127.0.0.1:{isql}", "dba", "dba",
                            "exec=" + GRANTS],
                           check=True, capture_output=True, timeout=60)
            yield f"http://127.0.0.1:{http}/sparql"
