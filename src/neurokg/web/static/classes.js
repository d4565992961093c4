// The class tree: open or close every branch at once.
"use strict";

(function () {
  const details = () => document.querySelectorAll("#class-tree details");
  document.getElementById("open-all").addEventListener("click", () => details().forEach((d) => { d.open = true; }));
  document.getElementById("close-all").addEventListener("click", () => details().forEach((d) => { d.open = false; }));
})();
