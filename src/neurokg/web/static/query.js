// NeuroKG query page: CodeMirror editor with completion from the graph's own vocabulary, one-click
// examples, the query (or example) in the address so it can be shared, results as a table with
// links (CONSTRUCT/DESCRIBE: triples with prefixes, as a table or as Turtle), errors marked in the
// editor at their line and column, downloads.
"use strict";

(function () {
  const NKG = "https://w3id.org/neurokg/";
  const textarea = document.getElementById("query");
  const editor = CodeMirror.fromTextArea(textarea, {
    mode: "application/sparql-query", lineNumbers: true, lineWrapping: true, viewportMargin: Infinity,
    extraKeys: { "Ctrl-Space": "autocomplete" },
  });
  window.neurokgEditor = editor;  // for the browser tests and the console
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const description = document.getElementById("description");
  const prefixes = Array.from(document.querySelectorAll("#prefixes dd")).map((dd) => [dd.dataset.prefix, dd.textContent]);
  let examples = [], vocabulary = { keywords: [], prefixes: {}, terms: [] }, chosen = null, marks = [];

  // ---- the address: ?example=NAME while the example is untouched, else ?query=TEXT ----
  function remember() {
    const address = new URL(window.location.href);
    address.search = "";
    const example = examples.find((e) => e.name === chosen);
    if (example && example.query === editor.getValue()) address.searchParams.set("example", chosen.replace(/^examples\//, ""));
    else address.searchParams.set("query", editor.getValue());
    window.history.replaceState(null, "", address);
  }

  function choose(example) {
    chosen = example.name;
    editor.setValue(example.query);
    description.textContent = example.description;
    document.querySelectorAll("button.example").forEach((b) => b.classList.toggle("chosen", b.dataset.name === example.name));
  }

  // An example's description belongs to the example: typing a query of one's own clears it.
  editor.on("change", (cm, change) => {
    if (change.origin !== "setValue") { description.textContent = ""; chosen = null; }
    clearMarks();
  });

  document.querySelectorAll("button.example").forEach((button) => {
    button.addEventListener("click", () => {
      const example = examples.find((e) => e.name === button.dataset.name);
      if (!example) return;
      choose(example);
      run();
    });
  });

  // ---- completion: keywords, prefixes, and the graph's own classes and properties ----
  function complete(cm) {
    const cursor = cm.getCursor();
    const line = cm.getLine(cursor.line);
    let start = cursor.ch;
    while (start > 0 && /[\w:\-]/.test(line.charAt(start - 1))) start -= 1;
    const word = line.slice(start, cursor.ch);
    const from = CodeMirror.Pos(cursor.line, start), to = CodeMirror.Pos(cursor.line, cursor.ch);
    const list = [];
    if (/^\s*PREFIX\s+[\w\-]*$/i.test(line.slice(0, cursor.ch))) {
      Object.entries(vocabulary.prefixes).filter(([name]) => name.startsWith(word.replace(/:$/, "")))
        .forEach(([name, iri]) => list.push({ text: name + ": <" + iri + ">", displayText: name + ": <" + iri + ">" }));
      return { list, from, to };
    }
    if (!word) return null;
    const lower = word.toLowerCase();
    if (word.includes(":")) {
      vocabulary.terms.filter((t) => t.curie.toLowerCase().startsWith(lower)).forEach((t) => list.push(termHint(t)));
    } else {
      vocabulary.keywords.filter((k) => k.toLowerCase().startsWith(lower) && k !== word)
        .forEach((k) => list.push({ text: /^[a-z]/.test(k) ? k : k.toUpperCase(), displayText: k, className: "hint-keyword" }));
      Object.keys(vocabulary.prefixes).filter((p) => p.toLowerCase().startsWith(lower))
        .forEach((p) => list.push({ text: p + ":", displayText: p + ":", className: "hint-prefix" }));
      vocabulary.terms.filter((t) => t.curie.split(":")[1].toLowerCase().startsWith(lower)).forEach((t) => list.push(termHint(t)));
    }
    return list.length ? { list: list.slice(0, 60), from, to } : null;
  }

  // A CURIE; picking it also declares its prefix at the top when the query lacks it.
  function termHint(term) {
    return {
      text: term.curie, displayText: term.curie + (term.label ? "  — " + term.label : ""), className: "hint-" + term.kind,
      hint: (cm, data, completion) => {
        cm.replaceRange(completion.text, data.from, data.to, "complete");
        const name = term.curie.split(":")[0];
        if (!new RegExp("PREFIX\\s+" + name + ":", "i").test(cm.getValue()) && vocabulary.prefixes[name]) {
          cm.replaceRange("PREFIX " + name + ": <" + vocabulary.prefixes[name] + ">\n", CodeMirror.Pos(0, 0), CodeMirror.Pos(0, 0), "complete");
        }
      },
    };
  }

  CodeMirror.commands.autocomplete = (cm) => cm.showHint({ hint: complete, completeSingle: false });
  editor.on("inputRead", (cm, change) => {
    if (change.origin === "+input" && /[\w:]/.test(change.text.join(""))) cm.showHint({ hint: complete, completeSingle: false });
  });

  // ---- results ----
  function compact(iri) {
    for (const [name, base] of prefixes) {
      if (iri.startsWith(base) && /^[\w\-.]*$/.test(iri.slice(base.length))) return name + ":" + iri.slice(base.length);
    }
    return iri;
  }

  function link(iri) {
    const a = document.createElement("a");
    const local = iri.startsWith(NKG) ? iri.slice(NKG.length) : null;
    a.href = local && !local.includes("/") ? "/entity/" + encodeURIComponent(local) : iri;
    a.textContent = compact(iri);
    a.title = iri;
    return a;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") td.appendChild(link(term.value));
    else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      if (term["xml:lang"]) td.dataset.lang = term["xml:lang"];
    }
    return td;
  }

  function table(vars, rows) {
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    vars.forEach((v) => { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    const body = t.createTBody();
    rows.forEach((row) => {
      const tr = body.insertRow();
      vars.forEach((v) => tr.appendChild(cell(row[v])));
    });
    return t;
  }

  function solutions(json) {
    results.replaceChildren();
    if ("boolean" in json) {
      const p = document.createElement("p");
      p.className = "boolean";
      p.textContent = json.boolean ? "true" : "false";
      results.appendChild(p);
      return 1;
    }
    const wrap = document.createElement("div");
    wrap.className = "table-scroll";
    wrap.appendChild(table(json.head.vars, json.results.bindings));
    results.appendChild(wrap);
    return json.results.bindings.length;
  }

  // N-Triples (what the server sends for CONSTRUCT/DESCRIBE here) into SPARQL-JSON-like terms.
  function parseNTriples(text) {
    const term = /\s*(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w\-]+|\^\^<[^>]*>)?)/y;
    const read = (line, at) => {
      term.lastIndex = at;
      const m = term.exec(line);
      if (!m) return null;
      const t = m[1];
      if (t.startsWith("<")) return [{ type: "uri", value: t.slice(1, -1) }, term.lastIndex];
      if (t.startsWith("_:")) return [{ type: "bnode", value: t.slice(2) }, term.lastIndex];
      const close = t.lastIndexOf('"');
      const value = JSON.parse(t.slice(0, close + 1));
      const rest = t.slice(close + 1);
      const out = { type: "literal", value };
      if (rest.startsWith("@")) out["xml:lang"] = rest.slice(1);
      if (rest.startsWith("^^")) out.datatype = rest.slice(3, -1);
      return [out, term.lastIndex];
    };
    return text.split("\n").filter((l) => l.trim() && !l.startsWith("#")).map((line) => {
      const s = read(line, 0), p = read(line, s[1]), o = read(line, p[1]);
      return { subject: s[0], predicate: p[0], object: o[0] };
    });
  }

  function turtleTerm(t, used) {
    if (t.type === "uri") {
      const short = compact(t.value);
      if (short !== t.value) { used.add(short.split(":")[0]); return short; }
      return "<" + t.value + ">";
    }
    if (t.type === "bnode") return "_:" + t.value;
    let text = JSON.stringify(t.value);
    if (t["xml:lang"]) text += "@" + t["xml:lang"];
    else if (t.datatype && !t.datatype.endsWith("#string")) text += "^^" + turtleTerm({ type: "uri", value: t.datatype }, used);
    return text;
  }

  // Turtle with the PREFIX lines it needs, one block per subject.
  function turtle(triples) {
    const used = new Set(), bySubject = new Map();
    triples.forEach((t) => {
      const s = turtleTerm(t.subject, used);
      if (!bySubject.has(s)) bySubject.set(s, []);
      bySubject.get(s).push(turtleTerm(t.predicate, used) + " " + turtleTerm(t.object, used));
    });
    const blocks = Array.from(bySubject.entries());
    const head = prefixes.filter(([name]) => used.has(name)).map(([name, iri]) => "PREFIX " + name + ": <" + iri + ">");
    return head.join("\n") + (head.length ? "\n\n" : "") + blocks.map(([s, pos]) => s + "\n    " + pos.join(" ;\n    ") + " .").join("\n\n") + "\n";
  }

  function graphResult(text) {
    const triples = parseNTriples(text);
    results.replaceChildren();
    const views = document.createElement("p");
    views.className = "views";
    const asTable = document.createElement("button"), asTurtle = document.createElement("button");
    asTable.type = asTurtle.type = "button";
    asTable.textContent = "Table";
    asTurtle.textContent = "Turtle";
    const tableView = document.createElement("div");
    tableView.className = "table-scroll";
    tableView.appendChild(table(["subject", "predicate", "object"], triples));
    const turtleView = document.createElement("pre");
    turtleView.className = "turtle";
    turtleView.textContent = turtle(triples);
    turtleView.hidden = true;
    asTable.addEventListener("click", () => { tableView.hidden = false; turtleView.hidden = true; });
    asTurtle.addEventListener("click", () => { tableView.hidden = true; turtleView.hidden = false; });
    const draw = document.createElement("a");
    draw.textContent = "Cytoscape JSON";
    draw.href = "/graph?" + new URLSearchParams({ query: editor.getValue(), format: "cyjs" }).toString();
    views.append("View as ", asTable, " ", asTurtle, " · Drawing: ", draw);
    results.append(views, tableView, turtleView);
    return triples.length;
  }

  // ---- errors: the message as text, its line and column marked in the editor ----
  let errorLine = null;
  function clearMarks() {
    marks.forEach((m) => m.clear());
    marks = [];
    if (errorLine) editor.removeLineClass(errorLine, "background", "error-line");
    errorLine = null;
  }

  function showError(code, message) {
    results.replaceChildren();
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = message;
    results.appendChild(p);
    status.textContent = "Error " + code;
    const at = /(?:at|line) (\d+):(\d+)/.exec(message);
    if (!at) return;
    const line = Math.min(Number(at[1]) - 1, editor.lineCount() - 1);
    const length = editor.getLine(line).length;
    const ch = Math.max(0, Math.min(Number(at[2]) - 1, length));
    errorLine = editor.addLineClass(line, "background", "error-line");
    marks.push(editor.markText(CodeMirror.Pos(line, Math.max(0, ch - 1)), CodeMirror.Pos(line, Math.min(length, ch + 1)),
      { className: "error-mark", attributes: { title: message } }));
    results.dataset.errorLine = String(line + 1);
    results.dataset.errorColumn = at[2];
  }

  function updateDownload() {
    const format = document.getElementById("download-format").value;
    const params = new URLSearchParams({ query: editor.getValue(), format: format });
    document.getElementById("download").href = "/sparql?" + params.toString();
  }

  async function run() {
    status.textContent = "Running…";
    delete results.dataset.done;
    delete results.dataset.errorLine;
    clearMarks();
    updateDownload();
    remember();
    const started = performance.now();
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json, application/n-triples;q=0.9" },
      body: new URLSearchParams({ query: editor.getValue() }),
    });
    const took = Math.round(performance.now() - started);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      const text = await response.text();
      let message = text;
      try { message = JSON.parse(text).error || text; } catch (e) { /* plain text already */ }
      showError(response.status, message);
    } else if (type.startsWith("application/sparql-results+json")) {
      const rows = solutions(await response.json());
      const cut = response.headers.get("X-NeuroKG-Truncated") ? " (cut at the row limit)" : "";
      status.textContent = rows + " result(s) in " + took + " ms" + cut;
    } else {
      const count = graphResult(await response.text());
      status.textContent = count + " triple(s) in " + took + " ms";
    }
    results.dataset.done = "true";
  }

  document.getElementById("run").addEventListener("click", run);
  document.getElementById("download-format").addEventListener("change", updateDownload);
  editor.on("change", updateDownload);
  updateDownload();

  // ---- start: the examples and vocabulary, then what the address asks for ----
  Promise.all([
    fetch("/api/examples").then((r) => r.json()).then((list) => { examples = list; }),
    fetch("/api/vocabulary").then((r) => r.json()).then((v) => { vocabulary = v; }),
  ]).then(() => {
    const params = new URLSearchParams(window.location.search);
    const example = examples.find((e) => e.name === "examples/" + params.get("example") || e.name === params.get("example"));
    if (example) { choose(example); run(); } else if (params.get("query")) {
      editor.setValue(params.get("query"));
      description.textContent = "";
      run();
    } else if (examples.length && examples[0].query === editor.getValue()) {
      chosen = examples[0].name;
    }
    document.body.dataset.ready = "true";
  });
})();
