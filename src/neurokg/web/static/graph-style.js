// Shared look of NeuroKG graphs in cytoscape.js: a palette that tells classes apart (rare ones grouped
// as "other"), a legend, a deterministic ring layout, labels that never overlap (those that do not
// fit show on hover or when zoomed in), and edge visibility by source. Loaded before the page scripts.
"use strict";

window.NeuroKGGraph = (function () {
  // Okabe-Ito first, then Tableau: the same list as graph_export.PALETTE (Graphviz drawings).
  const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
    "#9467bd", "#8c564b", "#17becf", "#bcbd22"];
  const OTHER = "#c7ccd1";
  const NKG = "https://w3id.org/neurokg/";
  const LABEL_PX = 12;  // labels keep this size on screen at every zoom
  const LABEL_WIDTH_PX = 112;
  const CELL = { w: 124, h: 56 };  // a lattice cell: room for a label of three lines under its dot

  // key -> colour, most frequent keys first; past the palette, the rarest share OTHER.
  function palette(keys) {
    const counts = {};
    keys.forEach((k) => { counts[k] = (counts[k] || 0) + 1; });
    const ranked = Object.keys(counts).sort((a, b) => counts[b] - counts[a] || (a < b ? -1 : a > b ? 1 : 0));
    const room = ranked.length <= PALETTE.length ? ranked.length : PALETTE.length - 1;
    const map = {};
    ranked.forEach((k, i) => { map[k] = i < room ? PALETTE[i] : OTHER; });
    return map;
  }

  // A size in model units that is `px` on screen at the current zoom (re-read by cy.style().update()).
  function onScreen(px) { return (ele) => px / ele.cy().zoom(); }

  function style() {
    return [
      { selector: "node", style: {
        "background-color": "data(colour)", label: "data(label)", "font-size": onScreen(LABEL_PX), color: "#1d2733", "line-height": 1.1,
        "text-wrap": "wrap", "text-max-width": onScreen(LABEL_WIDTH_PX), "text-valign": "bottom", "text-margin-y": 2,
        width: 14, height: 14 } },
      { selector: "node.disease, node.focus", style: { width: 30, height: 30, "font-weight": "bold",
        "border-width": 3, "border-color": "#1d2733" } },
      { selector: "node.nolabel", style: { label: "" } },
      { selector: "node.hover, node:selected", style: { label: "data(label)", "z-index": 20, "text-background-color": "#ffffff",
        "text-background-opacity": 0.95, "text-background-padding": 2 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#f0a000" } },
      { selector: "edge", style: { width: 1.2, "line-color": "data(colour)", "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle", "arrow-scale": 0.6, "curve-style": "straight", opacity: 0.6 } },
      { selector: "edge[polarity = 'denied']", style: { "line-style": "dashed", "line-color": "#c0392b", "target-arrow-color": "#c0392b" } },
      { selector: "edge.hover", style: { label: "data(label)", "font-size": onScreen(LABEL_PX), opacity: 1, width: 2.5, "z-index": 19,
        "text-background-color": "#ffffff", "text-background-opacity": 0.95 } },
      { selector: ".hidden", style: { display: "none" } },
    ];
  }

  // A legend: title, then one chip per entry ([label, colour, title]).
  function legend(element, title, entries) {
    element.textContent = "";
    const heading = document.createElement("h3");
    heading.textContent = title;
    element.appendChild(heading);
    const list = document.createElement("ul");
    entries.forEach(([name, colour, hint]) => {
      const item = document.createElement("li");
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.style.backgroundColor = colour;
      item.appendChild(chip);
      item.appendChild(document.createTextNode(" " + name));
      if (hint) item.title = hint;
      list.appendChild(item);
    });
    element.appendChild(list);
  }

  // Colour nodes by class (their rdfs:label names them in the legend); returns the legend entries.
  function paintClasses(nodes) {
    const map = palette(nodes.map((n) => n.data("classLabel") || n.data("class")));
    nodes.forEach((n) => n.data("colour", map[n.data("classLabel") || n.data("class")]));
    const named = Object.keys(map).filter((k) => map[k] !== OTHER).sort((a, b) => a.localeCompare(b));
    const others = Object.keys(map).filter((k) => map[k] === OTHER).sort((a, b) => a.localeCompare(b));
    const entries = named.map((k) => [k, map[k], null]);
    if (others.length) entries.push(["other (" + others.length + " classes)", OTHER, others.join(", ")]);
    return entries;
  }

  // Deterministic layout around `rootId` on a lattice of label-sized cells (the same positions on
  // every load): the root in the middle, its neighbours in the nearest cells, one wedge per class
  // (sorted by class, then label); nodes farther out take the free cell nearest to their parent,
  // outward. At zoom 1 no two labels can meet; zoomed out to fit, `declutter` hides the ones that do.
  function latticeLayout(cy, rootId) {
    const root = cy.getElementById(rootId);
    const depth = {}, parent = {};
    const byId = (a, b) => (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0);
    if (!root.empty()) {
      depth[rootId] = 0;
      let frontier = [root];
      while (frontier.length) {
        const next = [];
        frontier.forEach((n) => n.neighborhood("node").sort(byId).forEach((m) => {
          if (m.id() in depth) return;
          depth[m.id()] = depth[n.id()] + 1;
          parent[m.id()] = n.id();
          next.push(m);
        }));
        frontier = next;
      }
    }
    const key = (n) => (n.data("classLabel") || n.data("class") || "") + "\u0000" + (n.data("label") || n.id());
    const byKey = (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : byId(a, b));
    const rest = cy.nodes().filter((n) => n.id() !== rootId).toArray();
    const first = rest.filter((n) => depth[n.id()] === 1).sort(byKey);
    const later = rest.filter((n) => depth[n.id()] !== 1);
    const span = Math.ceil(Math.sqrt(rest.length)) + 4;
    const cells = [];
    for (let i = -span; i <= span; i++) {
      for (let j = -span; j <= span; j++) {
        if (i === 0 && j === 0) continue;
        const x = (i + (j % 2 ? 0.5 : 0)) * CELL.w, y = j * CELL.h;  // brick rows
        cells.push({ x, y, d: Math.hypot(x, y * 1.25), a: Math.atan2(y, x) });
      }
    }
    cells.sort((p, q) => p.d - q.d || p.a - q.a);
    const positions = {};
    positions[rootId] = { x: 0, y: 0 };
    const taken = new Set();
    const chosen = cells.slice(0, first.length).map((c, i) => Object.assign({ i }, c));
    chosen.sort((p, q) => ((p.a + 2.5 * Math.PI) % (2 * Math.PI)) - ((q.a + 2.5 * Math.PI) % (2 * Math.PI)) || p.d - q.d);
    first.forEach((n, k) => { positions[n.id()] = chosen[k]; taken.add(chosen[k].i); });
    const free = cells.map((c, i) => Object.assign({ i }, c)).filter((c) => !taken.has(c.i));
    later.sort((a, b) => (depth[a.id()] || 99) - (depth[b.id()] || 99) || byKey(a, b)).forEach((n) => {
      const from = positions[parent[n.id()]] || { x: 0, y: 0 };
      const aim = { x: from.x * 1.3, y: from.y * 1.3 };
      let best = -1, bestD = Infinity;
      free.forEach((c, k) => { const d = Math.hypot(c.x - aim.x, c.y - aim.y); if (d < bestD) { bestD = d; best = k; } });
      positions[n.id()] = best >= 0 ? free.splice(best, 1)[0] : { x: 0, y: 0 };
    });
    cy.layout({ name: "preset", positions: (n) => ({ x: positions[n.id()].x, y: positions[n.id()].y }), fit: false }).run();
  }

  // Zoom to show every visible node (up to zoom 1.4), with room at the edges for their labels.
  function fitNodes(cy) {
    const nodes = cy.nodes().not(".hidden");
    if (nodes.empty()) return;
    const xs = nodes.map((n) => n.position("x")), ys = nodes.map((n) => n.position("y"));
    const x1 = Math.min(...xs), x2 = Math.max(...xs), y1 = Math.min(...ys), y2 = Math.max(...ys);
    const zoom = Math.min(1.4, (cy.width() - CELL.w) / Math.max(1, x2 - x1), (cy.height() - CELL.h - 20) / Math.max(1, y2 - y1));
    cy.zoom(zoom);
    cy.pan({ x: cy.width() / 2 - zoom * (x1 + x2) / 2, y: (cy.height() - CELL.h / 2) / 2 - zoom * (y1 + y2) / 2 });
  }

  // Labels at a constant size on screen; then hide those that would overlap a label already placed
  // (the focus, diseases, then the best-linked first). Hover or zoom brings the others back.
  function declutter(cy) {
    cy.style().update();
    const nodes = cy.nodes().not(".hidden");
    nodes.removeClass("nolabel");
    const ranked = nodes.toArray().sort((a, b) => rank(b) - rank(a) || (a.id() < b.id() ? -1 : 1));
    const placed = [];
    const box = (n) => n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
    const hide = [];
    ranked.forEach((n) => {
      const b = box(n);
      const inView = b.x1 >= 0 && b.y1 >= 0 && b.x2 <= cy.width() && b.y2 <= cy.height();
      if (!inView || placed.some((p) => overlap(p, b))) { hide.push(n); return; }
      placed.push(b);
    });
    cy.collection(hide).addClass("nolabel");
    return { shown: placed.length, hidden: hide.length };
  }

  function rank(n) {
    return (n.hasClass("focus") ? 1e6 : 0) + (n.hasClass("disease") ? 1e4 : 0) + n.degree();
  }

  function overlap(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  // Hovering a node shows its label and the labels of its links; a zoom re-places the labels.
  function interact(cy) {
    cy.on("mouseover", "node", (e) => { e.target.addClass("hover"); e.target.connectedEdges().addClass("hover"); });
    cy.on("mouseout", "node", (e) => { e.target.removeClass("hover"); e.target.connectedEdges().removeClass("hover"); });
    let pending = null;
    cy.on("zoom", () => { clearTimeout(pending); pending = setTimeout(() => declutter(cy), 120); });
  }

  // Which source group an edge belongs to: an article (its own or inferred from it) or 'curated'.
  function groupsOf(edge, articles) {
    return (edge.data("provenance") || "").split(" ").filter(Boolean).map((token) => {
      const slug = token.startsWith("inferred/") ? token.slice("inferred/".length) : token;
      return articles.includes(slug) ? slug : "curated";
    });
  }

  function local(iri) { return iri.startsWith(NKG) ? iri.slice(NKG.length) : null; }

  return { palette, style, legend, paintClasses, latticeLayout, fitNodes, declutter, interact, groupsOf, local, NKG, OTHER, LABEL_PX };
})();
