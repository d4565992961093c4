// Shared look of NeuroKG graphs in cytoscape.js: colour by class (nodes) or by dimension (edges),
// a legend, and edge visibility by source. Loaded before explore.js and explore-contrast.js.
"use strict";

window.NeuroKGGraph = (function () {
  const PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#7f7f7f",
    "#bcbd22", "#17becf", "#9467bd", "#2ca02c", "#d62728", "#1f77b4", "#ff7f0e"];
  const NKG = "https://w3id.org/neurokg/";

  function colours(keys) {
    const map = {};
    Array.from(new Set(keys)).sort().forEach((key, i) => { map[key] = PALETTE[i % PALETTE.length]; });
    return map;
  }

  function style() {
    return [
      { selector: "node", style: {
        "background-color": "data(colour)", label: "data(label)", "font-size": 9, color: "#1d2733",
        "text-wrap": "wrap", "text-max-width": 110, "text-valign": "bottom", "text-margin-y": 3, width: 14, height: 14 } },
      { selector: "node.disease, node.focus", style: { width: 34, height: 34, "font-size": 12, "font-weight": "bold",
        "border-width": 3, "border-color": "#1d2733" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#f0a000" } },
      { selector: "edge", style: { width: 1.4, "line-color": "data(colour)", "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle", "arrow-scale": 0.6, "curve-style": "bezier", opacity: 0.75 } },
      { selector: "edge[polarity = 'denied']", style: { "line-style": "dashed" } },
      { selector: ".hidden", style: { display: "none" } },
    ];
  }

  function legend(element, title, map) {
    element.textContent = "";
    const heading = document.createElement("h3");
    heading.textContent = title;
    element.appendChild(heading);
    const list = document.createElement("ul");
    Object.entries(map).forEach(([name, colour]) => {
      const item = document.createElement("li");
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.style.backgroundColor = colour;
      item.appendChild(chip);
      item.appendChild(document.createTextNode(" " + name));
      list.appendChild(item);
    });
    element.appendChild(list);
  }

  // Which source group an edge belongs to: an article (its own or inferred from it) or 'curated'.
  function groupsOf(edge, articles) {
    return (edge.data("provenance") || "").split(" ").filter(Boolean).map((token) => {
      const slug = token.startsWith("inferred/") ? token.slice("inferred/".length) : token;
      return articles.includes(slug) ? slug : "curated";
    });
  }

  function local(iri) { return iri.startsWith(NKG) ? iri.slice(NKG.length) : null; }

  return { colours, style, legend, groupsOf, local, NKG };
})();
