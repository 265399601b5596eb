// Presence: who is on the map and what each person has open. The list comes
// from the server; this tab outlines the items others edit, in their colour,
// and says which item it has open itself.
import { text } from "./messages.js";

let editors = [];
let announced = null;

// `editing`: [{ item, name, colour }] from the last presence message; without
// it, the same list is drawn again on a redrawn page.
export function markEditors(editing) {
  if (editing) editors = editing;
  document.querySelectorAll("[data-editor]").forEach((element) => {
    element.removeAttribute("data-editor");
    element.className = element.className.replace(/\s*\bbeing-edited\b|\s*\bpresence-\d\b/g, "");
  });
  for (const entry of editors) {
    const element = document.getElementById(entry.item);
    // This tab's own open form is not someone else's.
    if (!element || element.matches(".editing, details")) continue;
    element.setAttribute("data-editor", entry.name + " · " + text("msgEditing"));
    element.classList.add("being-edited", "presence-" + entry.colour);
  }
}

export function showPresence(message) {
  htmx.swap(document.body, message.html, { swapStyle: "none" });
  markEditors(message.editing);
}

function currentEdit() {
  const form = document.querySelector("form.editing[id]:not(#map-header)");
  if (form) return form.id;
  const details = document.querySelector("#map-grid details[open][id]");
  return details ? details.id : "";
}

// Tells the others which item this tab has open, when that changed.
export function announce(socket) {
  if (!socket) return;
  const item = currentEdit();
  if (item === announced) return;
  announced = item;
  socket.send(JSON.stringify({ type: "editing", item }));
}

// A new socket knows nothing yet: the next announce says it again.
export function forgetAnnounced() {
  announced = null;
}
