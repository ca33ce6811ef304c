/* itu_contrib report: sorting and filtering of activity tables, opening details to print.
   Progressive enhancement only: the report reads the same without this script. No inline handlers. */
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function cellText(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.getAttribute("data-sort") || cell.textContent.trim();
  }

  function makeSortable(table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length) { return; }
    var headers = head.rows[head.rows.length - 1].cells;
    each(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        each(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var keyed = rows.map(function (row, i) { return { row: row, key: cellText(row, index), i: i }; });
        keyed.sort(function (a, b) {
          var order = collator.compare(a.key, b.key);
          return (ascending ? order : -order) || a.i - b.i;
        });
        var fragment = document.createDocumentFragment();
        keyed.forEach(function (k) { fragment.appendChild(k.row); });
        body.appendChild(fragment);
      });
    });
  }

  function makeFilterable(table, number) {
    if (!table.tBodies.length) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    if (rows.length < 2) { return; }
    var box = document.createElement("div");
    box.className = "filter";
    var label = document.createElement("label");
    var input = document.createElement("input");
    var status = document.createElement("span");
    input.type = "search";
    input.id = "filter-" + number;
    input.autocomplete = "off";
    label.htmlFor = input.id;
    label.textContent = "Filter rows:";
    status.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    var anchor = table.parentNode && table.parentNode.className === "table-wrap" ? table.parentNode : table;
    anchor.parentNode.insertBefore(box, anchor);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var query = input.value.trim().toLowerCase();
        var shown = 0;
        rows.forEach(function (row, i) {
          var hit = !query || texts[i].indexOf(query) !== -1;
          row.hidden = !hit;
          if (hit) { shown += 1; }
        });
        status.textContent = query ? shown + " of " + rows.length + " rows" : "";
      }, 120);
    });
  }

  each(document.querySelectorAll("table[data-sortable]"), makeSortable);
  each(document.querySelectorAll("table[data-filterable]"), makeFilterable);

  var reopened = [];
  window.addEventListener("beforeprint", function () {
    each(document.querySelectorAll("details:not([open])"), function (d) { d.open = true; reopened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });
}());
