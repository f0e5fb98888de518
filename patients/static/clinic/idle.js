/* Idle sign-out warning. The server ends a session SESSION_COOKIE_AGE seconds after the last page
 * or post (clinic/middleware.py; JSON and downloads do not count); this warns `data-warn-seconds`
 * before, offers "Stay signed in" (a POST to the keep-alive URL renews the session), and at the end
 * signs out on the server (a POST to the logout URL, with the page's CSRF token) and leaves the page
 * for the sign-in form so that no record stays on screen. Typing or clicking on the page is activity too (someone writing a long note is
 * not idle): it renews the session at most once a minute. Requests from another tab of the clinic
 * count as well (shared through localStorage).
 */
(function () {
  "use strict";
  var box = document.getElementById("idle-warning");
  if (!box) { return; }
  var idleMs = parseInt(box.getAttribute("data-idle-seconds"), 10) * 1000;
  var warnMs = parseInt(box.getAttribute("data-warn-seconds"), 10) * 1000;
  var loginUrl = box.getAttribute("data-login-url");
  var logoutUrl = box.getAttribute("data-logout-url");
  var countdown = box.querySelector(".idle-countdown");
  var form = box.querySelector("form");
  var KEY = "clinic.lastServerContact";
  var THROTTLE_MS = 60 * 1000;
  var lastContact = Date.now();
  var pinging = false;
  var leaving = false;

  function remember() {
    lastContact = Date.now();
    try { window.localStorage.setItem(KEY, String(lastContact)); } catch (e) { /* storage disabled */ }
  }

  function latestContact() {
    var shared = 0;
    try { shared = parseInt(window.localStorage.getItem(KEY) || "0", 10) || 0; } catch (e) { /* ignore */ }
    return Math.max(lastContact, shared);
  }

  function format(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function signOut() {
    if (leaving) { return; }
    leaving = true;
    var next = window.location.pathname + window.location.search;
    function leave() { window.location.assign(loginUrl + "?next=" + encodeURIComponent(next)); }
    window.fetch(logoutUrl, {
      method: "POST",
      body: new FormData(form),  // the keep-alive form carries the CSRF token
      credentials: "same-origin",
      redirect: "manual"
    }).then(leave, leave);
  }

  function tick() {
    var left = latestContact() + idleMs - Date.now();
    if (left <= 0) { signOut(); return; }
    if (left <= warnMs) {
      countdown.textContent = format(left);
      box.hidden = false;
    } else {
      box.hidden = true;
    }
    window.setTimeout(tick, 1000);
  }

  function keepAlive() {
    if (pinging) { return; }
    pinging = true;
    window.fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual"
    }).then(function (response) {
      pinging = false;
      if (response.status === 204) { remember(); box.hidden = true; } else { signOut(); }
    }, function () { pinging = false; });
  }

  function onActivity() {
    if (Date.now() - latestContact() > THROTTLE_MS) { keepAlive(); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    keepAlive();
  });
  ["keydown", "pointerdown", "input", "wheel", "touchstart"].forEach(function (name) {
    document.addEventListener(name, onActivity, { passive: true, capture: true });
  });

  remember();
  tick();
}());
