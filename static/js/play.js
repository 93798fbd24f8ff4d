// Spiral's live pages: the action tabs, move ids, the countdown and the
// "Reconnecting..." banner. Everything else is htmx and server-rendered HTML.
(function () {
  "use strict";

  function newMoveId() {
    // crypto.randomUUID needs a secure context; a classroom LAN may serve plain http.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // Every new pick gets a fresh id; a queued re-send after a reconnect keeps its id.
  document.body.addEventListener("htmx:wsConfigSend", function (event) {
    var params = event.detail.parameters;
    if (params && params.frame === "move") {
      params.move_id = newMoveId();
    }
  });

  document.body.addEventListener("htmx:wsOpen", function () {
    document.body.classList.remove("is-reconnecting");
  });
  document.body.addEventListener("htmx:wsClose", function () {
    document.body.classList.add("is-reconnecting");
  });

  document.body.addEventListener("click", function (event) {
    var tab = event.target.closest("[data-action-tab]");
    if (!tab) return;
    var panel = tab.closest(".action-panel");
    panel.querySelectorAll("[data-action-tab]").forEach(function (other) {
      var open = other === tab;
      other.setAttribute("aria-expanded", open ? "true" : "false");
      var form = document.getElementById(other.getAttribute("aria-controls"));
      if (form) form.hidden = !open;
    });
    var first = document.getElementById(tab.getAttribute("aria-controls"));
    if (first) {
      var field = first.querySelector("input:not([type=hidden]), select");
      if (field) field.focus();
    }
  });

  function format(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    return m + ":" + ("0" + (s % 60)).slice(-2);
  }

  // Count down from the seconds the server said were left when it rendered the
  // panel, so a student's wrong clock cannot show a wrong time.
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-seconds-left]").forEach(function (el) {
      if (!el.dataset.receivedAt) el.dataset.receivedAt = String(now);
      var left = parseFloat(el.dataset.secondsLeft) - (now - parseFloat(el.dataset.receivedAt)) / 1000;
      var text = el.querySelector(".countdown-text");
      if (text) text.textContent = format(left);
      el.classList.toggle("countdown-low", left <= 10);
    });
  }
  tick();
  window.setInterval(tick, 500);
})();
