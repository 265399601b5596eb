// What the user has open and may be typing into survives every redraw: edit
// forms, "add" panels, delete confirmations. Each has an id, the same as what it
// stands for. When a change redraws the part of the page around one, htmx's
// hx-preserve puts it back in place; when the very item under an edit form
// changed, the form stays and says so; when the item was deleted, the form
// stays where the item was, with its text and a notice, and saving is off: it
// offers to restore the item with that text, or to copy it.
import { text } from "./messages.js";

// What becomes of each open draft when a change arrives, from plain data:
//   drafts    in page order, { id, editing, busy, ancestors, orphan, restoring }:
//             `editing` for an edit form (not an "add" panel or a confirmation),
//             `busy` for one whose request is in flight or that sent this very
//             change, `ancestors` the ids of the elements around it, nearest
//             first, `orphan` for a form kept after its item was deleted,
//             `restoring` for one whose "restore it with my text" sent this change;
//   incoming  the ids in the change: Map id → true for a part swapped whole
//             (top level), false for an element inside one.
// Returns [{ draft, fate, home }], fate being
//   "changed"  the very item under it was redrawn: keep the draft, say so;
//   "kept"     its surroundings are redrawn: put it back in place;
//   "deleted"  an edit form whose surroundings come back without its item:
//              keep it in `home` (the id of the place it stood in);
//   "restored" its item comes back with its text: the draft goes, the item shows;
//   "back"     a kept draft whose item someone else restored: put it back in
//              place, saving on again.
export function planDrafts(drafts, incoming) {
  const plan = [];
  const kept = new Set();
  for (const draft of drafts) {
    if (draft.restoring) {
      plan.push({ draft, fate: "restored" });
      continue;
    }
    if (draft.busy) continue;
    if (draft.orphan && incoming.has(draft.id)) {
      kept.add(draft.id);
      plan.push({ draft, fate: "back" });
    } else if (incoming.has(draft.id)) {
      if (incoming.get(draft.id)) {
        plan.push({ draft, fate: "changed" });
      } else if (!draft.ancestors.some((id) => kept.has(id))) {
        // Inside a draft that is kept, it comes back with it.
        kept.add(draft.id);
        plan.push({ draft, fate: "kept" });
      }
    } else if (draft.editing && draft.ancestors.some((id) => incoming.has(id))) {
      plan.push({ draft, fate: "deleted", home: draft.ancestors[0] || "" });
    }
  }
  return plan;
}

// A kept edit form whose item reads otherwise than when the form opened: its
// section (a cell, the action plan) was redrawn because the item changed too.
export function changedMeanwhile(openedAs, shown) {
  return openedAs !== undefined && openedAs !== shown;
}

export function shownText(element) {
  return element.textContent.replace(/\s+/g, " ").trim();
}

// What each item read when its edit form opened (see changedMeanwhile).
const openedAs = new Map();

function openDrafts() {
  return document.querySelectorAll("form.editing[id], details[open][id], .confirm-delete[id]");
}

function inFlight(draft) {
  return draft.classList.contains("htmx-request") || !!draft.querySelector(".htmx-request");
}

function describe(element, submitted) {
  const ancestors = [];
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (parent.id) ancestors.push(parent.id);
  }
  const sentThis = !!submitted && (element === submitted || element.contains(submitted));
  return {
    element,
    id: element.id,
    editing: element.matches("form.editing"),
    busy: inFlight(element) || sentThis,
    ancestors,
    orphan: element.classList.contains("draft-orphan"),
    restoring: sentThis && submitted.hasAttribute("data-restore-draft"),
  };
}

// Someone else restored the item of a kept draft: it goes back to being an
// ordinary edit form, which says so.
function noteBack(draft) {
  draft.classList.remove("draft-orphan");
  const notice = draft.querySelector(".live-deleted");
  if (notice) notice.remove();
  const back = document.createElement("div");
  back.className = "alert alert-info live-changed";
  back.setAttribute("role", "status");
  const line = document.createElement("p");
  line.textContent = text("msgBack");
  back.appendChild(line);
  draft.insertBefore(back, draft.firstChild);
}

function noteChanged(draft, replacement) {
  let notice = draft.querySelector(".live-changed");
  if (!notice) {
    notice = document.createElement("div");
    notice.className = "alert alert-warning live-changed";
    notice.setAttribute("role", "status");
    draft.insertBefore(notice, draft.firstChild);
  }
  notice.textContent = "";
  const line = document.createElement("p");
  line.textContent = text("msgChanged");
  notice.appendChild(line);
  const saved = replacement.querySelector(".editable");
  if (saved && saved.textContent.trim()) {
    const quote = document.createElement("blockquote");
    quote.className = "conflict-current";
    quote.textContent = saved.textContent.trim();
    notice.appendChild(quote);
  }
}

// Before a change is swapped in (`incoming`, its parsed fragment): marks what
// htmx keeps, notes what changed, and returns the drafts whose item is gone,
// for putBack once the change is in.
export function keepDrafts(incoming, submitted) {
  const ids = new Map();
  for (const element of incoming.querySelectorAll("[id]")) {
    ids.set(element.id, element.parentNode === incoming);
  }
  const drafts = Array.from(openDrafts(), (element) => describe(element, submitted));
  const orphans = [];
  for (const { draft, fate, home } of planDrafts(drafts, ids)) {
    const replacement = incoming.getElementById(draft.id);
    if (fate === "restored") {
      // Its item comes back in this very change, with the draft's text.
      draft.element.remove();
    } else if (fate === "back") {
      noteBack(draft.element);
      if (ids.get(draft.id)) replacement.remove();
      else replacement.setAttribute("hx-preserve", "");
    } else if (fate === "changed") {
      // Someone changed the very item being edited: keep the draft, say so.
      replacement.remove();
      noteChanged(draft.element, replacement);
    } else if (fate === "kept") {
      const shown = shownText(replacement);
      if (draft.editing && changedMeanwhile(openedAs.get(draft.id), shown)) {
        noteChanged(draft.element, replacement);
        openedAs.set(draft.id, shown);
      }
      replacement.setAttribute("hx-preserve", "");
    } else {
      orphans.push({ draft: draft.element, home });
    }
  }
  return orphans;
}

function noteDeleted(draft) {
  draft.classList.add("draft-orphan");
  if (draft.querySelector(".live-deleted")) return;
  const notice = document.createElement("div");
  notice.className = "alert alert-warning live-deleted";
  notice.setAttribute("role", "alert");
  const line = document.createElement("p");
  line.textContent = text(/^card-/.test(draft.id) ? "msgDeletedCard" : "msgDeleted");
  notice.appendChild(line);
  const actions = document.createElement("p");
  actions.className = "form-actions";
  if (draft.dataset.restoreUrl) {
    // Posts the form's fields: the item comes back from the trash with this text.
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button button-primary";
    restore.setAttribute("hx-post", draft.dataset.restoreUrl);
    restore.setAttribute("hx-swap", "none");
    restore.dataset.restoreDraft = "";
    restore.textContent = text("msgRestoreDraft");
    actions.appendChild(restore);
  }
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = draft.dataset.restoreUrl ? "button" : "button button-primary";
  copy.dataset.copyDraft = "";
  copy.textContent = text("msgCopyDraft");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "button button-quiet";
  close.dataset.closeDraft = "";
  close.textContent = text("msgCloseDraft");
  actions.append(copy, close);
  notice.appendChild(actions);
  draft.insertBefore(notice, draft.firstChild);
  if (window.htmx) window.htmx.process(notice);
}

// The item under an open edit form was deleted by someone else: the draft stays
// on screen, where the item was, with its text and a notice.
export function putBack({ draft, home: homeId }) {
  let home = homeId && document.getElementById(homeId);
  // A cell or the action plan takes it back; a stage or lane heading of a
  // redrawn grid has no such place: the form waits above the grid.
  if (!home || home.id === "map-grid" || home.closest(".draft-orphan")) {
    home = document.getElementById("kept-drafts");
    if (!home) return;
  }
  const add = home.querySelector(":scope > details");
  if (add) home.insertBefore(draft, add);
  else home.appendChild(draft);
  noteDeleted(draft);
}

function draftText(draft) {
  return Array.from(draft.querySelectorAll("textarea, input:not([type]), input[type=text]"))
    .filter((field) => field.value.trim())
    .map((field) => field.value)
    .join("\n");
}

function copyText(value) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(value);
  }
  // Plain http on the local network has no clipboard API: the old way still works.
  const area = document.createElement("textarea");
  area.value = value;
  area.className = "visually-hidden";
  document.body.appendChild(area);
  area.select();
  const done = document.execCommand("copy");
  area.remove();
  return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}

// The kept drafts' buttons, their refused submit, and what items read when their
// edit form opened. `closed` runs when a kept draft is closed.
export function listen(closed) {
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (target && target.id && !target.matches(".editing") && event.detail.xhr.status === 200) {
      openedAs.set(target.id, shownText(target));
    }
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-copy-draft], [data-close-draft]");
    const draft = button && button.closest(".draft-orphan");
    if (!draft) return;
    if (button.hasAttribute("data-copy-draft")) {
      copyText(draftText(draft)).then(
        () => {
          button.textContent = text("msgCopiedDraft");
          draft.dataset.copied = "true";
        },
        () => {
          // No clipboard at all: select the text so that the person copies it by hand.
          const field = draft.querySelector("textarea, input:not([type]), input[type=text]");
          if (field) field.select();
        },
      );
    } else if (draft.dataset.copied || !draftText(draft) || window.confirm(text("msgCloseDraftConfirm"))) {
      draft.remove();
      closed();
    }
  });

  // "Restore it with my text" succeeded: the item comes back with the text, the draft
  // goes (already gone when the change was drawn at once; not when it waits its turn).
  document.addEventListener("htmx:afterRequest", (event) => {
    const elt = event.detail.elt;
    if (!event.detail.successful || !elt.hasAttribute || !elt.hasAttribute("data-restore-draft")) return;
    const draft = elt.closest(".draft-orphan");
    if (draft && event.detail.xhr.status === 200) {
      draft.remove();
      closed();
    }
  });

  // A draft whose item is gone saves nowhere: its submit is refused here, its text kept.
  // Only "restore it with my text" goes, to the trash.
  document.addEventListener("htmx:confirm", (event) => {
    const elt = event.detail.elt;
    if (elt.closest(".draft-orphan") && !elt.hasAttribute("data-restore-draft")) event.preventDefault();
  });
}
