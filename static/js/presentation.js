// Presentation mode (templates/maps/presentation.html): every slide is in the page,
// this shows one at a time. Keys as a clicker sends them, the slide in the URL's hash
// (a reload stays on it), the Fullscreen API, and, for a facilitator who takes the
// participants along, the workshop's focus moved to each stage (the map's own
// "bring everyone here", maps:focus).

const deck = document.getElementById("presentation");
const slides = Array.from(deck.querySelectorAll("[data-slide]"));
const position = document.getElementById("deck-position");
const notice = document.getElementById("deck-notice");
const fullscreenButton = deck.querySelector("[data-deck=fullscreen]");
const lead = document.getElementById("deck-lead");
let current = 0;

function indexOfHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  const index = slides.findIndex((slide) => slide.id === id);
  return index >= 0 ? index : 0;
}

function show(index, { announce = true } = {}) {
  current = Math.max(0, Math.min(slides.length - 1, index));
  slides.forEach((slide, i) => {
    slide.hidden = i !== current;
  });
  const slide = slides[current];
  slide.scrollTop = 0;
  position.querySelector(".deck-count").textContent = current + 1 + " / " + slides.length;
  if (announce) {
    // Said by screen readers (the output is a live region): "Slide 3 of 12: Purchase".
    const heading = slide.querySelector("h2");
    const words = deck.dataset.msgSlide
      .replace("{number}", current + 1)
      .replace("{total}", slides.length);
    position.querySelector(".deck-words").textContent =
      words + (heading ? " : " + heading.textContent.trim() : "");
  }
  if (location.hash.slice(1) !== slide.id) history.replaceState(null, "", "#" + slide.id);
  deck.querySelector("[data-deck=previous]").disabled = current === 0;
  deck.querySelector("[data-deck=next]").disabled = current === slides.length - 1;
  if (lead && lead.checked) followFocus();
}

// --- Taking the participants along -------------------------------------------------
// While the box is ticked, each stage slide becomes the workshop's focus, so every
// participant's map scrolls to that stage and highlights it. The other slides (title,
// whole curve, pain points, plan) clear the focus: nothing on the map is "this slide"
// there, and participants may roam. Sent once the slide has been on screen a moment,
// so walking through slides quickly does not log a focus change per slide.
const FOCUS_DELAY_MS = 400;
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
  const body = new URLSearchParams({ target });
  sentFocus = target;
  let answer;
  try {
    answer = await fetch(deck.dataset.focusUrl, {
      method: "POST",
      body,
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
      // Leaving the participants free again, as the map's own focus button does.
      clearTimeout(focusTimer);
      sendFocus("");
    }
  });
}

// --- Full screen ----------------------------------------------------------------------
function fullscreenChanged() {
  fullscreenButton.setAttribute("aria-pressed", document.fullscreenElement ? "true" : "false");
}

if (document.fullscreenEnabled) {
  fullscreenButton.addEventListener("click", () => {
    // Needs the user's gesture: this click.
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  });
  document.addEventListener("fullscreenchange", fullscreenChanged);
} else {
  fullscreenButton.hidden = true;
}

// --- Keys: a keyboard, or a clicker (which sends Page Up / Page Down) ------------------
const NEXT = new Set(["ArrowRight", "ArrowDown", "PageDown", " "]);
const PREVIOUS = new Set(["ArrowLeft", "ArrowUp", "PageUp"]);

function leave() {
  if (document.fullscreenElement) {
    document.exitFullscreen();
    return;
  }
  const focus = slides[current].dataset.focus;
  location.assign(deck.dataset.mapUrl + (focus ? "#" + focus : ""));
}

document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
  const target = event.target;
  // Space and Enter on a button or a box do what they do; typing is never a slide change.
  const control = target.closest && target.closest("button, a, input, select, textarea");
  if (control && (event.key === " " || event.key === "Enter")) return;
  if (target.closest && target.closest("input:not([type=checkbox]), select, textarea")) return;
  let index = null;
  if (NEXT.has(event.key)) index = current + 1;
  else if (PREVIOUS.has(event.key)) index = current - 1;
  else if (event.key === "Home") index = 0;
  else if (event.key === "End") index = slides.length - 1;
  else if (event.key === "Escape") {
    event.preventDefault();
    leave();
    return;
  } else return;
  event.preventDefault();
  show(index);
});

deck.querySelector("[data-deck=previous]").addEventListener("click", () => show(current - 1));
deck.querySelector("[data-deck=next]").addEventListener("click", () => show(current + 1));
window.addEventListener("hashchange", () => show(indexOfHash()));

show(indexOfHash(), { announce: false });
