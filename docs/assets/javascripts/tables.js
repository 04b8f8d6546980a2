// Tables on small screens (DECISIONS.md 35). Two treatments, both decided by CSS (extra.css):
// - Tables of three or more columns (purpose and provision tables, 外部送信 with its opt-out column,
//   the history with 比較, the lists of companies and documents) become stacked
//   cards on a phone (the 新旧対照表 is not a table: extra.css stacks its old and new per block): each row a card, each cell under its column's header. The header text is
//   copied here into each cell's data-label (Markdown tables have no such attribute); ARIA roles
//   keep the table's semantics once CSS makes its parts blocks.
// - Every other table that is wider than the screen (the compared tables inside a comparison,
//   whose columns must stay side by side) scrolls sideways inside its own box, with a shadow on the
//   side that has more and the hint 「横にスクロールできます」 above it, shown only while it overflows.
// Without JavaScript, tables stay tables and scroll in the theme's box (every column reachable).
(function () {
  var HINT = "横にスクロールできます";

  function headerText(cell) {
    var copy = cell.cloneNode(true);
    copy.querySelectorAll(".pn-diff-label, .headerlink").forEach(function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function columns(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return [];
    var names = [];
    Array.prototype.forEach.call(head.cells, function (cell) {
      for (var k = 0; k < cell.colSpan; k++) names.push(cell.colSpan === 1 ? headerText(cell) : "");
    });
    return names;
  }

  function stackable(table) {
    if (table.classList.contains("pn-diff-table") || table.parentElement.closest("table")) return false;
    return columns(table).length >= 3;
  }

  function cards(table) {
    if (table.hasAttribute("data-pn-cards") || !stackable(table)) return;
    var names = columns(table);
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.children, function (group) {
      if (/^(THEAD|TBODY|TFOOT)$/.test(group.tagName)) group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var inHead = row.parentElement.tagName === "THEAD";
        cell.setAttribute("role", inHead ? "columnheader" : "cell");
        if (!inHead && cell.colSpan === 1 && names[column]) cell.setAttribute("data-label", names[column]);
        column += cell.colSpan;
      });
    });
    table.setAttribute("data-pn-cards", "");
  }

  // The box that scrolls a table sideways: the theme's wrapper, or the table itself.
  function scroller(table) {
    var wrap = table.closest(".md-typeset__scrollwrap");
    if (wrap && !wrap.contains(table.parentElement.closest("table"))) return wrap;
    var overflow = getComputedStyle(table).overflowX;
    return overflow === "auto" || overflow === "scroll" ? table : null;
  }

  function frame(box) {
    if (box.parentElement.classList.contains("pn-scroll-frame")) return box.parentElement;
    var outer = document.createElement("div");
    outer.className = "pn-scroll-frame";
    if (box.classList.contains("md-typeset__scrollwrap")) outer.classList.add("pn-scroll-frame--wrap");
    var hint = document.createElement("p");
    hint.className = "pn-scroll-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = HINT;
    hint.hidden = true;
    box.parentElement.insertBefore(hint, box);
    box.parentElement.insertBefore(outer, box);
    outer.appendChild(box);
    box.addEventListener("scroll", function () { update(box); }, { passive: true });
    return outer;
  }

  function update(box) {
    var outer = box.parentElement, hint = outer.previousElementSibling;
    var overflows = box.scrollWidth > box.clientWidth + 1 && box.getClientRects().length > 0;
    var more = [];
    if (overflows && box.scrollLeft > 1) more.push("left");
    if (overflows && box.scrollLeft + box.clientWidth < box.scrollWidth - 1) more.push("right");
    outer.setAttribute("data-pn-more", more.join(" "));
    outer.toggleAttribute("data-pn-overflows", overflows);
    if (hint && hint.classList.contains("pn-scroll-hint")) hint.hidden = !overflows;
    // A scrolling box must be reachable by keyboard (axe: scrollable-region-focusable); a table that
    // scrolls itself keeps its role, the theme's wrapper becomes a named region.
    var wrapper = box.tagName !== "TABLE";
    if (overflows && !box.hasAttribute("data-pn-focusable")) {
      box.setAttribute("data-pn-focusable", "");
      box.setAttribute("tabindex", "0");
      if (wrapper) { box.setAttribute("role", "region"); box.setAttribute("aria-label", "表 (" + HINT + ")"); }
    } else if (!overflows && box.hasAttribute("data-pn-focusable")) {
      box.removeAttribute("data-pn-focusable");
      box.removeAttribute("tabindex");
      if (wrapper) { box.removeAttribute("role"); box.removeAttribute("aria-label"); }
    }
  }

  var boxes = [];

  function refresh() { boxes.forEach(update); }

  function init() {
    var tables = document.querySelectorAll("article.md-content__inner table");
    tables.forEach(cards);
    tables.forEach(function (table) {
      var box = scroller(table);
      if (box && boxes.indexOf(box) === -1) { frame(box); boxes.push(box); }
    });
    refresh();
  }

  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; refresh(); });
  }

  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true);  // an opened <details> shows its tables
  window.addEventListener("pn-tables-changed", function () { init(); });  // compare.js drew a table
  if (document.readyState === "complete") init();
  else window.addEventListener("load", init);
})();
