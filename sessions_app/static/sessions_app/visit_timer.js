// The retention countdown of the visit page: minutes:seconds until the needles come out, then
// "Needles out" highlighted. Without JavaScript the page shows the time they come out.
(function () {
  "use strict";
  var timer = document.getElementById("retention-timer");
  if (!timer) return;
  var endsAt = new Date(timer.dataset.endsAt).getTime();
  var doneText = timer.dataset.doneText || "0:00";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var left = Math.round((endsAt - Date.now()) / 1000);
    if (left <= 0) {
      timer.textContent = doneText;
      timer.classList.add("text-danger");
      return;
    }
    timer.textContent = Math.floor(left / 60) + ":" + pad(left % 60);
    window.setTimeout(tick, 1000);
  }
  tick();
})();
