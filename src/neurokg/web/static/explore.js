// The graph explorer: search a term, see its neighbourhood coloured by class (laid out the same way
// on every load, labels never on top of each other), click a node for what it is and its facts
// with their sources, filter edges by source article, expand a node with its own neighbourhood.
"use strict";

(function () {
  const G = window.NeuroKGGraph;
  const root = document.getElementById("explore");
  const status = document.getElementById("status");
  const download = document.getElementById("download");
  const details = document.getElementById("details");
  const searchBox = document.getElementById("search");
  const searchResults = document.getElementById("search-results");
  const filters = Array.from(document.querySelectorAll("#article-filter input"));
  const articles = filters.map((f) => f.value).filter((v) => v !== "curated");
  const cy = cytoscape({ container: document.getElementById("cy"), style: G.style(), minZoom: 0.15, maxZoom: 4 });
  window.neurokgCy = cy;  // for the browser tests and the console
  G.interact(cy);
  let focus = null, centre = null;

  function say(text) { status.textContent = text; }

  async function show(name, replace) {
    say("Loading " + name + "…");
    delete root.dataset.shown;
    const url = "/graph?format=cyjs&entity=" + encodeURIComponent(name);
    const response = await fetch(url);
    if (!response.ok) {
      if (replace) { cy.elements().remove(); details.hidden = true; download.hidden = true; }
      say("No term " + name + " in NeuroKG.");
      await suggest(name);
      root.dataset.shown = "";
      return;
    }
    const data = await response.json();
    if (replace) { cy.elements().remove(); centre = G.NKG + name; }
    const fresh = data.elements.nodes.concat(data.elements.edges).filter((e) => cy.getElementById(e.data.id).empty());
    cy.add(fresh.map((e) => ({ group: e.data.target ? "edges" : "nodes", data: Object.assign({ colour: G.OTHER }, e.data) })));
    focus = G.NKG + name;
    cy.nodes().removeClass("focus");
    cy.getElementById(focus).addClass("focus");
    download.href = url;
    download.hidden = false;
    paint();
    filter();
    G.latticeLayout(cy, centre);
    G.fitNodes(cy);
    G.declutter(cy);
    await select(cy.getElementById(focus));
    const address = new URL(window.location.href);
    address.searchParams.set("entity", name);
    window.history.replaceState(null, "", address);
    root.dataset.shown = name;
  }

  function paint() {
    const entries = G.paintClasses(cy.nodes());
    cy.nodes().filter((n) => n.data("class") === "Disease").addClass("disease");
    cy.edges().forEach((e) => e.data("colour", "#8a97a6"));
    G.legend(document.getElementById("legend"), "Classes", entries);
  }

  function filter() {
    const shown = filters.filter((f) => f.checked).map((f) => f.value);
    cy.edges().forEach((e) => {
      const visible = G.groupsOf(e, articles).some((g) => shown.includes(g));
      e.toggleClass("hidden", !visible);
    });
    cy.nodes().forEach((n) => {
      const linked = n.connectedEdges().filter((e) => !e.hasClass("hidden")).length > 0;
      n.toggleClass("hidden", !linked && n.id() !== focus);
    });
    const nodes = cy.nodes().not(".hidden").length;
    const edges = cy.edges().not(".hidden").length;
    say(nodes + " nodes, " + edges + " edges" + (focus ? " around " + cy.getElementById(focus).data("label") : ""));
  }

  function element(tag, text, className) {
    const e = document.createElement(tag);
    if (text) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  function linkTo(href, text, external) {
    const a = element("a", text);
    a.href = href;
    if (external) a.rel = "external";
    return a;
  }

  async function select(node) {
    if (!node || node.empty()) return;
    cy.nodes().unselect();
    node.select();
    const name = G.local(node.id());
    details.hidden = false;
    document.getElementById("details-title").textContent = node.data("label");
    document.getElementById("details-curie").textContent = node.data("curie");
    document.getElementById("details-page").href = name ? "/entity/" + name : node.id();
    document.getElementById("expand").dataset.name = name || "";
    const body = document.querySelector("#details-facts tbody");
    const about = document.getElementById("details-about");
    body.textContent = "";
    about.textContent = "";
    delete details.dataset.loaded;
    if (!name) return;
    const response = await fetch("/api/facts/" + name);
    if (!response.ok) return;
    const info = await response.json();
    if (info.synonyms.length) about.appendChild(element("p", "Also: " + info.synonyms.join(", "), "synonyms"));
    if (info.classes.length) {
      const p = element("p", "", "classes");
      info.classes.forEach((c) => p.appendChild(element("span", c.label + (c.inferred ? " (inferred)" : ""), "badge" + (c.inferred ? " inferred" : ""))));
      about.appendChild(p);
    }
    if (info.identifiers.length) {
      const p = element("p", "", "identifiers");
      info.identifiers.forEach((id) => {
        const a = linkTo(id.iri, id.curie, true);
        a.title = id.matchLabel + " " + id.curie;
        a.className = "identifier " + id.match;
        p.append(a, " ");
      });
      about.appendChild(p);
    }
    details.dataset.loaded = name;
    let last = null;
    info.facts.forEach((fact) => {
      const row = document.createElement("tr");
      const property = element("td", fact.propertyLabel === last ? "" : fact.propertyLabel);
      last = fact.propertyLabel;
      const value = document.createElement("td");
      const target = fact.value.startsWith(G.NKG) ? G.local(fact.value) : null;
      if (target && !target.includes("/")) value.appendChild(linkTo("/explore?entity=" + encodeURIComponent(target), fact.valueLabel));
      else if (fact.link) value.appendChild(linkTo(fact.link, fact.valueLabel, !fact.link.startsWith("/")));
      else value.textContent = fact.valueLabel;
      fact.notes.forEach((n) => value.appendChild(element("span", n, "qualifier")));
      const source = element("div", "", "sources");
      value.appendChild(source);
      fact.sources.forEach((s) => {
        const chip = element("span", (s.inferred ? "inferred from " : "") + s.title, "chip-source" + (s.inferred ? " inferred" : ""));
        chip.title = s.name;
        source.appendChild(chip);
      });
      row.append(property, value);
      body.appendChild(row);
    });
  }

  function hitButton(hit) {
    const item = document.createElement("li");
    const button = element("button", hit.label + (hit.matched !== hit.label ? " (" + hit.matched + ")" : ""));
    button.type = "button";
    button.appendChild(element("small", " " + (hit.classLabel || hit.class)));
    button.addEventListener("click", () => show(hit.name, true));
    item.appendChild(button);
    return item;
  }

  async function lookup(text) {
    if (!text.trim()) return [];
    const response = await fetch("/api/search?q=" + encodeURIComponent(text.slice(0, 200)));
    return response.ok ? response.json() : [];
  }

  let pending = null;
  async function search(text) {
    searchResults.textContent = "";
    const hits = await lookup(text);
    hits.forEach((hit) => searchResults.appendChild(hitButton(hit)));
    if (!hits.length && text.trim()) searchResults.textContent = "No term is called that.";
    return hits;
  }

  // An unknown name: what the search finds for it, or for its words (CamelCase split), longest first.
  async function suggest(name) {
    const words = name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_\-]+/g, " ").trim();
    const tries = [words].concat(words.split(" ").filter((w) => w.length >= 3).sort((a, b) => b.length - a.length));
    let hits = [];
    for (const text of tries) {
      hits = await lookup(text);
      if (hits.length) break;
    }
    searchResults.textContent = "";
    const heading = element("li", hits.length ? "Did you mean:" : "Nothing close; try the search box.", "suggest-title");
    searchResults.appendChild(heading);
    hits.slice(0, 10).forEach((hit) => searchResults.appendChild(hitButton(hit)));
    searchResults.dataset.suggested = name;
  }

  searchBox.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(() => search(searchBox.value), 200);
  });
  document.getElementById("search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const hits = await search(searchBox.value);
    if (hits.length) show(hits[0].name, true);
  });
  filters.forEach((f) => f.addEventListener("change", () => { filter(); G.declutter(cy); }));
  cy.on("tap", "node", (event) => select(event.target));
  cy.on("dbltap", "node", (event) => { const name = G.local(event.target.id()); if (name) show(name, false); });
  document.getElementById("expand").addEventListener("click", (event) => {
    if (event.target.dataset.name) show(event.target.dataset.name, false);
  });

  if (root.dataset.unknown) {  // the server found no such term: say so and offer what the search finds
    say("No term " + root.dataset.entity + " with links in NeuroKG.");
    download.hidden = true;
    suggest(root.dataset.entity).then(() => { root.dataset.shown = ""; });
  } else {
    show(root.dataset.entity || "ALS", true);
  }
})();
