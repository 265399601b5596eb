// Live map: every change of the map reaches this tab, in revision order,
// without wiping what the user is typing.
//
// Changes arrive two ways, as the same message (revision + out-of-band HTML):
// through the map's WebSocket (htmx's ws extension), and as the HTTP answer to
// this tab's own edits. Both go through receive(), which applies revisions one
// after the other; a gap (a dropped connection, a lost message) is filled by
// asking the server for everything after the last revision applied.
(function () {
  "use strict";

  var GAP_WAIT_MS = 400;
  var PING_MS = 30000;
  // Close codes the server uses to say "stop trying" (maps/consumers.py). Its 4429
  // (a tab sending far too fast) is retried after a pause, like a restart.
  var DENIED = 4403;
  var GONE = 4404;
  // Codes after which htmx's ws extension does not reconnect by itself.
  var EXTENSION_RETRIES = [1006, 1011, 1012, 1013];

  var root = null;
  var socket = null;
  var applied = 0;
  var pending = {};
  var gapTimer = null;
  var catchingUp = false;
  var catchUpAgain = false;
  var stopped = false;
  var announced = null;
  // This tab's own requests in flight: changes from others wait until they are
  // answered, so that no form is swapped away while htmx still handles it.
  var requests = 0;
  var editors = [];

  function text(name) {
    return (root && root.dataset[name]) || "";
  }

  function setStatus(state) {
    var status = document.getElementById("live-status");
    if (!status) return;
    status.dataset.state = state;
    status.textContent = text("msg" + state.charAt(0).toUpperCase() + state.slice(1));
  }

  // Read-only or not follows the map's lock and workshop state, which any
  // change may switch; the role is the page's own.
  function syncReadOnly() {
    var main = document.querySelector("main[data-role]");
    if (!main) return;
    var role = main.dataset.role;
    var readOnly = stopped || role === "reader" || main.dataset.locked === "true" ||
      (role === "guest" && main.dataset.workshop !== "open");
    main.classList.toggle("read-only", readOnly);
  }

  function rememberMapState(header) {
    var main = document.querySelector("main[data-role]");
    if (!main || !header || !header.dataset.locked) return;
    main.dataset.locked = header.dataset.locked;
    main.dataset.workshop = header.dataset.workshop;
  }

  // What the user has open and may be typing into: edit forms, "add" panels,
  // delete confirmations. Each has an id, the same as what it stands for.
  function openDrafts() {
    return Array.prototype.slice.call(
      document.querySelectorAll("form.editing[id], details[open][id], .confirm-delete[id]")
    );
  }

  function inFlight(draft) {
    return draft.classList.contains("htmx-request") || !!draft.querySelector(".htmx-request");
  }

  // What each item read when its edit form opened: a redrawn section (a cell, the
  // action plan) tells whether the item under an open form changed meanwhile.
  var openedAs = {};

  function shownText(element) {
    return element.textContent.replace(/\s+/g, " ").trim();
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id && !target.matches(".editing") && event.detail.xhr.status === 200) {
      openedAs[target.id] = shownText(target);
    }
  });

  function noteChanged(draft, replacement) {
    var notice = draft.querySelector(".live-changed");
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "alert alert-warning live-changed";
      notice.setAttribute("role", "status");
      draft.insertBefore(notice, draft.firstChild);
    }
    notice.textContent = "";
    var line = document.createElement("p");
    line.textContent = text("msgChanged");
    notice.appendChild(line);
    var saved = replacement.querySelector(".editable");
    if (saved && saved.textContent.trim()) {
      var quote = document.createElement("blockquote");
      quote.className = "conflict-current";
      quote.textContent = saved.textContent.trim();
      notice.appendChild(quote);
    }
  }

  // The item under an open edit form was deleted by someone else: its surroundings
  // come back without it. The draft stays on screen, where the item was, with its
  // text and a notice; saving is off (there is nothing left to save into).
  function redrawnAround(draft, incoming) {
    for (var parent = draft.parentElement; parent; parent = parent.parentElement) {
      if (parent.id && incoming.querySelector("#" + CSS.escape(parent.id))) return true;
    }
    return false;
  }

  function homeOf(draft) {
    var parent = draft.parentElement && draft.parentElement.closest("[id]");
    return parent ? parent.id : "";
  }

  function noteDeleted(draft) {
    draft.classList.add("draft-orphan");
    if (draft.querySelector(".live-deleted")) return;
    var notice = document.createElement("div");
    notice.className = "alert alert-warning live-deleted";
    notice.setAttribute("role", "alert");
    var line = document.createElement("p");
    line.textContent = text(/^card-/.test(draft.id) ? "msgDeletedCard" : "msgDeleted");
    notice.appendChild(line);
    var actions = document.createElement("p");
    actions.className = "form-actions";
    var copy = document.createElement("button");
    copy.type = "button";
    copy.className = "button button-primary";
    copy.dataset.copyDraft = "";
    copy.textContent = text("msgCopyDraft");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "button button-quiet";
    close.dataset.closeDraft = "";
    close.textContent = text("msgCloseDraft");
    actions.appendChild(copy);
    actions.appendChild(close);
    notice.appendChild(actions);
    draft.insertBefore(notice, draft.firstChild);
  }

  function putBack(orphan) {
    var home = orphan.home && document.getElementById(orphan.home);
    // A cell or the action plan takes it back; a stage or lane heading of a
    // redrawn grid has no such place: the form waits above the grid.
    if (!home || home.id === "map-grid" || home.closest(".draft-orphan")) {
      home = document.getElementById("kept-drafts");
      if (!home) return;
    }
    var add = home.querySelector(":scope > details");
    if (add) home.insertBefore(orphan.draft, add);
    else home.appendChild(orphan.draft);
    noteDeleted(orphan.draft);
  }

  function draftText(draft) {
    return Array.prototype.filter.call(
      draft.querySelectorAll("textarea, input:not([type]), input[type=text]"),
      function (field) { return field.value.trim(); }
    ).map(function (field) { return field.value; }).join("\n");
  }

  function copyText(value) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(value);
    }
    // Plain http on the local network has no clipboard API: the old way still works.
    var area = document.createElement("textarea");
    area.value = value;
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy-draft], [data-close-draft]");
    var draft = button && button.closest(".draft-orphan");
    if (!draft) return;
    if (button.hasAttribute("data-copy-draft")) {
      copyText(draftText(draft)).then(function () {
        button.textContent = text("msgCopiedDraft");
        draft.dataset.copied = "true";
      }, function () {
        // No clipboard at all: select the text so that the person copies it by hand.
        var field = draft.querySelector("textarea, input:not([type]), input[type=text]");
        if (field) field.select();
      });
    } else if (draft.dataset.copied || !draftText(draft) || window.confirm(text("msgCloseDraftConfirm"))) {
      draft.remove();
      announce();
    }
  });

  // A draft whose item is gone saves nowhere: its submit is refused here, its text kept.
  document.addEventListener("htmx:confirm", function (event) {
    if (event.detail.elt.closest(".draft-orphan")) event.preventDefault();
  });

  function apply(html, submitted) {
    if (!html) return;
    var template = document.createElement("template");
    template.innerHTML = html;
    var incoming = template.content;
    var header = incoming.querySelector("#map-header");
    if (header) rememberMapState(header);

    var kept = [];
    var orphans = [];
    openDrafts().forEach(function (draft) {
      if (submitted && (draft === submitted || draft.contains(submitted))) return;
      if (inFlight(draft)) return;
      var replacement = incoming.querySelector("#" + CSS.escape(draft.id));
      if (!replacement) {
        if (draft.matches("form.editing") && redrawnAround(draft, incoming)) {
          orphans.push({ draft: draft, home: homeOf(draft) });
        }
        return;
      }
      if (replacement.parentNode === incoming) {
        // Someone changed the very item being edited: keep the draft, say so.
        replacement.remove();
        noteChanged(draft, replacement);
      } else {
        // Its surroundings are redrawn: put the draft back in its place afterwards.
        kept.push(draft);
      }
    });

    var active = document.activeElement;
    var selection = active && "selectionStart" in active ?
      [active.selectionStart, active.selectionEnd] : null;
    var serialized = Array.prototype.map.call(incoming.childNodes, function (node) {
      return node.outerHTML || "";
    }).join("");
    htmx.swap(document.body, serialized, { swapStyle: "none" });

    kept.forEach(function (draft) {
      var fresh = document.getElementById(draft.id);
      if (!fresh || fresh === draft) return;
      if (draft.matches("form.editing") && draft.id in openedAs &&
          openedAs[draft.id] !== shownText(fresh)) {
        noteChanged(draft, fresh);
        openedAs[draft.id] = shownText(fresh);
      }
      fresh.replaceWith(draft);
      htmx.process(draft);
    });
    orphans.forEach(putBack);
    if (active && active !== document.activeElement && document.body.contains(active)) {
      active.focus({ preventScroll: true });
      if (selection && active.setSelectionRange) {
        try { active.setSelectionRange(selection[0], selection[1]); } catch (e) { /* not a text field */ }
      }
    }
    syncReadOnly();
    markEditors();
    showFocus();
    showFinished();
    announce();
  }

  // Facilitation: the ballot, the focus, the timer ------------------------------

  // Facilitators only: who has used all their dots. The names come apart from the
  // event that redrew the panel, tagged with its revision, and are filled in once
  // that revision is applied (earlier, the redrawn panel would wipe them).
  var finished = null;
  function receiveFinished(message) {
    if (!finished || message.revision >= finished.revision) finished = message;
    showFinished();
  }

  function showFinished() {
    if (!finished || finished.revision > applied) return;
    htmx.swap(document.body, finished.html, { swapStyle: "none" });
    finished = null;
  }

  // The participant's own ballot is never pushed: the tab fetches it again.
  function refreshBallot() {
    var ballot = document.getElementById("my-ballot");
    if (ballot) htmx.trigger(ballot, "parcours:refresh-ballot");
  }

  var focused = null;
  function showFocus() {
    var marker = document.getElementById("focus-marker");
    var target = marker ? marker.dataset.focus : "";
    document.querySelectorAll(".is-focus").forEach(function (element) {
      if (element.id !== target) element.classList.remove("is-focus");
    });
    var element = target && document.getElementById(target);
    if (!element) { focused = null; return; }
    element.classList.add("is-focus");
    if (focused !== target) {
      // "Bring everyone here": each screen scrolls to it once. The CSS scroll margins
      // keep it clear of the sticky row titles (left) and the workshop bar (top).
      element.scrollIntoView({ behavior: "smooth", block: "start", inline: "nearest" });
      focused = target;
    }
  }

  // The timer counts down in every tab from the end time the server sent, corrected
  // by the difference between the server's clock and this one.
  var clockOffsets = new WeakMap();
  function tick() {
    var timer = document.getElementById("workshop-timer");
    if (!timer || timer.dataset.running !== "true") return;
    if (!clockOffsets.has(timer)) {
      clockOffsets.set(timer, Number(timer.dataset.serverNow) - Date.now());
    }
    var now = Date.now() + clockOffsets.get(timer);
    var left = Math.max(0, Math.round((Number(timer.dataset.endsAt) - now) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    var clock = (minutes < 10 ? "0" : "") + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    // The panel's clock and the workshop bar's.
    document.querySelectorAll(".timer-clock").forEach(function (face) {
      if (face.textContent !== clock) face.textContent = clock;
    });
    timer.classList.toggle("timer-low", left > 0 && left <= 30);
    if (left === 0 && !timer.classList.contains("timer-done")) {
      timer.classList.add("timer-done");
      var status = document.getElementById("live-status");
      if (status && timer.dataset.msgDone) toastDone(timer.dataset.msgDone);
    }
  }

  function toastDone(message) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var item = document.createElement("p");
    item.className = "toast toast-info";
    item.textContent = message;
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 8000);
  }

  // Revisions --------------------------------------------------------------

  function receive(revision, html, submitted) {
    if (!(revision > applied)) return;
    pending[revision] = { html: html, submitted: submitted };
    drain();
  }

  function drain() {
    Object.keys(pending).forEach(function (key) {
      if (Number(key) <= applied) delete pending[key];
    });
    while (pending[applied + 1]) {
      var next = pending[applied + 1];
      if (requests > 0 && !next.submitted) break;
      delete pending[applied + 1];
      applied += 1;
      apply(next.html, next.submitted);
    }
    if (gapInPending() && !gapTimer) {
      gapTimer = setTimeout(function () {
        gapTimer = null;
        if (gapInPending()) catchUp();
      }, GAP_WAIT_MS);
    }
  }

  // Later revisions arrived, the next one did not: it was lost, or is late.
  function gapInPending() {
    return Object.keys(pending).length > 0 && !pending[applied + 1];
  }

  function catchUp() {
    if (stopped) return;
    if (catchingUp || requests > 0) { catchUpAgain = true; return; }
    catchingUp = true;
    var url = root.dataset.catchUpUrl + "?since=" + applied;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 403 || response.status === 404) {
          stop(response.status === 404 ? "gone" : "denied");
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (message) {
        if (message && message.revision > applied) {
          // A facilitator's catch-up carries the names as of its revision: newer than any held.
          if (finished && finished.revision <= message.revision) finished = null;
          applied = message.revision;
          apply(message.html);
        }
        drain();
      })
      .catch(function () { /* offline: the next reconnect asks again */ })
      .then(function () {
        catchingUp = false;
        if (catchUpAgain && requests === 0) { catchUpAgain = false; catchUp(); }
      });
  }

  function stop(state) {
    stopped = true;
    setStatus(state);
    syncReadOnly();
  }

  // Presence ---------------------------------------------------------------

  function markEditors(editing) {
    if (editing) editors = editing;
    document.querySelectorAll("[data-editor]").forEach(function (element) {
      element.removeAttribute("data-editor");
      element.className = element.className.replace(/\s*\bbeing-edited\b|\s*\bpresence-\d\b/g, "");
    });
    editors.forEach(function (entry) {
      var element = document.getElementById(entry.item);
      // This tab's own open form is not someone else's.
      if (!element || element.matches(".editing, details")) return;
      element.setAttribute("data-editor", entry.name + " · " + text("msgEditing"));
      element.classList.add("being-edited", "presence-" + entry.colour);
    });
  }

  function currentEdit() {
    var form = document.querySelector("form.editing[id]:not(#map-header)");
    if (form) return form.id;
    var details = document.querySelector("#map-grid details[open][id]");
    return details ? details.id : "";
  }

  function announce() {
    if (!socket) return;
    var item = currentEdit();
    if (item === announced) return;
    announced = item;
    socket.send(JSON.stringify({ type: "editing", item: item }));
  }

  // Wiring -----------------------------------------------------------------

  document.addEventListener("htmx:wsConnecting", function () {
    if (root && !stopped) setStatus(applied ? "reconnecting" : "connecting");
  });

  document.addEventListener("htmx:wsOpen", function (event) {
    socket = event.detail.socketWrapper;
    announced = null;
    setStatus("live");
    catchUp();
    refreshBallot();
    announce();
  });

  document.addEventListener("htmx:wsClose", function (event) {
    socket = null;
    var code = event.detail.event.code;
    if (code === DENIED) return stop("denied");
    if (code === GONE) return stop("gone");
    if (stopped) return;
    setStatus("reconnecting");
    if (EXTENSION_RETRIES.indexOf(code) < 0) {
      // A server restarting says "going away" (1001): come back after it.
      var wrapper = event.detail.socketWrapper;
      setTimeout(function () { if (!stopped) wrapper.reconnect(); }, 2000);
    }
  });

  document.addEventListener("htmx:wsBeforeMessage", function (event) {
    event.preventDefault();
    var message;
    try { message = JSON.parse(event.detail.message); } catch (e) { return; }
    if (message.type === "event") receive(message.revision, message.html);
    else if (message.type === "ballot") refreshBallot();
    else if (message.type === "finished") receiveFinished(message);
    else if (message.type === "presence") {
      htmx.swap(document.body, message.html, { swapStyle: "none" });
      markEditors(message.editing);
    }
  });

  // Counted on the request itself: its form may be gone from the page by the
  // time it ends, and events on a detached element reach no listener here.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!root) return;
    requests += 1;
    event.detail.xhr.addEventListener("loadend", function () {
      setTimeout(function () {
        requests = Math.max(0, requests - 1);
        if (requests > 0) return;
        drain();
        if (catchUpAgain) { catchUpAgain = false; catchUp(); }
      }, 0);
    });
  });

  // This tab's own edits answer with the same message: applied in order too.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!root) return;
    var revision = Number(event.detail.xhr.getResponseHeader("Parcours-Revision"));
    if (!revision || event.detail.xhr.status !== 200) return;
    event.detail.shouldSwap = false;
    receive(revision, event.detail.serverResponse, event.detail.elt);
  });

  document.addEventListener("htmx:afterSettle", announce);
  document.addEventListener("toggle", function () { setTimeout(announce, 0); }, true);

  // Deferred: the page is parsed, and htmx has not opened the socket yet.
  root = document.getElementById("live");
  if (root) {
    applied = Number(root.dataset.revision) || 0;
    rememberMapState(document.getElementById("map-header"));
    showFocus();
    tick();
    setInterval(tick, 250);
    setInterval(function () {
      if (socket) socket.send(JSON.stringify({ type: "ping" }));
    }, PING_MS);
  }
})();
