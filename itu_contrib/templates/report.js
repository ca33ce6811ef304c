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
    var words = document.body.dataset;  // in the page's language, set by its template
    var counts = new Intl.NumberFormat(document.documentElement.lang || undefined);
    label.textContent = words.filterLabel || "Filter rows:";
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
        status.textContent = query ? (words.filterShown || "{shown} of {total} rows")
          .replace("{shown}", counts.format(shown)).replace("{total}", counts.format(rows.length)) : "";
      }, 120);
    });
  }

  // The activity list: filters by sector, action line, SDG, target or indicator and words, from the controls
  // the page carries in a <template> (inert without this script), and links from the sections that set them.
  function makeListFilters(table) {
    var template = document.getElementById("list-filters");
    if (!table || !template || !template.content || !table.tBodies.length || !table.tHead) { return; }
    var form = template.content.firstElementChild.cloneNode(true);
    var wrap = table.parentNode.className === "table-wrap" ? table.parentNode : table;
    wrap.parentNode.insertBefore(form, wrap);
    var status = form.querySelector(".list-status");
    var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
    var columns = {};
    each(table.tHead.rows[0].cells, function (th, i) {
      var match = /(?:^|\s)col-([a-z_]+)/.exec(th.className);
      if (match) { columns[match[1]] = i; }
    });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var data = null;  // read from the cells on the first use, so a long list costs nothing until it is filtered

    function text(row, name) {
      var cell = columns[name] === undefined ? null : row.cells[columns[name]];
      return cell ? cell.textContent.trim() : "";
    }
    function tokens(row, name) {
      var value = text(row, name);
      return value ? value.split(/\s*[;,]\s*/) : [];
    }
    function prepare() {
      data = rows.map(function (row) {
        var lines = {}, goals = {}, codes = {};
        tokens(row, "action_lines").forEach(function (c) { lines[c] = true; lines[c.split(".")[0]] = true; });
        tokens(row, "sdg_goals").forEach(function (g) { goals[g] = true; });
        tokens(row, "sdg_targets").concat(tokens(row, "sdg_indicators")).forEach(function (c) { codes[c] = true; });
        return { sector: text(row, "sector") || "-", lines: lines, goals: goals, codes: codes,
                 words: row.textContent.toLowerCase() };
      });
    }
    var fields = {};
    each(form.querySelectorAll("[name]"), function (field) { fields[field.name] = field; });
    function clear() {
      Object.keys(fields).forEach(function (name) { fields[name].value = ""; });
    }
    function apply() {
      if (!data) { prepare(); }
      var sector = fields.sector.value, line = fields.line.value, goal = fields.goal.value;
      var codes = fields.code.value ? fields.code.value.split("|") : null;
      var words = fields.q.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row, i) {
        var d = data[i];
        var hit = (!sector || d.sector === sector) && (!line || d.lines[line] === true) &&
          (!goal || d.goals[goal] === true) && (!codes || codes.some(function (c) { return d.codes[c] === true; })) &&
          (!words || d.words.indexOf(words) !== -1);
        if (row.hidden === hit) { row.hidden = !hit; }
        if (hit) { shown += 1; }
      });
      var active = sector || line || goal || codes || words;
      status.textContent = active ? status.getAttribute("data-shown")
        .replace("{shown}", numbers.format(shown)).replace("{total}", numbers.format(rows.length)) : "";
    }
    var timer = null;
    form.addEventListener("change", apply);
    form.querySelector(".list-reset").addEventListener("click", function () { clear(); apply(); });
    fields.q.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 150);
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-filter]") : null;
      if (!link) { return; }
      clear();
      new URLSearchParams(link.getAttribute("data-filter")).forEach(function (value, key) {
        if (fields[key]) { fields[key].value = value; }
      });
      apply();  // the link then goes to the list as usual
    });
  }

  makeListFilters(document.getElementById("activity-list"));
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
