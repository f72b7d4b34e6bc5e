// Accessible names Django's admin leaves out, for screen readers (and axe):
// - the autocomplete boxes (select2), an unnamed combobox and search field, get their field's label;
// - fields in a tabular inline, labelled only by the column heading, get that heading;
// - a file field beside its "Currently:" link gets its row's label (or legend);
// - select2's "remove all" cross, a bare <span> inside its list of choices, is hidden from
//   assistive technology (keyboard users remove choices with Backspace).
// Rows and boxes added later (a new inline row) are named as they appear.
(function () {
  "use strict";
  function clean(text) { return (text || "").replace(/:\s*$/, "").replace(/\s+/g, " ").trim(); }
  function labelled(control) {
    if (control.hasAttribute("aria-label") || control.hasAttribute("aria-labelledby")) return true;
    if (control.closest("label")) return true;
    return Boolean(control.id && document.querySelector('label[for="' + CSS.escape(control.id) + '"]'));
  }
  function columnHeading(control) {
    var cell = control.closest("td");
    var table = cell && cell.closest("table");
    if (!table || !table.tHead) return "";
    var heading = table.tHead.rows[0] && table.tHead.rows[0].cells[cell.cellIndex];
    if (!heading) return "";
    var row = cell.parentElement;
    var number = Array.prototype.indexOf.call(row.parentElement.rows, row) + 1;
    return clean(heading.textContent) + " (row " + number + ")";
  }
  function rowLabel(control) {
    var row = control.closest(".form-row, .fieldBox");
    var label = row && row.querySelector("label, legend");
    return label ? clean(label.textContent) : "";
  }
  function nameControl(control) {
    if (control.type === "hidden" || labelled(control)) return;
    var text = columnHeading(control) || rowLabel(control);
    if (text) control.setAttribute("aria-label", text);
  }
  function nameSelect2(container) {
    var select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return;
    var label = select.id && document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
    var text = label ? clean(label.textContent) : columnHeading(select);
    if (!text) return;
    container.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach(function (node) {
      if (!node.hasAttribute("aria-label")) node.setAttribute("aria-label", text);
    });
  }
  function hideClearCross(node) { node.setAttribute("aria-hidden", "true"); }
  function nameAll(root) {
    root.querySelectorAll("form input, form select, form textarea").forEach(nameControl);
    root.querySelectorAll(".select2-container").forEach(nameSelect2);
    root.querySelectorAll(".select2-selection__clear").forEach(hideClearCross);
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType !== 1) return;
        if (node.classList.contains("select2-container")) nameSelect2(node);
        else if (node.classList.contains("select2-selection__clear")) hideClearCross(node);
        else nameAll(node);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () { nameAll(document); });
})();
