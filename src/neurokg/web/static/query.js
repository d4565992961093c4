// NeuroKG query page: CodeMirror editor, one-click examples, results table with links, downloads.
"use strict";

(function () {
  const NKG = "https://w3id.org/neurokg/";
  const textarea = document.getElementById("query");
  const editor = CodeMirror.fromTextArea(textarea, { mode: "application/sparql-query", lineNumbers: true, viewportMargin: Infinity });
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const prefixes = Array.from(document.querySelectorAll("#prefixes dd")).map((dd) => [dd.dataset.prefix, dd.textContent]);
  let examples = [];

  fetch("/api/examples").then((r) => r.json()).then((list) => { examples = list; });

  // An example's description belongs to the example: typing a query of one's own clears it.
  editor.on("change", (cm, change) => {
    if (change.origin !== "setValue") document.getElementById("description").textContent = "";
  });

  document.querySelectorAll("button.example").forEach((button) => {
    button.addEventListener("click", () => {
      const example = examples.find((e) => e.name === button.dataset.name);
      if (!example) return;
      editor.setValue(example.query);
      document.getElementById("description").textContent = example.description;
      run();
    });
  });

  function compact(iri) {
    for (const [name, base] of prefixes) {
      if (iri.startsWith(base) && !iri.slice(base.length).includes("/")) return name + ":" + iri.slice(base.length);
    }
    return iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      const local = term.value.startsWith(NKG) ? term.value.slice(NKG.length) : null;
      a.href = local && !local.includes("/") ? "/entity/" + encodeURIComponent(local) : term.value;
      a.textContent = compact(term.value);
      a.title = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      if (term["xml:lang"]) td.dataset.lang = term["xml:lang"];
    }
    return td;
  }

  function table(json) {
    results.replaceChildren();
    if ("boolean" in json) {
      const p = document.createElement("p");
      p.className = "boolean";
      p.textContent = json.boolean ? "true" : "false";
      results.appendChild(p);
      return 1;
    }
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    json.head.vars.forEach((v) => { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    const body = t.createTBody();
    json.results.bindings.forEach((row) => {
      const tr = body.insertRow();
      json.head.vars.forEach((v) => tr.appendChild(cell(row[v])));
    });
    results.appendChild(t);
    return json.results.bindings.length;
  }

  function updateDownload() {
    const format = document.getElementById("download-format").value;
    const params = new URLSearchParams({ query: editor.getValue(), format: format });
    document.getElementById("download").href = "/sparql?" + params.toString();
  }

  async function run() {
    status.textContent = "Running…";
    updateDownload();
    const started = performance.now();
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
      body: new URLSearchParams({ query: editor.getValue() }),
    });
    const took = Math.round(performance.now() - started);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      results.replaceChildren();
      const pre = document.createElement("pre");
      pre.className = "error";
      pre.textContent = await response.text();
      results.appendChild(pre);
      status.textContent = "Error " + response.status;
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      const rows = table(await response.json());
      const cut = response.headers.get("X-NeuroKG-Truncated") ? " (cut at the row limit)" : "";
      status.textContent = rows + " result(s) in " + took + " ms" + cut;
    } else {
      results.replaceChildren();
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      results.appendChild(pre);
      status.textContent = "Graph result in " + took + " ms";
    }
  }

  document.getElementById("run").addEventListener("click", run);
  document.getElementById("download-format").addEventListener("change", updateDownload);
  editor.on("change", updateDownload);
  updateDownload();
})();
