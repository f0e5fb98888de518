// Staff entry of a questionnaire (templates/patients/questionnaire_form.html): one key per answer.
// On an item's menu a digit picks that score; on a yes/no item or an RMDQ checkbox "y" or "1" is
// yes (ticked), "n" or "0" is no (space still toggles a checkbox).
// Either way the focus then moves on to the next item, and after the last one to the save button.
// A menu marked data-keys="native" (PSFS ratings, 0-10) keeps the browser's own type-ahead.
// Without JavaScript the form works as before (a typed digit picks the option that starts with it).
(function () {
  "use strict";
  var form = document.getElementById("questionnaire-form");
  if (!form) { return; }
  var names = [];
  form.querySelectorAll('[name^="item_"]').forEach(function (control) {
    if (names.indexOf(control.name) === -1) { names.push(control.name); }
  });

  function focusItem(index) {
    if (index >= names.length) {
      var submit = form.querySelector('button[type="submit"]');
      if (submit) { submit.focus(); }
      return;
    }
    var group = form.querySelectorAll('[name="' + names[index] + '"]');
    var checked = form.querySelector('[name="' + names[index] + '"]:checked');
    (checked || group[0]).focus();
  }

  function answer(control, value) {
    if (control.tagName === "SELECT") {
      var found = Array.prototype.some.call(control.options, function (option) { return option.value === value; });
      if (!found) { return false; }
      control.value = value;
      control.dispatchEvent(new Event("change", { bubbles: true }));
      return true;
    }
    if (control.type === "checkbox") {
      control.checked = value === "1";
      control.dispatchEvent(new Event("change", { bubbles: true }));
      return true;
    }
    var radio = form.querySelector('[name="' + control.name + '"][value="' + value + '"]');
    if (!radio) { return false; }
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  form.addEventListener("keydown", function (event) {
    var control = event.target;
    if (!control.name || names.indexOf(control.name) === -1 || event.ctrlKey || event.metaKey || event.altKey ||
        control.dataset.keys === "native") {
      return;
    }
    var key = event.key.toLowerCase();
    var value = key;
    if (control.type === "radio" || control.type === "checkbox") { value = { y: "1", n: "0", 1: "1", 0: "0" }[key]; }
    if (value === undefined || !/^[0-9]$/.test(value)) { return; }
    if (answer(control, value)) {
      event.preventDefault();
      focusItem(names.indexOf(control.name) + 1);
    }
  });
})();
