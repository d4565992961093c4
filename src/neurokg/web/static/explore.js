// The graph explorer: search a term, see its neighbourhood coloured by class, click a node for its
// facts and sources, filter edges by source article, expand a node with its own neighbourhood.
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
  const cy = cytoscape({ container: document.getElementById("cy"), style: G.style(), minZoom: 0.15, maxZoom: 3 });
  window.neurokgCy = cy;  // for the browser tests and the console
  let focus = null;

  function say(text) { status.textContent = text; }

  async function show(name, replace) {
    say("Loading " + name + "…");
    delete root.dataset.shown;
    const url = "/graph?format=cyjs&entity=" + encodeURIComponent(name);
    const response = await fetch(url);
    if (!response.ok) { say(await response.text()); return; }
    const data = await response.json();
    if (replace) cy.elements().remove();
    const fresh = data.elements.nodes.concat(data.elements.edges).filter((e) => cy.getElementById(e.data.id).empty());
    cy.add(fresh.map((e) => ({ group: e.data.target ? "edges" : "nodes", data: e.data })));
    focus = G.NKG + name;
    cy.nodes().removeClass("focus");
    cy.getElementById(focus).addClass("focus");
    download.href = url;
    paint();
    filter();
    cy.layout({ name: "cose", animate: false, randomize: replace, nodeRepulsion: () => 9000, idealEdgeLength: () => 90 }).run();
    cy.fit(undefined, 20);
    await select(cy.getElementById(focus));
    const address = new URL(window.location.href);
    address.searchParams.set("entity", name);
    window.history.replaceState(null, "", address);
    root.dataset.shown = name;
  }

  function paint() {
    const byClass = G.colours(cy.nodes().map((n) => n.data("class")));
    cy.nodes().forEach((n) => n.data("colour", byClass[n.data("class")]));
    cy.nodes().filter((n) => n.data("class") === "Disease").addClass("disease");
    cy.edges().forEach((e) => e.data("colour", "#8a97a6"));
    G.legend(document.getElementById("legend"), "Classes", byClass);
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
    body.textContent = "";
    delete details.dataset.loaded;
    if (!name) return;
    const response = await fetch("/api/facts/" + name);
    if (!response.ok) return;
    const facts = (await response.json()).facts;
    details.dataset.loaded = name;
    facts.forEach((fact) => {
      const row = document.createElement("tr");
      const value = document.createElement("td");
      const target = fact.value.startsWith(G.NKG) ? G.local(fact.value) : null;
      if (target && !target.includes("/")) {
        const link = document.createElement("a");
        link.href = "/explore?entity=" + encodeURIComponent(target);
        link.textContent = fact.valueLabel;
        value.appendChild(link);
      } else {
        value.textContent = fact.valueLabel;
      }
      const property = document.createElement("td");
      property.textContent = fact.propertyLabel;
      const source = document.createElement("td");
      source.textContent = fact.sourceTitle + (fact.inferred ? " (inferred)" : "");
      row.append(property, value, source);
      body.appendChild(row);
    });
  }

  let pending = null;
  async function search(text) {
    searchResults.textContent = "";
    if (!text.trim()) return [];
    const response = await fetch("/api/search?q=" + encodeURIComponent(text));
    if (!response.ok) return [];
    const hits = await response.json();
    hits.forEach((hit) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = hit.label + (hit.matched !== hit.label ? " (" + hit.matched + ")" : "");
      const kind = document.createElement("small");
      kind.textContent = " " + hit.class;
      button.appendChild(kind);
      button.addEventListener("click", () => show(hit.name, true));
      item.appendChild(button);
      searchResults.appendChild(item);
    });
    if (!hits.length) searchResults.textContent = "No term is called that.";
    return hits;
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
  filters.forEach((f) => f.addEventListener("change", filter));
  cy.on("tap", "node", (event) => select(event.target));
  cy.on("dbltap", "node", (event) => { const name = G.local(event.target.id()); if (name) show(name, false); });
  document.getElementById("expand").addEventListener("click", (event) => {
    if (event.target.dataset.name) show(event.target.dataset.name, false);
  });

  show(root.dataset.entity || "ALS", true);
})();
