// Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) on the map: the undo and redo buttons of the
// live bar, so the server takes the person's own last change back. Inside a text
// field the browser's own undo of the typing stays.

const TYPING = "input, textarea, select, [contenteditable]";

export function shortcut(event) {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === "z") return event.shiftKey ? "redo" : "undo";
  if (key === "y" && !event.shiftKey) return "redo";
  return null;
}

export function listen(doc) {
  doc.addEventListener("keydown", (event) => {
    const which = shortcut(event);
    if (!which || (event.target.closest && event.target.closest(TYPING))) return;
    const button = doc.getElementById(which + "-button");
    // Hidden on a read-only page (a reader, a locked map): nothing to take back there.
    if (!button || button.offsetParent === null) return;
    event.preventDefault();
    button.click();
  });
}
