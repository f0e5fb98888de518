/* Marking pain on the map (templates/patients/includes/pain_map_entry.html): progressive enhancement.
 * Without this script the form is a list of rows (region, side, intensity) and works as is.
 * With it the map is shown: each region is a focusable button (Tab, Enter or Space, or a tap);
 * choosing an intensity writes it into the matching row of the list (or the first empty row, or a
 * new one), and the map is coloured from the rows, so typing in the list shows on the map too.
 * Colours are the stylesheet's classes (clinic.css .pm-*): no inline style (CSP). */
(function () {
  "use strict";

  var SPINE = /^(C|T|L|S)\d+$/;

  function intensityClass(value) {
    if (value === null) { return "pm-none"; }
    if (value === 0) { return "pm-zero"; }
    return value <= 3 ? "pm-low" : value <= 6 ? "pm-mid" : "pm-high";
  }

  function setup(root) {
    var mapBlock = root.querySelector("[data-pm-map]");
    var picker = root.querySelector("[data-pm-picker]");
    var picked = root.querySelector("[data-pm-picked]");
    var status = root.querySelector("[data-pm-status]");
    var tbody = root.querySelector("[data-pm-rows]");
    var template = root.querySelector("[data-pm-row-template]");
    var total = root.querySelector("input[name$='-TOTAL_FORMS']");
    var maximum = root.querySelector("input[name$='-MAX_NUM_FORMS']");
    if (!mapBlock || !picker || !tbody || !total) { return; }
    var prefix = total.name.replace(/-TOTAL_FORMS$/, "");
    var shapes = Array.prototype.slice.call(root.querySelectorAll(".pm-region"));
    var current = null; // the shape being marked

    function field(row, name) { return row.querySelector("[name$='-" + name + "']"); }

    function rows() { return Array.prototype.slice.call(tbody.querySelectorAll("[data-pm-row]")); }

    function scores() {
      var found = [];
      rows().forEach(function (row) {
        var region = field(row, "region").value;
        var side = field(row, "side").value;
        var raw = field(row, "intensity").value;
        var value = raw === "" ? NaN : Number(raw);
        if (region && side && value >= 0 && value <= 10) {
          found.push({region: region, side: side, intensity: value});
        }
      });
      return found;
    }

    function shown(shape, list) {
      // The server's rule (patients.pain_map.map_shapes): a spine level shows its worst score on any
      // side; a paired region's shape shows its own side, bilateral and midline.
      var region = shape.getAttribute("data-region");
      var side = shape.getAttribute("data-side");
      var worst = null;
      list.forEach(function (s) {
        var here = s.region === region && (SPINE.test(region) || s.side === side || s.side === "bilateral" || s.side === "midline");
        if (here && (worst === null || s.intensity > worst)) { worst = s.intensity; }
      });
      return worst;
    }

    function label(shape) { return shape.querySelector("title").textContent.replace(/:.*$/, ""); }

    function paint() {
      var list = scores();
      shapes.forEach(function (shape) {
        var value = shown(shape, list);
        shape.setAttribute("class", "pm-region " + intensityClass(value) + (shape === current ? " pm-selected" : ""));
        shape.setAttribute("aria-label", value === null ? label(shape) : label(shape) + ": " + value + "/10");
        shape.setAttribute("aria-pressed", shape === current ? "true" : "false");
      });
    }

    function rowFor(region, side) {
      var all = rows();
      var match = all.filter(function (row) {
        return field(row, "region").value === region && field(row, "side").value === side;
      })[0];
      return match || all.filter(function (row) { return !field(row, "region").value; })[0] || addRow();
    }

    function addRow() {
      var index = Number(total.value);
      if (!template || (maximum && index >= Number(maximum.value))) { return null; }
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      tbody.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      return rows()[rows().length - 1];
    }

    function choose(shape) {
      current = shape;
      picker.hidden = false;
      picked.textContent = label(shape);
      paint();
    }

    function sideOf(shape) {
      return shape.getAttribute("data-side");
    }

    function write(value) {
      if (!current) { return; }
      var region = current.getAttribute("data-region");
      var side = sideOf(current);
      var row = rowFor(region, side);
      if (!row) { return; }
      field(row, "region").value = region;
      field(row, "side").value = side;
      field(row, "intensity").value = String(value);
      status.textContent = label(current) + ": " + value + "/10";
      picked.textContent = status.textContent;
      var shape = current;
      paint();
      shape.focus();
    }

    function clear() {
      if (!current) { return; }
      var region = current.getAttribute("data-region");
      var side = sideOf(current);
      rows().forEach(function (row) {
        if (field(row, "region").value === region && field(row, "side").value === side) {
          field(row, "region").value = "";
          field(row, "side").value = "";
          field(row, "intensity").value = "";
        }
      });
      status.textContent = label(current) + ": —";
      picked.textContent = status.textContent;
      var shape = current;
      paint();
      shape.focus();
    }

    shapes.forEach(function (shape) {
      shape.setAttribute("tabindex", "0");
      shape.setAttribute("role", "button");
      shape.addEventListener("click", function () { choose(shape); });
      shape.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          choose(shape);
          var first = picker.querySelector("[data-pm-intensity]");
          if (first) { first.focus(); }
        }
      });
    });
    picker.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      if (button.hasAttribute("data-pm-clear")) { clear(); } else { write(Number(button.getAttribute("data-pm-intensity"))); }
    });
    tbody.addEventListener("input", paint);
    tbody.addEventListener("change", paint);
    mapBlock.hidden = false;
    paint();
    root.setAttribute("data-pm-ready", prefix);
  }

  document.querySelectorAll("[data-pain-map-entry]").forEach(setup);
})();
