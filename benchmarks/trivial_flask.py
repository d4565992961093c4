"""A trivial Flask route under gunicorn: the ceiling for any Flask service on this machine."""

from flask import Flask

app = Flask(__name__)


@app.route("/sparql")
def sparql():
    return '{"head":{"vars":[]},"results":{"bindings":[]}}', 200, {"Content-Type": "application/sparql-results+json"}


@app.route("/health")
def health():
    return "ok"
