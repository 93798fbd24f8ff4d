// Spiral's live pages: the action tabs, what was entered but not yet sent, move ids,
// the countdown and the "Reconnecting..." banner. Everything else is htmx and
// server-rendered HTML.
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

  // Show the form of the tab named `name` (an action) and hide the others.
  function openTab(panel, name) {
    panel.querySelectorAll("[data-action-tab]").forEach(function (tab) {
      var open = tab.dataset.actionTab === name;
      tab.setAttribute("aria-expanded", open ? "true" : "false");
      var form = panel.querySelector("#" + CSS.escape(tab.getAttribute("aria-controls")));
      if (form) form.hidden = !open;
    });
  }

  document.body.addEventListener("click", function (event) {
    var tab = event.target.closest("[data-action-tab]");
    if (!tab) return;
    openTab(tab.closest(".action-panel"), tab.dataset.actionTab);
    save(tab.closest(".action-panel"));
    var first = document.getElementById(tab.getAttribute("aria-controls"));
    if (first) {
      var field = first.querySelector("input:not([type=hidden]), select");
      if (field) field.focus();
    }
  });

  // A full state (sent on every connect, and after a pause, a resume or an event card)
  // replaces whole panels, and the teacher's dashboard is refreshed as students move.
  // What was open, picked or typed and not yet sent (a move's tab and fields, an unsaved
  // read of another state, an event card being chosen) carries over into the new panel,
  // so nothing anyone entered is lost. A student's panels carry over within the same
  // turn only; a pause's panel has no forms, so what it replaced is kept until the resume.
  var CARRIED = ["action-panel", "others", "dashboard-worlds"];
  var kept = {};

  function turnOf(panel) {
    if (panel.id === "dashboard-worlds") return "dashboard";
    var field = panel.querySelector("form input[name=turn]");
    return field ? field.value : null;
  }

  // A move's form by its id, a read of another state by the state it is about, an
  // event card's by its world's first field.
  function formKey(form) {
    var target = form.querySelector("input[name=target]");
    var named = form.querySelector("[name][id]");
    return form.id || (target ? "read-" + target.value : named ? "field-" + named.id : "");
  }

  function keep(panel) {
    var saved = snapshot(panel);
    if (saved) kept[panel.id] = saved;
  }

  function snapshot(panel) {
    var turn = turnOf(panel);
    if (turn === null) return null;
    var active = document.activeElement;
    var saved = { turn: turn, open: null, fields: [], focus: null };
    if (active && panel.contains(active) && active.form && active.name) {
      saved.focus = { form: formKey(active.form), name: active.name };
    }
    panel.querySelectorAll("[data-action-tab]").forEach(function (tab) {
      if (tab.getAttribute("aria-expanded") === "true") saved.open = tab.dataset.actionTab;
    });
    panel.querySelectorAll("form [name]").forEach(function (field) {
      if (field.type === "hidden" || field.type === "submit" || !formKey(field.form)) return;
      if (field.type === "radio" && !field.checked) return;
      saved.fields.push({
        form: formKey(field.form), name: field.name, value: field.value, checked: field.checked
      });
    });
    return saved;
  }

  function twinsOf(panel, key, name) {
    var found = [];
    panel.querySelectorAll("form").forEach(function (form) {
      if (formKey(form) !== key) return;
      form.querySelectorAll("[name=\"" + CSS.escape(name) + "\"]").forEach(function (field) {
        found.push(field);
      });
    });
    return found;
  }

  function restore(panel) {
    var saved = kept[panel.id];
    if (!saved || saved.turn !== turnOf(panel)) return;
    openTab(panel, saved.open);
    saved.fields.forEach(function (field) {
      twinsOf(panel, field.form, field.name).forEach(function (twin) {
        if (twin.type === "radio") {
          twin.checked = twin.value === field.value;
        } else if (twin.type === "checkbox") {
          twin.checked = field.checked;
        } else if (twin.tagName !== "SELECT" || twin.querySelector("option[value=\"" + CSS.escape(field.value) + "\"]")) {
          twin.value = field.value;
        }
      });
    });
  }

  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    var old = event.detail.target;
    if (!old || CARRIED.indexOf(old.id) < 0) return;
    keep(old);
    var incoming = event.detail.fragment && event.detail.fragment.querySelector("#" + old.id);
    if (incoming) restore(incoming);
  });

  document.body.addEventListener("htmx:oobAfterSwap", function (event) {
    var panel = event.target;
    var saved = panel && kept[panel.id];
    if (!saved || !saved.focus || saved.turn !== turnOf(panel)) return;
    var twin = twinsOf(panel, saved.focus.form, saved.focus.name)[0];
    if (twin && !twin.closest("[hidden]")) twin.focus();
  });

  // What a student entered also outlives the page for the rest of the turn: after a
  // reload, or the tab closed and opened again, the same tab, fields and unsaved reads
  // are back. The browser keeps one draft, owned by the game, student and seat of the
  // page, so on a shared classroom computer the next student's play page drops the last
  // one's. A locked-in move's ack drops the move's part; another turn drops all of it.
  // The socket's first full state then carries the restored panels over like any other.
  var DRAFT = "spiral.draft";
  var STORED = ["action-panel", "others"];
  var owner = ownerOfPage();
  var draft = null;

  // Null off the play page (the dashboard): nothing is stored there.
  function ownerOfPage() {
    var root = document.querySelector("[data-draft-owner]");
    return root ? root.dataset.draftOwner : null;
  }

  // Storage may be refused or full (private mode, a quota): the page then works as before.
  function stored() {
    try {
      return JSON.parse(window.localStorage.getItem(DRAFT));
    } catch (e) {
      return null;
    }
  }

  function store(value) {
    try {
      if (value) window.localStorage.setItem(DRAFT, JSON.stringify(value));
      else window.localStorage.removeItem(DRAFT);
    } catch (e) {
      // Nothing outlives the page; the in-page carry-over still works.
    }
  }

  function save(panel) {
    var saved = owner && panel && STORED.indexOf(panel.id) >= 0 && snapshot(panel);
    if (!saved) return;
    saved.focus = null; // a keyboard popping up on load would only get in the way
    if (!draft || draft.turn !== saved.turn) draft = { owner: owner, turn: saved.turn, panels: {} };
    draft.panels[panel.id] = saved;
    store(draft);
  }

  // Drop one panel's part of the draft, or all of it.
  function drop(id) {
    if (!draft) return;
    if (id) delete draft.panels[id];
    if (!id || !Object.keys(draft.panels).length) draft = null;
    store(draft);
  }

  // A paused or finished panel has no turn: the draft waits for the resume.
  function dropIfOlder(panel) {
    var turn = turnOf(panel);
    if (draft && turn !== null && turn !== draft.turn) drop(null);
  }

  function saveFrom(event) {
    save(event.target.closest && event.target.closest("#" + STORED.join(", #")));
  }
  document.body.addEventListener("input", saveFrom);

  document.body.addEventListener("htmx:oobAfterSwap", function (event) {
    var panel = event.target;
    if (panel.id === "move-status" && panel.dataset.frame === "ack") drop("action-panel");
    if (STORED.indexOf(panel.id) >= 0) dropIfOlder(panel);
  });

  if (owner) {
    var found = stored();
    if (found && found.owner === owner && found.panels) draft = found;
    else if (found) store(null);
    STORED.forEach(function (id) {
      var panel = document.getElementById(id);
      if (!panel) return;
      dropIfOlder(panel);
      var saved = draft && draft.panels[id];
      if (!saved) return;
      kept[id] = saved;
      restore(panel);
    });
  }

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
