// The compare page: pick diseases by typing (names, abbreviations and synonyms, through the
// search; any annotated disease through /api/diseases), and the comparison appears on the page (and
// in the address) without a reload.
"use strict";

(function () {
  const form = document.getElementById("picker");
  const box = document.getElementById("disease-search");
  const options = document.getElementById("disease-options");
  const chosen = document.getElementById("chosen");
  const diseases = JSON.parse(form.dataset.diseases);  // [{iri, label, key}]
  let pending = null;

  function picked() { return Array.from(chosen.querySelectorAll("input[name=disease]")).map((i) => i.value); }

  function chip(key) {
    const item = document.createElement("li");
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "disease";
    input.value = key;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "remove";
    remove.textContent = "×";
    remove.setAttribute("aria-label", "remove " + key);
    item.append(input, key + " ", remove);
    return item;
  }

  // Diseases whose key or label starts a word with the text, then those the search finds by synonym.
  async function suggest(text) {
    const lower = text.trim().toLowerCase();
    options.textContent = "";
    if (!lower) return;
    const found = diseases.filter((d) => d.key.toLowerCase().startsWith(lower) || d.label.toLowerCase().split(/\s+/).some((w) => w.startsWith(lower))
      || d.label.toLowerCase().startsWith(lower));
    const response = await fetch("/api/search?q=" + encodeURIComponent(lower.slice(0, 200)));
    if (response.ok) {
      (await response.json()).forEach((hit) => {
        const d = diseases.find((x) => x.iri === hit.iri);
        if (d && !found.includes(d)) found.push(Object.assign({ matched: hit.matched }, d));
      });
    }
    // Any disease of HPO's annotations (OMIM, ORPHA, DECIPHER) or MONDO term, by CURIE, label or synonym.
    const annotated = await fetch("/api/diseases?q=" + encodeURIComponent(lower.slice(0, 200)));
    if (annotated.ok) {
      (await annotated.json()).forEach((hit) => {
        if (!found.some((d) => d.iri === hit.iri || d.key === hit.key)) found.push(hit);
      });
    }
    if (box.value.trim().toLowerCase() !== lower) return;  // the user typed on meanwhile
    found.filter((d) => !picked().includes(d.key)).slice(0, 12).forEach((d) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = d.key + " — " + d.label + (d.matched && d.matched !== d.label ? " (" + d.matched + ")" : "");
      button.addEventListener("click", () => add(d.key));
      item.appendChild(button);
      options.appendChild(item);
    });
    if (!options.children.length) options.textContent = "No disease is called that.";
  }

  function add(key) {
    if (!picked().includes(key)) chosen.appendChild(chip(key));
    box.value = "";
    options.textContent = "";
    box.focus();
    if (picked().length >= 2) show();
  }

  // The answer, fetched as the page itself would render it, swapped in; the address follows.
  async function show() {
    const keys = picked();
    const params = new URLSearchParams(keys.map((k) => ["disease", k]));
    const response = await fetch(form.action + "?" + params.toString());
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    if (picked().join(" ") !== keys.join(" ")) return;  // the choice changed meanwhile: a newer answer comes
    document.getElementById("answer").replaceWith(page.getElementById("answer"));
    window.history.replaceState(null, "", "?" + params.toString());
    refresh(keys);
  }

  function refresh(keys) {
    document.getElementById("answer").dataset.shown = keys.join(" ");
  }

  box.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(() => suggest(box.value), 150); });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const first = options.querySelector("button");
      if (first) first.click();
    }
  });
  chosen.addEventListener("click", (event) => {
    if (!event.target.classList.contains("remove")) return;
    event.target.parentElement.remove();
    if (picked().length >= 2) show();
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); show(); });
  refresh(picked());
})();
