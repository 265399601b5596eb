// Presentation mode (templates/maps/presentation.html): every slide is in the page,
// this shows one at a time. Keys as a keyboard or a clicker sends them, the slide in the
// URL's hash (a reload stays on it), the Fullscreen API, and, for a facilitator who takes
// the participants along, the workshop's focus moved to each stage (the map's own
// "bring everyone here", maps:focus). The slides follow the map: when it changes they are
// fetched again and swapped in, the same slide kept on screen; a swipe on a touch screen
// moves like the arrows.
import { listenToShare } from "./share_socket.js";

// A clicker sends Page Down and Page Up.
export const NEXT = new Set(["ArrowRight", "ArrowDown", "PageDown", " "]);
export const PREVIOUS = new Set(["ArrowLeft", "ArrowUp", "PageUp"]);
// Once a stage slide has been on screen this long it becomes the workshop's focus: walking
// through slides quickly does not log a focus change per slide.
export const FOCUS_DELAY_MS = 400;

// What a key does here: "next", "previous", "first", "last", "leave" or null. Space and
// Enter on a button, link or box do what they do there; typing is never a slide change.
export function keyAction(event, { onControl = false, typing = false } = {}) {
  if (event.altKey || event.ctrlKey || event.metaKey || typing) return null;
  if (onControl && (event.key === " " || event.key === "Enter")) return null;
  if (NEXT.has(event.key)) return "next";
  if (PREVIOUS.has(event.key)) return "previous";
  if (event.key === "Home") return "first";
  if (event.key === "End") return "last";
  if (event.key === "Escape") return "leave";
  return null;
}

// The slide after an action, never past either end.
export function moveTo(action, current, count) {
  const targets = { next: current + 1, previous: current - 1, first: 0, last: count - 1 };
  const target = action in targets ? targets[action] : current;
  return Math.max(0, Math.min(count - 1, target));
}

// The slide a URL's hash names by its id; the first one otherwise.
export function slideFromHash(hash, ids) {
  let id = hash.replace(/^#/, "");
  try {
    id = decodeURIComponent(id);
  } catch {
    return 0;
  }
  const index = ids.indexOf(id);
  return index >= 0 ? index : 0;
}

// "Slide 3 of 12: Purchase", from the page's translated words.
export function slideWords(template, number, total, heading) {
  const words = template.replace("{number}", number).replace("{total}", total);
  return heading ? words + " : " + heading : words;
}

// A finger's sweep: at least this far sideways, clearly more sideways than up or down,
// and quick (a slow drag is reading, or scrolling a slide).
export const SWIPE_MIN_PX = 60;
export const SWIPE_MAX_MS = 800;
// The logged-in presentation asks whether the map changed this often while it is shown
// (and at once when it is shown again); the shared one has its link's socket, and asks
// this rarely in case the socket is down (as the shared page does).
export const POLL_MS = 4000;
export const SHARED_POLL_MS = 30000;

// What a finger's move from its first touch does: "next" (towards the left), "previous"
// or null.
export function swipeAction(dx, dy, ms) {
  if (ms > SWIPE_MAX_MS || Math.abs(dx) < SWIPE_MIN_PX) return null;
  if (Math.abs(dx) < 2 * Math.abs(dy)) return null;
  return dx < 0 ? "next" : "previous";
}

const isStage = (id) => id.startsWith("slide-stage-") || id === "slide-no-stage";

// Once the slides are fetched again, the slide to show: the same one by its id (a stage
// stays on its stage wherever it moved); for a stage now deleted, the nearest stage that
// is left in the old order (the next first: it takes the deleted one's place), else the
// first stage slide; any other slide gone, the same place.
export function slideAfterSwap(currentId, oldIds, newIds) {
  const kept = newIds.indexOf(currentId);
  if (kept >= 0) return kept;
  const from = Math.max(0, oldIds.indexOf(currentId));
  if (isStage(currentId)) {
    for (let distance = 1; distance < oldIds.length; distance++) {
      for (const id of [oldIds[from + distance], oldIds[from - distance]]) {
        if (id && isStage(id) && newIds.includes(id)) return newIds.indexOf(id);
      }
    }
    const firstStage = newIds.findIndex(isStage);
    if (firstStage >= 0) return firstStage;
  }
  return Math.max(0, Math.min(newIds.length - 1, from));
}

function setUp() {
  const deck = document.getElementById("presentation");
  if (!deck) return;
  let slides = Array.from(deck.querySelectorAll("[data-slide]"));
  let ids = slides.map((slide) => slide.id);
  // Once a share link ended, the notice replaces the slides and nothing moves any more.
  let ended = false;
  const position = document.getElementById("deck-position");
  const notice = document.getElementById("deck-notice");
  const previousButton = deck.querySelector("[data-deck=previous]");
  const nextButton = deck.querySelector("[data-deck=next]");
  const fullscreenButton = deck.querySelector("[data-deck=fullscreen]");
  const lead = document.getElementById("deck-lead");
  let current = 0;

  function show(index, { announce = true } = {}) {
    current = index;
    slides.forEach((slide, i) => {
      slide.hidden = i !== current;
    });
    const slide = slides[current];
    slide.scrollTop = 0;
    position.querySelector(".deck-count").textContent = current + 1 + " / " + slides.length;
    if (announce) {
      // Said by screen readers: the output is a live region.
      const heading = slide.querySelector("h2");
      position.querySelector(".deck-words").textContent = slideWords(
        deck.dataset.msgSlide,
        current + 1,
        slides.length,
        heading ? heading.textContent.trim() : "",
      );
    }
    // Not on opening without a hash: a hash set before the page has loaded makes the
    // browser scroll to that slide and focus it, ringed, on the title slide.
    if (location.hash.slice(1) !== slide.id && (announce || location.hash)) {
      history.replaceState(null, "", "#" + slide.id);
    }
    previousButton.disabled = current === 0;
    nextButton.disabled = current === slides.length - 1;
    if (lead && lead.checked) followFocus();
  }

  // --- Taking the participants along ---------------------------------------------
  // While the box is ticked, each stage slide becomes the workshop's focus, so every
  // participant's map scrolls to that stage and highlights it. The other slides
  // (title, whole curve, pain points, plan) clear the focus: nothing on the map is
  // "this slide" there, and participants may roam.
  let sentFocus = null;
  let focusTimer = null;

  function followFocus() {
    clearTimeout(focusTimer);
    const target = slides[current].dataset.focus || "";
    focusTimer = setTimeout(() => sendFocus(target), FOCUS_DELAY_MS);
  }

  async function sendFocus(target) {
    if (target === sentFocus) return;
    const token = deck.querySelector("input[name=csrfmiddlewaretoken]");
    sentFocus = target;
    let answer = null;
    try {
      answer = await fetch(deck.dataset.focusUrl, {
        method: "POST",
        body: new URLSearchParams({ target }),
        headers: { "X-CSRFToken": token ? token.value : "" },
        credentials: "same-origin",
      });
    } catch {
      answer = null;
    }
    if (answer && answer.ok) {
      notice.textContent = "";
      return;
    }
    // The workshop ended, or the server cannot be reached: say so, and stop leading.
    sentFocus = null;
    lead.checked = false;
    remember();
    notice.textContent = deck.dataset.msgLeadRefused;
  }

  function remember() {
    sessionStorage.setItem("parcours-lead-" + lead.dataset.map, lead.checked ? "on" : "");
  }

  if (lead) {
    lead.checked = sessionStorage.getItem("parcours-lead-" + lead.dataset.map) === "on";
    lead.addEventListener("change", () => {
      remember();
      if (lead.checked) {
        followFocus();
      } else {
        // Everyone roams again, as with the map's own focus button.
        clearTimeout(focusTimer);
        sendFocus("");
      }
    });
  }

  // --- Full screen ---------------------------------------------------------------
  if (document.fullscreenEnabled) {
    fullscreenButton.addEventListener("click", () => {
      // Allowed on the user's gesture only: this click.
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(() => {});
    });
    document.addEventListener("fullscreenchange", () => {
      fullscreenButton.setAttribute("aria-pressed", document.fullscreenElement ? "true" : "false");
    });
  } else {
    fullscreenButton.hidden = true;
  }

  // --- Keys ------------------------------------------------------------------------
  function leave() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
      return;
    }
    // Back to the map (or the shared page), at the stage on screen.
    const focus = slides[current].dataset.focus;
    location.assign(deck.dataset.mapUrl + (focus ? "#" + focus : ""));
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || ended) return;
    const target = event.target instanceof Element ? event.target : document.body;
    const action = keyAction(event, {
      onControl: Boolean(target.closest("button, a, input, select, textarea")),
      typing: Boolean(target.closest("input:not([type=checkbox]), select, textarea")),
    });
    if (action === null) return;
    event.preventDefault();
    if (action === "leave") leave();
    else show(moveTo(action, current, slides.length));
  });

  previousButton.addEventListener("click", () => show(moveTo("previous", current, slides.length)));
  nextButton.addEventListener("click", () => show(moveTo("next", current, slides.length)));
  window.addEventListener("hashchange", () => {
    if (!ended) show(slideFromHash(location.hash, ids));
  });

  // --- Swipes ----------------------------------------------------------------------
  // Pointer events, a finger only (a mouse drag selects text). The slides' CSS leaves
  // vertical panning to the browser (touch-action: pan-y), so a sideways sweep reaches
  // here instead of scrolling.
  let touch = null;
  deck.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "touch" || !event.isPrimary) return;
    if (event.target instanceof Element && event.target.closest(".deck-controls")) return;
    touch = { x: event.clientX, y: event.clientY, at: event.timeStamp };
  });
  deck.addEventListener("pointerup", (event) => {
    if (!touch || event.pointerType !== "touch" || !event.isPrimary || ended) return;
    const action = swipeAction(event.clientX - touch.x, event.clientY - touch.y, event.timeStamp - touch.at);
    touch = null;
    if (action) show(moveTo(action, current, slides.length));
  });
  deck.addEventListener("pointercancel", () => {
    touch = null;
  });

  // --- Following the map -------------------------------------------------------------
  // The slides are asked for again with the revision they show: 204 while unchanged,
  // else the slides, swapped in whole; for a share link that ended, its notice.
  let asking = false;
  let askAgain = false;

  async function refresh() {
    if (ended) return;
    if (asking) {
      askAgain = true;
      return;
    }
    asking = true;
    try {
      const holder = document.getElementById("deck-slides");
      const address = deck.dataset.deckUrl + "?revision=" + encodeURIComponent(holder.dataset.revision);
      const answer = await fetch(address, { credentials: "same-origin" });
      if (answer.redirected || answer.status === 403 || answer.status === 404) {
        // Logged out, or no longer a reader of the map: the slides stay as they are, and
        // asking again would only hear the same refusal.
        clearInterval(poller);
        return;
      }
      if (answer.status === 200) swapIn(await answer.text());
    } catch {
      // The server cannot be reached: the slides stay as they are until the next ask.
    } finally {
      asking = false;
      if (askAgain) {
        askAgain = false;
        refresh();
      }
    }
  }

  function swapIn(html) {
    const parsed = document.createElement("template");
    parsed.innerHTML = html;
    const fresh = parsed.content.getElementById("deck-slides");
    if (!fresh) {
      const notice = parsed.content.querySelector(".share-ended");
      if (notice) end(notice);
      return;
    }
    const holder = document.getElementById("deck-slides");
    const shown = slides[current];
    const hadFocus = holder.contains(document.activeElement);
    const scrolled = shown.scrollTop;
    const oldIds = ids;
    holder.replaceWith(fresh);
    slides = Array.from(fresh.querySelectorAll("[data-slide]"));
    ids = slides.map((slide) => slide.id);
    const index = slideAfterSwap(shown.id, oldIds, ids);
    const same = ids[index] === shown.id;
    // The same slide is not announced again; another one (its stage deleted) is.
    show(index, { announce: !same });
    if (same) slides[current].scrollTop = scrolled;
    if (hadFocus) slides[current].focus({ preventScroll: true });
  }

  function end(notice) {
    // As the shared page does: the slides leave, the notice says why.
    ended = true;
    clearInterval(poller);
    deck.replaceChildren(notice);
  }

  let poller = null;
  if (deck.dataset.deckUrl) {
    const shared = Boolean(deck.dataset.shareSocket);
    if (shared) listenToShare(deck.dataset.shareSocket, refresh);
    poller = setInterval(() => {
      if (!document.hidden) refresh();
    }, shared ? SHARED_POLL_MS : POLL_MS);
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) refresh();
    });
  }

  // --- The focus ring ---------------------------------------------------------------
  // A slide's ring (:focus-visible) is for the keyboard. Opening the page at a slide's
  // hash makes the browser focus that slide, and Chromium rings it (nothing was clicked
  // yet): a focus that no key brought is let go. The keys still work: they are read on
  // the document.
  let keyboardLast = false;
  document.addEventListener("keydown", () => (keyboardLast = true), true);
  document.addEventListener("pointerdown", () => (keyboardLast = false), true);
  function quietFocus(target) {
    if (!keyboardLast && target instanceof Element && target.matches("[data-slide]:focus-visible")) {
      target.blur();
    }
  }
  deck.addEventListener("focusin", (event) => quietFocus(event.target));

  show(slideFromHash(location.hash, ids), { announce: false });
  quietFocus(document.activeElement);
}

// Node's tests import the pure functions without a page.
if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
}
