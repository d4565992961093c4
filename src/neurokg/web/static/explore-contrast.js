// The contrast picture, laid out by dimension: one band per dimension (its colour, its name on the
// left), a column per group of diseases (for two: ALS's own | shared | MS's own; for three: each
// disease's own, then what two share, then what all share), each disease above its own column.
// Drawn at zoom 1, so labels are 12 px on screen; hovering a feature shows the diseases that state it.
"use strict";

(function () {
  const G = window.NeuroKGGraph;
  const container = document.getElementById("cy");
  const diseases = container.dataset.diseases.split(" ");
  const keys = container.dataset.keys.split(" ");
  const dimensions = JSON.parse(container.dataset.dimensions);  // [[iri, label], ...] in table order
  const status = document.getElementById("status");
  const FONT = 12, LINE = 15, ITEM_WIDTH = 165, GAP = 8;
  const NAME_WIDTH = diseases.length > 2 ? 140 : 170;
  const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c6d00", "#000000",
    "#9467bd", "#8c564b", "#17becf", "#7f7f7f", "#b8860b", "#2ca02c", "#d62728"];
  const measure = document.createElement("canvas").getContext("2d");
  measure.font = FONT + 'px "Helvetica Neue", Helvetica, sans-serif';

  // Lines a label takes when wrapped at `width` px (word by word, as cytoscape wraps).
  function lines(text, width, bold) {
    measure.font = (bold ? "bold " : "") + FONT + 'px "Helvetica Neue", Helvetica, sans-serif';
    let count = 1, line = "";
    text.split(" ").forEach((word) => {
      const trial = line ? line + " " + word : word;
      if (measure.measureText(trial).width > width * 0.92 && line) { count += 1; line = word; } else { line = trial; }
    });
    return count;
  }

  // Columns: each disease's own, what each pair shares, what all share; ordered so that for two
  // diseases the shared column sits between them.
  function columnsOf() {
    const n = diseases.length;
    if (n === 2) return [[diseases[0]], diseases.slice(), [diseases[1]]];
    const out = diseases.map((d) => [d]);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push([diseases[i], diseases[j]]);
    out.push(diseases.slice());
    return out;
  }

  function title(owners) {
    const names = owners.map((d) => keys[diseases.indexOf(d)]);
    if (owners.length === 1) return "only " + names[0];
    return owners.length === diseases.length ? "shared by all" : "shared by " + names.join(" and ");
  }

  function draw(data) {
    const width = container.clientWidth;
    const nodes = data.elements.nodes, edges = data.elements.edges;
    const labelOf = (iri) => (nodes.find((n) => n.data.id === iri) || { data: { label: iri } }).data.label;
    const dimOrder = dimensions.map((d) => d[0]);
    const colour = {};
    dimensions.forEach(([iri], i) => { colour[iri] = PALETTE[i % PALETTE.length]; });
    // each feature: its first dimension, the diseases affirming it and those denying it
    const feature = {};
    edges.forEach((e) => {
      const d = e.data;
      d.colour = colour[d.predicate] || G.OTHER;
      const f = feature[d.target] = feature[d.target] || { dims: new Set(), yes: new Set(), no: new Set() };
      f.dims.add(d.predicate);
      (d.polarity === "denied" ? f.no : f.yes).add(d.source);
    });
    const columns = columnsOf();
    const cells = {};  // dimension -> column index -> [node data]
    nodes.forEach((n) => {
      const f = feature[n.data.id];
      if (!f || diseases.includes(n.data.id)) return;  // a disease stays above its column
      const dim = dimOrder.find((iri) => f.dims.has(iri)) || Array.from(f.dims)[0];
      const owners = diseases.filter((d) => f.yes.has(d) || f.no.has(d));
      const column = columns.findIndex((c) => c.length === owners.length && c.every((d) => owners.includes(d)));
      const denied = diseases.filter((d) => f.no.has(d)).map((d) => keys[diseases.indexOf(d)]);
      n.data.shown = f.yes.size === 0 ? "not " + n.data.label : n.data.label + (denied.length ? " (not " + denied.join(", ") + ")" : "");
      n.data.colour = colour[dim] || G.OTHER;
      n.data.shared = owners.length === diseases.length;
      ((cells[dim] = cells[dim] || {})[column] = cells[dim][column] || []).push(n.data);
    });
    const used = columns.map((_, i) => i).filter((i) => Object.values(cells).some((c) => c[i]));
    const columnWidth = Math.max(ITEM_WIDTH, (width - NAME_WIDTH - GAP) / used.length);
    const headerLines = Math.max(...diseases.map((d) => lines(keys[diseases.indexOf(d)] + ": " + labelOf(d), (columnWidth - 40) * FONT / 15, true)));
    const HEADER = 40 + 18 * headerLines;
    const perRow = Math.max(1, Math.floor(columnWidth / ITEM_WIDTH));
    const itemWidth = columnWidth / perRow;
    const x0 = {};
    used.forEach((c, k) => { x0[c] = NAME_WIDTH + GAP + k * columnWidth; });
    const elements = [], positions = {};
    // the diseases, above their own column (or above all columns for shared-only pictures)
    diseases.forEach((iri, i) => {
      const own = columns.findIndex((c) => c.length === 1 && c[0] === iri);
      const x = used.includes(own) ? x0[own] + columnWidth / 2 : NAME_WIDTH + (i + 0.5) * (width - NAME_WIDTH) / diseases.length;
      positions[iri] = { x: x - columnWidth / 2 + 14, y: 6 + 9 * headerLines };
    });
    used.forEach((c) => {
      elements.push({ group: "nodes", classes: "column-title", data: { id: "column " + c, shown: title(columns[c]), colour: "#ffffff" } });
      positions["column " + c] = { x: x0[c] + columnWidth / 2, y: HEADER - 10 };
    });
    let y = HEADER + 6;
    dimOrder.filter((dim) => cells[dim]).forEach((dim) => {
      const label = dimensions.find((d) => d[0] === dim)[1];
      let height = lines(label, NAME_WIDTH - 30, true) * LINE + 8;
      used.forEach((c) => {
        const items = (cells[dim][c] || []).sort((a, b) => a.shown.localeCompare(b.shown));
        let rowTop = y + 8, rowHeight = 0;
        items.forEach((item, k) => {
          if (k % perRow === 0 && k) { rowTop += rowHeight + 6; rowHeight = 0; }
          const h = lines(item.shown, itemWidth - 26, item.shared) * LINE;
          rowHeight = Math.max(rowHeight, h);
          positions[item.id] = { x: x0[c] + (k % perRow) * itemWidth + 12, y: rowTop + h / 2 };
        });
        height = Math.max(height, rowTop + rowHeight - y);
      });
      height += 10;
      elements.push({ group: "nodes", classes: "band", data: { id: "band " + dim, colour: colour[dim], shown: "" } });
      positions["band " + dim] = { x: width / 2, y: y + height / 2, w: width - 4, h: height };
      elements.push({ group: "nodes", classes: "band-name", data: { id: "name " + dim, colour: colour[dim], shown: label } });
      positions["name " + dim] = { x: 14, y: y + 8 + lines(label, NAME_WIDTH - 30, true) * LINE / 2 };
      y += height + 4;
    });
    container.style.height = Math.ceil(y + 10) + "px";
    const cy = cytoscape({
      container, minZoom: 1, maxZoom: 1, userZoomingEnabled: false, userPanningEnabled: false,
      boxSelectionEnabled: false, autoungrabify: true, style: style(itemWidth - 26, columnWidth - 40),
      elements: nodes.map((n) => ({ group: "nodes", data: Object.assign({ shown: diseases.includes(n.data.id) ? keys[diseases.indexOf(n.data.id)] + ": " + n.data.label : n.data.label, colour: "#1d2733" }, n.data),
        classes: diseases.includes(n.data.id) ? "disease" : n.data.shared ? "shared feature" : "feature" }))
        .concat(elements)
        .concat(edges.map((e) => ({ group: "edges", data: e.data }))),
    });
    window.neurokgCy = cy;  // for the browser tests and the console
    cy.nodes(".band").forEach((n) => n.style({ width: positions[n.id()].w, height: positions[n.id()].h }));
    cy.layout({ name: "preset", positions: (n) => ({ x: positions[n.id()].x, y: positions[n.id()].y }), fit: false, zoom: 1, pan: { x: 0, y: 0 } }).run();
    cy.zoom(1);
    cy.pan({ x: 0, y: 0 });
    const features = cy.nodes(".feature");
    status.textContent = features.length + " features, " + cy.nodes(".shared").length + " shared by all";
    G.legend(document.getElementById("legend"), "Dimensions (colour)", dimensions.filter((d) => cells[d[0]]).map(([iri, label]) => [label, colour[iri], null]));
    cy.on("mouseover", "node.feature", (e) => { e.target.connectedEdges().addClass("lit"); e.target.addClass("lit"); });
    cy.on("mouseout", "node.feature", (e) => { e.target.connectedEdges().removeClass("lit"); e.target.removeClass("lit"); });
    cy.on("tap", "node.feature", (e) => {
      const t = e.target;
      status.textContent = t.data("label") + " — stated in " + (t.data("provenance") || "").split(" ").filter(Boolean).join(", ");
    });
    container.dataset.ready = "true";
  }

  function style(textWidth, headerWidth) {
    return [
      { selector: "node", style: { label: "data(shown)", "font-size": FONT, color: "#1d2733", "text-wrap": "wrap",
        "text-max-width": textWidth, "text-halign": "right", "text-valign": "center", "text-margin-x": 5,
        "line-height": LINE / FONT, width: 9, height: 9, "background-color": "data(colour)", "z-index": 10 } },
      { selector: "node.shared", style: { "font-weight": "bold" } },
      { selector: "node.disease", style: { shape: "round-rectangle", width: 16, height: 16, "font-size": 15, "font-weight": "bold",
        "text-max-width": headerWidth, "line-height": 1.2, "background-color": "#1d2733" } },
      { selector: "node.column-title", style: { width: 1, height: 1, "background-opacity": 0, "text-halign": "center",
        "font-size": 13, "font-weight": "bold", color: "#5b6776", events: "no" } },
      { selector: "node.band", style: { shape: "rectangle", "background-opacity": 0.07, "border-width": 1, "border-color": "data(colour)",
        "border-opacity": 0.35, label: "", "z-index": 0, events: "no" } },
      { selector: "node.band-name", style: { shape: "rectangle", width: 10, height: 10, "font-weight": "bold", "text-max-width": NAME_WIDTH - 30,
        events: "no" } },
      { selector: "node.lit", style: { "text-background-color": "#fff4d6", "text-background-opacity": 1 } },
      { selector: "edge", style: { width: 1.5, "line-color": "data(colour)", opacity: 0, "curve-style": "straight", events: "no" } },
      { selector: "edge[polarity = 'denied']", style: { "line-style": "dashed" } },
      { selector: "edge.lit", style: { opacity: 0.8, "z-index": 5 } },
    ];
  }

  fetch(container.dataset.graph).then((response) => {
    if (!response.ok) return response.text().then((text) => { throw new Error(text); });
    return response.json();
  }).then(draw).catch((error) => { status.textContent = "Could not draw the contrast: " + error.message; });
})();
