// Meeting planner: drag-and-drop ordering of program blocks, on top of the Omhoog/Omlaag
// buttons that work without JavaScript. The drop posts the new position through htmx, which
// swaps in the program section as the server computed it (start times included).
(function () {
  "use strict";
  let dragged = null;

  function setUp(list) {
    list.querySelectorAll("li[data-move-url]").forEach(function (item) {
      item.setAttribute("draggable", "true");
    });
  }

  function itemOf(event) {
    return event.target.closest ? event.target.closest("li[data-move-url]") : null;
  }

  document.addEventListener("dragstart", function (event) {
    const item = itemOf(event);
    if (!item) return;
    dragged = item;
    item.classList.add("mt-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.id);
  });

  document.addEventListener("dragover", function (event) {
    const item = itemOf(event);
    if (!item || !dragged || item.parentNode !== dragged.parentNode) return;
    event.preventDefault();
    item.classList.add("mt-drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    const item = itemOf(event);
    if (item) item.classList.remove("mt-drop-target");
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("mt-dragging");
    dragged = null;
  });

  document.addEventListener("drop", function (event) {
    const item = itemOf(event);
    if (!item || !dragged || item === dragged || item.parentNode !== dragged.parentNode) return;
    event.preventDefault();
    item.classList.remove("mt-drop-target");
    const items = Array.prototype.slice.call(item.parentNode.children);
    const position = items.indexOf(item) + 1;
    if (window.htmx) {
      window.htmx.ajax("POST", dragged.dataset.moveUrl, {
        source: dragged,
        target: "#programma-inhoud",
        swap: "outerHTML",
        values: { position: position },
      });
    }
  });

  function init(root) {
    (root || document).querySelectorAll("[data-mt-sortable]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function () { init(document); });
})();
