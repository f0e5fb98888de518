/* Point entry on the session and prescription forms: progressive enhancement only.
 * Without this script the form works as is (blank rows, links that reload with points filled in).
 * With it: add rows, show each point's name, pick the side a point allows, apply the last session
 * or a prescription in place (keeping what was already typed), and count needle insertions. */
(function () {
  "use strict";
  // Django's JavaScript catalogue (/i18n/js/, loaded by base.html) translates; without it, English.
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) { return String(values[key]); });
  };

  var dataElement = document.getElementById("session-data");
  var form = document.getElementById("session-form");
  if (!dataElement || !form) {
    return;
  }
  var data = JSON.parse(dataElement.textContent);
  var catalogue = {};
  var midline = {};
  (data.midline || []).forEach(function (code) { midline[code] = true; });
  document.querySelectorAll("#acupoint-options option").forEach(function (option) {
    var code = option.value;
    catalogue[code] = {
      name: option.textContent.slice(code.length).trim(),
      midline: /^(GV|CV)\d/.test(code) || Boolean(midline[code])
    };
  });
  var aliases = {
    L: "LU", LU: "LU", LI: "LI", CO: "LI", ST: "ST", SP: "SP", H: "HT", HE: "HT", HT: "HT", SI: "SI",
    B: "BL", UB: "BL", BL: "BL", K: "KI", KI: "KI", KID: "KI", KD: "KI", P: "PC", HC: "PC", HP: "PC",
    PC: "PC", SJ: "TE", TW: "TE", TH: "TE", TB: "TE", TE: "TE", GB: "GB", LIV: "LR", LV: "LR", LR: "LR",
    DU: "GV", GV: "GV", REN: "CV", CV: "CV"
  };
  var sideWords = {
    l: "left", lt: "left", left: "left", r: "right", rt: "right", right: "right",
    b: "bilateral", bi: "bilateral", bil: "bilateral", bilat: "bilateral", bilateral: "bilateral",
    both: "bilateral", m: "midline", mid: "midline", midline: "midline"
  };
  var byName = {};
  Object.keys(catalogue).forEach(function (code) {
    var key = fold(catalogue[code].name);
    byName[key] = byName[key] ? null : code; // null marks a name shared by two points
  });

  function fold(text) {
    return text.normalize("NFKD").replace(/[^A-Za-z]/g, "").toLowerCase();
  }

  /* Mirror of sessions_app/point_entry.py, for display only: the server decides. */
  function lookup(text) {
    var words = text.trim().split(/[\s,;/]+/).filter(Boolean);
    var side = "";
    words = words.filter(function (word) {
      var found = sideWords[word.toLowerCase()];
      if (found && !side) { side = found; return false; }
      return !/^(C[1-7]|T[1-9]|T1[0-2]|L[1-5]|S[1-4])$/i.test(word) || words.indexOf(word) === 0;
    });
    var joined = words.join(" ");
    var extra = /^EX\s*-?\s*([A-Za-z]{1,2})\s*-?\s*(\d{1,2})/i.exec(joined);
    if (extra) {
      return {code: "EX-" + extra[1].toUpperCase() + parseInt(extra[2], 10), side: side};
    }
    var coded = /^([A-Za-z.]{1,4}?)\s*-?\s*(\d{1,2})(?!\d)/.exec(joined);
    if (coded) {
      var meridian = aliases[coded[1].replace(/\./g, "").toUpperCase()];
      return meridian ? {code: meridian + parseInt(coded[2], 10), side: side} : null;
    }
    var code = byName[fold(joined)];
    return code ? {code: code, side: side} : null;
  }

  function rowField(row, name) {
    return row.querySelector("[name$='-" + name + "']");
  }

  function describe(row, keepSide) {
    var input = rowField(row, "code");
    var sideSelect = rowField(row, "side");
    var label = row.querySelector(".point-name");
    var found = input.value.trim() ? lookup(input.value) : null;
    var point = found && catalogue[found.code];
    if (label) {
      label.textContent = point ? found.code + " " + point.name : (input.value.trim() ? "?" : "");
    }
    if (point && sideSelect) {
      Array.prototype.forEach.call(sideSelect.options, function (option) {
        if (option.value) {
          option.disabled = point.midline ? option.value !== "midline" : option.value === "midline";
        }
      });
      if (point.midline) {
        sideSelect.value = "midline";
      } else if (found.side && found.side !== "midline") {
        sideSelect.value = found.side;
      } else if (!keepSide && (!sideSelect.value || sideSelect.value === "midline")) {
        sideSelect.value = "bilateral";
      }
    }
    countInsertions();
  }

  function countInsertions() {
    var summary = document.getElementById("insertion-summary");
    if (!summary) {
      return;
    }
    var total = 0;
    form.querySelectorAll("#point-rows .point-row").forEach(function (row) {
      var code = rowField(row, "code");
      var side = rowField(row, "side");
      var removed = rowField(row, "remove");
      if (code && code.value.trim() && !(removed && removed.checked)) {
        total += side && side.value === "bilateral" ? 2 : 1;
      }
    });
    var needles = form.querySelector("[name='needle_count']");
    var count = needles && needles.value ? parseInt(needles.value, 10) : null;
    summary.hidden = false;
    summary.classList.toggle("text-warning-emphasis", count !== null && count < total);
    var values = {total: total, count: count};
    summary.textContent = count !== null && count < total
      ? interpolate(ngettext(
        "%(total)s insertion from the points: the needle count (%(count)s) is lower, please check.",
        "%(total)s insertions from the points: the needle count (%(count)s) is lower, please check.",
        total), values, true)
      : interpolate(ngettext("%(total)s insertion from the points.", "%(total)s insertions from the points.", total),
        values, true);
  }

  function addRow(kind) {
    var prefix = kind === "point" ? "points" : "events";
    var total = form.querySelector("[name='" + prefix + "-TOTAL_FORMS']");
    var max = form.querySelector("[name='" + prefix + "-MAX_NUM_FORMS']");
    var template = document.getElementById(kind + "-row-template");
    var target = kind === "point" ? form.querySelector("#point-rows tbody") : document.getElementById("event-rows");
    var index = parseInt(total.value, 10);
    if (!template || !target || (max && index >= parseInt(max.value, 10))) {
      return null;
    }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement(kind === "point" ? "tbody" : "div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    target.appendChild(row);
    total.value = String(index + 1);
    return row;
  }

  function emptyPointRow() {
    var rows = form.querySelectorAll("#point-rows .point-row");
    for (var i = 0; i < rows.length; i += 1) {
      if (!rowField(rows[i], "code").value.trim()) {
        return rows[i];
      }
    }
    return addRow("point");
  }

  function apply(rows, name) {
    var present = {};
    form.querySelectorAll("#point-rows .point-row").forEach(function (row) {
      var found = lookup(rowField(row, "code").value);
      var level = rowField(row, "level");
      if (found) {
        present[found.code + "|" + (level ? level.value.toUpperCase() : "")] = true;
      }
    });
    var added = 0;
    rows.forEach(function (item) {
      var key = item.code + "|" + (item.level || "");
      if (present[key]) {
        return;
      }
      var row = emptyPointRow();
      if (!row) {
        return;
      }
      rowField(row, "code").value = item.code;
      rowField(row, "side").value = item.side;
      ["level", "depth_mm"].forEach(function (field) {
        var input = rowField(row, field);
        if (input && item[field]) {
          input.value = item[field];
        }
      });
      describe(row);
      present[key] = true;
      added += 1;
    });
    if (detailsButton && detailsInUse()) {
      showDetails(true, false);
    }
    var status = document.getElementById("apply-status");
    if (status) {
      status.textContent = interpolate(ngettext("%(name)s: %(count)s point added.", "%(name)s: %(count)s points added.",
        added), {name: name, count: added}, true);
    }
  }

  form.addEventListener("input", function (event) {
    if (event.target.matches("[name$='-code']")) {
      describe(event.target.closest(".point-row"));
    } else if (event.target.matches("[name='needle_count'], [name$='-side']")) {
      countInsertions();
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("[name$='-side'], [name$='-remove'], [name='needle_count']")) {
      countInsertions();
    }
    if (event.target.matches("[name='technique']")) {
      toggleFrequency();
    }
  });
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (button) {
      var row = addRow(button.getAttribute("data-add-row"));
      var first = row && row.querySelector("input, select");
      if (first) {
        first.focus();
      }
      return;
    }
    var link = event.target.closest("[data-apply]");
    if (link) {
      event.preventDefault();
      if (link.getAttribute("data-apply") === "last") {
        apply(data.last || [], link.textContent.trim());
      } else {
        apply(data.prescriptions[link.getAttribute("data-id")] || [], link.textContent.trim());
      }
    }
  });

  /* Keyboard: a point row is code, Tab, side; Tab again goes to the next row's code. Depth and level
   * are two more stops a row, so their columns fold away behind one button unless a row holds a
   * value or an error there (or the practitioner chose to keep them open: remembered per browser).
   * Enter in a point field moves on instead (code -> side -> next row's code, a new row after the
   * last); it never submits (the form's disabled first submit button sees to that even without us). */
  var detailsButton = form.querySelector("[data-point-details]");
  var DETAILS_KEY = "clinic.pointDetails";

  function showDetails(shown, remember) {
    var table = document.getElementById("point-rows");
    table.classList.toggle("point-details-hidden", !shown);
    detailsButton.setAttribute("aria-expanded", shown ? "true" : "false");
    if (remember) {
      try {
        window.localStorage.setItem(DETAILS_KEY, shown ? "shown" : "hidden");
      } catch (error) {
        // Storage refused (private mode): the choice lasts for this page only.
      }
    }
  }

  function detailsInUse() {
    var used = false;
    form.querySelectorAll("#point-rows .point-detail").forEach(function (cell) {
      var input = cell.querySelector("input, select");
      if ((input && input.value.trim()) || cell.querySelector(".invalid-feedback")) {
        used = true;
      }
    });
    return used;
  }

  if (detailsButton) {
    var remembered = null;
    try {
      remembered = window.localStorage.getItem(DETAILS_KEY);
    } catch (error) {
      remembered = null;
    }
    showDetails(remembered === "shown" || detailsInUse(), false);
    detailsButton.hidden = false;
    detailsButton.addEventListener("click", function () {
      showDetails(detailsButton.getAttribute("aria-expanded") !== "true", true);
    });
  }

  function focusNextCode(row) {
    var next = row.nextElementSibling || addRow("point");
    var code = next && rowField(next, "code");
    if (code) {
      code.focus();
    }
  }

  form.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !field.closest || !field.closest("#point-rows .point-row")) {
      return;
    }
    event.preventDefault();
    var row = field.closest(".point-row");
    if (field.matches("[name$='-code']")) {
      describe(row);
      rowField(row, "side").focus();
    } else {
      focusNextCode(row);
    }
  });

  function toggleFrequency() {
    var technique = form.querySelector("[name='technique']");
    var field = document.getElementById("frequency-field");
    if (technique && field) {
      field.hidden = technique.value !== "electro";
    }
  }

  form.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.hidden = false;
  });
  form.querySelectorAll("#point-rows .point-row").forEach(function (row) {
    if (rowField(row, "code").value.trim()) {
      describe(row, true);
    }
  });
  toggleFrequency();
  countInsertions();
})();
