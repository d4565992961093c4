// The entity page's small neighbourhood picture: the same layout and colours as the explorer.
"use strict";

(function () {
  const G = window.NeuroKGGraph;
  const container = document.getElementById("cy");
  const status = document.getElementById("status");
  const name = container.dataset.entity;
  fetch("/graph?format=cyjs&entity=" + encodeURIComponent(name)).then((response) => {
    if (!response.ok) { status.textContent = "no links to other terms"; container.hidden = true; return null; }
    return response.json();
  }).then((data) => {
    if (!data) return;
    const cy = cytoscape({ container, style: G.style(), minZoom: 0.15, maxZoom: 4,
      elements: data.elements.nodes.map((n) => ({ group: "nodes", data: Object.assign({ colour: G.OTHER }, n.data) }))
        .concat(data.elements.edges.map((e) => ({ group: "edges", data: Object.assign({ colour: "#8a97a6" }, e.data) }))) });
    window.neurokgCy = cy;  // for the browser tests and the console
    G.paintClasses(cy.nodes());
    cy.getElementById(G.NKG + name).addClass("focus");
    G.interact(cy);
    G.latticeLayout(cy, G.NKG + name);
    G.fitNodes(cy);
    G.declutter(cy);
    cy.on("tap", "node", (event) => { const local = G.local(event.target.id()); if (local) window.location.href = "/entity/" + local; });
    status.textContent = cy.nodes().length + " terms linked";
    container.dataset.ready = "true";
  });
})();
