// The contrast picture: diseases as large nodes, what they share between them, what each has alone
// on its outer side, edges coloured by dimension (dashed where a source denies the link).
"use strict";

(function () {
  const G = window.NeuroKGGraph;
  const container = document.getElementById("cy");
  const diseases = container.dataset.diseases.split(" ");
  const status = document.getElementById("status");

  // Disease positions: a line for two, a regular polygon for more.
  function anchors() {
    const out = {};
    diseases.forEach((iri, i) => {
      const angle = diseases.length === 2 ? Math.PI * i : (2 * Math.PI * i) / diseases.length - Math.PI / 2;
      out[iri] = { x: 220 * Math.cos(angle + (diseases.length === 2 ? Math.PI : 0)), y: 220 * Math.sin(angle) };
    });
    return out;
  }

  function positions(cy) {
    const at = anchors();
    const groups = {};
    cy.nodes().forEach((node) => {
      if (diseases.includes(node.id())) return;
      const owners = diseases.filter((d) => !node.edgesWith(cy.getElementById(d)).empty());
      const key = owners.join(" ");
      (groups[key] = groups[key] || { owners, nodes: [] }).nodes.push(node);
    });
    const placed = Object.assign({}, at);
    Object.values(groups).forEach(({ owners, nodes }) => {
      const centre = owners.reduce((sum, d) => ({ x: sum.x + at[d].x / owners.length, y: sum.y + at[d].y / owners.length }), { x: 0, y: 0 });
      const push = owners.length === 1 ? 2.6 : owners.length === diseases.length ? 0 : 1.15;
      const perColumn = 40;
      const columns = Math.ceil(nodes.length / perColumn);
      nodes.sort((a, b) => a.data("label").localeCompare(b.data("label"))).forEach((node, i) => {
        const column = Math.floor(i / perColumn);
        const row = i % perColumn;
        const rows = Math.min(perColumn, nodes.length - column * perColumn);
        placed[node.id()] = {
          x: centre.x * push + (column - (columns - 1) / 2) * 140,
          y: centre.y * push + (row - (rows - 1) / 2) * 24,
        };
      });
    });
    return placed;
  }

  fetch(container.dataset.graph).then((response) => {
    if (!response.ok) return response.text().then((text) => { throw new Error(text); });
    return response.json();
  }).then((data) => {
    const cy = cytoscape({
      container, style: G.style(), minZoom: 0.1, maxZoom: 3,
      elements: data.elements.nodes.map((n) => ({ group: "nodes", data: n.data }))
        .concat(data.elements.edges.map((e) => ({ group: "edges", data: e.data }))),
    });
    const byDimension = G.colours(cy.edges().map((e) => e.data("label")));
    const byClass = G.colours(cy.nodes().map((n) => n.data("class")));
    cy.edges().forEach((e) => e.data("colour", byDimension[e.data("label")]));
    cy.nodes().forEach((n) => n.data("colour", byClass[n.data("class")]));
    window.neurokgCy = cy;  // for the browser tests and the console
    diseases.forEach((iri) => cy.getElementById(iri).addClass("disease"));
    const placed = positions(cy);
    cy.layout({ name: "preset", positions: (node) => placed[node.id()], fit: true, padding: 20 }).run();
    const shared = cy.nodes().filter((n) => !diseases.includes(n.id()) && diseases.every((d) => !n.edgesWith(cy.getElementById(d)).empty()));
    shared.addClass("shared");
    status.textContent = (cy.nodes().length - diseases.length) + " features, " + shared.length + " shared by all";
    G.legend(document.getElementById("legend"), "Dimensions (edge colour)", byDimension);
    cy.on("tap", "node", (event) => {
      const name = G.local(event.target.id());
      if (name) status.textContent = event.target.data("label") + " — " + (event.target.data("provenance") || "") ;
    });
    container.dataset.ready = "true";
  }).catch((error) => { status.textContent = "Could not draw the contrast: " + error.message; });
})();
