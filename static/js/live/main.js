// The live map page: wires the map's WebSocket (htmx's ws extension on #live)
// and this tab's own requests to the modules beside this one. Every change goes
// through apply(), in revision order (revisions.js), without wiping what the
// user is typing (drafts.js).
import { keepDrafts, listen as listenToDrafts, putBack } from "./drafts.js";
import { ballotQuiet, FinishedVoters, refreshBallot, runTimer, showFocus } from "./facilitation.js";
import { text } from "./messages.js";
import { announce as announceTo, forgetAnnounced, markEditors, showPresence } from "./presence.js";
import { Revisions } from "./revisions.js";
import { listen as listenToShortcuts } from "./undo.js";

const PING_MS = 30000;
// Close codes the server uses to say "stop trying" (maps/consumers.py). Its 4429
// (a tab sending far too fast) is retried after a pause, like a restart.
const DENIED = 4403;
const GONE = 4404;
// Codes after which htmx's ws extension reconnects by itself (network failures,
// server errors); after any other, this page reconnects.
const EXTENSION_RETRIES = [1006, 1011, 1012, 1013];
const RECONNECT_MS = 2000;

const root = document.getElementById("live");
const main = document.querySelector("main[data-role]");
const finished = new FinishedVoters();
// This tab's name, sent with each of its requests (Parcours-Tab): a nudge caused by
// its own vote comes back with it and is left alone.
const tab = Math.random().toString(36).slice(2);
let socket = null;
let revisions = null;

function setStatus(state) {
  const status = document.getElementById("live-status");
  if (!status) return;
  status.dataset.state = state;
  status.textContent = text("msg" + state.charAt(0).toUpperCase() + state.slice(1));
}

function stop(state) {
  revisions.stop();
  setStatus(state);
  syncReadOnly();
}

// Read-only or not follows the map's lock and workshop state, which any change
// may switch; the role is the page's own.
function syncReadOnly() {
  const role = main.dataset.role;
  const readOnly =
    revisions.stopped ||
    role === "reader" ||
    main.dataset.locked === "true" ||
    (role === "guest" && main.dataset.workshop !== "open");
  main.classList.toggle("read-only", readOnly);
}

function rememberMapState(header) {
  if (!header || !header.dataset.locked) return;
  main.dataset.locked = header.dataset.locked;
  main.dataset.workshop = header.dataset.workshop;
  main.dataset.guestsRestructure = header.dataset.guestsRestructure;
}

function announce() {
  announceTo(socket);
}

function showFinished() {
  const html = finished.due(revisions.applied);
  if (html) htmx.swap(document.body, html, { swapStyle: "none" });
}

// Draws one change: its out-of-band fragments, with the open drafts kept.
function apply({ html, submitted, revision, caughtUp }) {
  if (caughtUp) finished.caughtUp(revision);
  if (!html) {
    changed(); // a change with nothing to draw (the trash emptied)
    return;
  }
  const template = document.createElement("template");
  template.innerHTML = html;
  const incoming = template.content;
  rememberMapState(incoming.querySelector("#map-header"));
  const orphans = keepDrafts(incoming, submitted);

  const active = document.activeElement;
  const selection = active && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null;
  const serialized = Array.from(incoming.childNodes, (node) => node.outerHTML || "").join("");
  htmx.swap(document.body, serialized, { swapStyle: "none" });

  orphans.forEach(putBack);
  if (active && active !== document.activeElement && document.body.contains(active)) {
    active.focus({ preventScroll: true });
    if (selection && active.setSelectionRange) {
      try {
        active.setSelectionRange(selection[0], selection[1]);
      } catch {
        // Not a text field.
      }
    }
  }
  syncReadOnly();
  markEditors();
  showFocus();
  showFinished();
  announce();
  changed();
}

// Panels that show the map's state from elsewhere (the trash) redraw themselves.
function changed() {
  document.body.dispatchEvent(new CustomEvent("parcours:changed"));
}

function fetchChanges(since) {
  return fetch(root.dataset.catchUpUrl + "?since=" + since, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
}

function wire() {
  revisions = new Revisions({
    applied: Number(root.dataset.revision) || 0,
    apply,
    fetchChanges,
    refused: stop,
  });
  listenToDrafts(announce);

  document.addEventListener("htmx:wsConnecting", () => {
    if (!revisions.stopped) setStatus(revisions.applied ? "reconnecting" : "connecting");
  });

  document.addEventListener("htmx:wsOpen", (event) => {
    socket = event.detail.socketWrapper;
    forgetAnnounced();
    setStatus("live");
    revisions.catchUp();
    refreshBallot();
    announce();
  });

  document.addEventListener("htmx:wsClose", (event) => {
    socket = null;
    const code = event.detail.event.code;
    if (code === DENIED) return stop("denied");
    if (code === GONE) return stop("gone");
    if (revisions.stopped) return;
    setStatus("reconnecting");
    if (!EXTENSION_RETRIES.includes(code)) {
      // A server restarting says "going away" (1001): come back after it.
      const wrapper = event.detail.socketWrapper;
      setTimeout(() => {
        if (!revisions.stopped) wrapper.reconnect();
      }, RECONNECT_MS);
    }
  });

  document.addEventListener("htmx:wsBeforeMessage", (event) => {
    event.preventDefault();
    let message;
    try {
      message = JSON.parse(event.detail.message);
    } catch {
      return;
    }
    if (message.type === "event") {
      revisions.receive(message.revision, { html: message.html });
    } else if (message.type === "ballot") {
      // Another tab of the same person voted; this one's own votes keep it right.
      if (message.tab !== tab) refreshBallot();
    } else if (message.type === "finished") {
      finished.hold(message);
      showFinished();
    } else if (message.type === "presence") {
      showPresence(message);
    } else if (message.type === "redraw") {
      // Outside the revision order (a persona renamed): a part that holds no form.
      htmx.swap(document.body, message.html, { swapStyle: "none" });
    }
  });

  // Counted on the request itself: its form may be gone from the page by the
  // time it ends, and events on a detached element reach no listener here. Counted
  // once it is really sent (beforeSend, not beforeRequest): a request htmx gives
  // up before sending never ends, and would hold others' changes back for good.
  document.addEventListener("htmx:beforeSend", (event) => {
    revisions.requestStarted();
    event.detail.xhr.addEventListener("loadend", () =>
      setTimeout(() => {
        revisions.requestEnded();
        ballotQuiet();
      }, 0),
    );
  });

  // This tab's own edits answer with the same message: applied in order too.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const revision = Number(event.detail.xhr.getResponseHeader("Parcours-Revision"));
    if (!revision || event.detail.xhr.status !== 200) return;
    event.detail.shouldSwap = false;
    revisions.receive(revision, { html: event.detail.serverResponse, submitted: event.detail.elt });
  });

  document.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["Parcours-Tab"] = tab;
  });
  document.addEventListener("htmx:afterSettle", announce);
  document.addEventListener("toggle", () => setTimeout(announce, 0), true);

  listenToShortcuts(document);

  // Run once the page is parsed, before htmx opens the socket (on DOMContentLoaded).
  rememberMapState(document.getElementById("map-header"));
  showFocus();
  runTimer();
  setInterval(() => {
    if (socket) socket.send(JSON.stringify({ type: "ping" }));
  }, PING_MS);
}

if (root && main) wire();
