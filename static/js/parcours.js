// Parcours: the little behaviour htmx does not give us. No inline script
// anywhere (CSP script-src 'self'): everything hangs off events here.
// A module (so strict, and run once the page is parsed), on every page.
import { fillAddForm } from "./add_form.js";
import { toast } from "./toast.js";

// Messages from the server (after a redirect) leave like the others.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("#toasts .toast").forEach(function (item) {
    setTimeout(function () { item.remove(); }, 6000);
  });
});

// A read-only page (a reader, a guest after the workshop, anyone on a locked map)
// shows the same fragments as an editor's: clicks that would change the content
// open nothing. The facilitator's controls (lock, timer, focus, rounds) and each
// participant's ballot are not content edits: a locked map keeps them working.
function contentEdit(element) {
  // A shared page asking whether the map changed (maps/views/share.py) only reads.
  if (element.hasAttribute("data-reads-only")) return false;
  return !!element.closest(".edit-control") ||
    !element.closest(".facilitation, .facilitator-control");
}
document.addEventListener("htmx:confirm", function (event) {
  var element = event.detail.elt;
  if (element.closest(".read-only") && contentEdit(element)) event.preventDefault();
});

function message(name) {
  return document.body.dataset[name] || "";
}

// A refused or failed request says so where the user is looking.
document.addEventListener("htmx:responseError", function (event) {
  var status = event.detail.xhr.status;
  // A refusal that says why has been shown already (parcours:refused, below).
  if (/parcours:refused/.test(event.detail.xhr.getResponseHeader("HX-Trigger") || "")) return;
  if (status === 403) toast(message("msgForbidden"));
  else if (status === 404) toast(message("msgGone"));
  else toast(message("msgError"));
});
document.addEventListener("htmx:sendError", function () {
  toast(message("msgOffline"));
});

// A freshly opened edit form takes the focus, on its first text field.
document.addEventListener("htmx:load", function (event) {
  var root = event.detail.elt;
  // An "add" panel opened from elsewhere ("turn into an action") counts too.
  if (!(root instanceof Element) || !root.matches(".editing, details[open]")) return;
  var field = root.querySelector("textarea, input:not([type=hidden]):not([type=radio]), select");
  if (field) {
    field.focus();
    if (field.setSelectionRange && field.value) field.setSelectionRange(field.value.length, field.value.length);
  }
});

// Escape cancels an inline edit; Ctrl/Cmd+Enter saves it.
document.addEventListener("keydown", function (event) {
  var form = event.target.closest && event.target.closest("form.editing");
  if (!form) return;
  if (event.key === "Escape") {
    var cancel = form.querySelector("[data-cancel]");
    if (cancel) cancel.click();
  } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
  }
});

// Opening an "add" form focuses its first field.
document.addEventListener("toggle", function (event) {
  var details = event.target;
  if (!(details instanceof HTMLDetailsElement) || !details.open) return;
  fillAddForm(details);
  var field = details.querySelector("textarea, input:not([type=hidden]):not([type=radio]), select");
  if (field) field.focus();
}, true);

// Forms that destroy or revoke something ask first (data-confirm holds the question).
document.addEventListener("submit", function (event) {
  var question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// "Print" buttons (the action plan page).
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});

// "Copy" buttons: data-copy names the field whose value they copy.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-copy]");
  if (!button) return;
  var field = document.querySelector(button.dataset.copy);
  if (!field) return;
  field.select();
  var done = function () {
    button.textContent = button.dataset.copied;
  };
  if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(done, function () {});
});

// A change that went through says what it did (HX-Trigger "parcours:notice": an undo).
document.addEventListener("parcours:notice", function (event) {
  if (event.detail && event.detail.message) toast(event.detail.message, "success", 4000);
});

// A control the server could not apply now says why (HX-Trigger "parcours:refused").
document.addEventListener("parcours:refused", function (event) {
  if (event.detail && event.detail.message) toast(event.detail.message);
});

// A panel fetched into a <dialog> (the map's trash) opens as a modal; its "Close"
// button closes it, and closing empties it, so that it stops refreshing itself.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (target instanceof HTMLDialogElement && !target.open) target.showModal();
});
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-close-dialog]");
  var dialog = button && button.closest("dialog");
  if (dialog) dialog.close();
});
document.addEventListener("close", function (event) {
  var dialog = event.target;
  if (dialog instanceof HTMLDialogElement && dialog.hasAttribute("data-empty-on-close")) {
    dialog.textContent = "";
  }
}, true);
