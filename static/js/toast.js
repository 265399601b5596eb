// A short message in the corner (#toasts, in base.html) that leaves by itself.
// Shared by parcours.js (refusals, errors) and the live map (the timer's end).
export function toast(message, kind = "error", lasting = 6000) {
  const box = document.getElementById("toasts");
  if (!box) return;
  const item = document.createElement("p");
  item.className = "toast toast-" + kind;
  item.textContent = message;
  box.appendChild(item);
  setTimeout(() => item.remove(), lasting);
}
