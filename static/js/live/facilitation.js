// Facilitation on the live map: who has finished voting, each participant's
// ballot, the focus ("bring everyone here") and the timer.
import { toast } from "../toast.js";

// Facilitators only: who has used all their dots. The names come apart from the
// event that redrew the panel, tagged with its revision, and are shown once that
// revision is applied (earlier, the redrawn panel would wipe them).
export class FinishedVoters {
  constructor() {
    this.held = null;
  }

  hold(message) {
    if (!this.held || message.revision >= this.held.revision) this.held = message;
  }

  // The names' HTML once the page has `applied` their revision, else null.
  due(applied) {
    if (!this.held || this.held.revision > applied) return null;
    const html = this.held.html;
    this.held = null;
    return html;
  }

  // A facilitator's catch-up carries the names as of its revision: newer than
  // any held up to it.
  caughtUp(revision) {
    if (this.held && this.held.revision <= revision) this.held = null;
  }
}

// The participant's own ballot is never pushed: the tab fetches it again. Not
// while a score of this tab is on its way: its answer keeps the ballot right, and
// redrawing the ballot now would drop the next score queued behind it (htmx sends
// nothing from a form that left the page). Fetched once the ballot is quiet.
let ballotWanted = false;

export function refreshBallot() {
  const ballot = document.getElementById("my-ballot");
  if (!ballot) return;
  if (ballot.querySelector(".htmx-request")) {
    ballotWanted = true;
    return;
  }
  ballotWanted = false;
  htmx.trigger(ballot, "parcours:refresh-ballot");
}

// After each request of the tab (counted on the request: its form may have left
// the page): the ballot fetch put off above, if any.
export function ballotQuiet() {
  if (ballotWanted) refreshBallot();
}

let focused = null;

export function showFocus() {
  const marker = document.getElementById("focus-marker");
  const target = marker ? marker.dataset.focus : "";
  document.querySelectorAll(".is-focus").forEach((element) => {
    if (element.id !== target) element.classList.remove("is-focus");
  });
  const element = target && document.getElementById(target);
  if (!element) {
    focused = null;
    return;
  }
  element.classList.add("is-focus");
  if (focused !== target) {
    // "Bring everyone here": each screen scrolls to it once. The CSS scroll margins
    // keep it clear of the sticky row titles (left) and the workshop bar (top).
    element.scrollIntoView({ behavior: "smooth", block: "start", inline: "nearest" });
    focused = target;
  }
}

// "mm:ss" for a number of seconds.
export function clockFace(seconds) {
  const minutes = Math.floor(seconds / 60);
  return String(minutes).padStart(2, "0") + ":" + String(seconds % 60).padStart(2, "0");
}

// The timer counts down in every tab from the end time the server sent, corrected
// by the difference between the server's clock and this one.
const clockOffsets = new WeakMap();

function tick() {
  const timer = document.getElementById("workshop-timer");
  if (!timer || timer.dataset.running !== "true") return;
  if (!clockOffsets.has(timer)) {
    clockOffsets.set(timer, Number(timer.dataset.serverNow) - Date.now());
  }
  const now = Date.now() + clockOffsets.get(timer);
  const left = Math.max(0, Math.round((Number(timer.dataset.endsAt) - now) / 1000));
  const clock = clockFace(left);
  // The panel's clock and the workshop bar's.
  document.querySelectorAll(".timer-clock").forEach((face) => {
    if (face.textContent !== clock) face.textContent = clock;
  });
  timer.classList.toggle("timer-low", left > 0 && left <= 30);
  if (left === 0 && !timer.classList.contains("timer-done")) {
    timer.classList.add("timer-done");
    if (timer.dataset.msgDone) toast(timer.dataset.msgDone, "info", 8000);
  }
}

export function runTimer() {
  tick();
  setInterval(tick, 250);
}
