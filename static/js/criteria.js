// The method's five criteria (templates/maps/_criteria.html) follow the map's changes.
// An open panel redraws itself shortly after a change; a closed one only remembers
// that it is out of date and redraws when it is opened: a room of 200 tabs does not
// ask the server for a panel nobody is reading.
const DELAY_MS = 1500;
let timer = null;
let stale = false;

function panel() {
  return document.getElementById("method-criteria");
}

function redraw() {
  const element = panel();
  if (!element) return;
  stale = false;
  const url = element.dataset.url + (element.open ? "?open=1" : "");
  element.setAttribute("aria-busy", "true");
  htmx.ajax("GET", url, { target: element, swap: "outerHTML" });
}

document.body.addEventListener("parcours:changed", function () {
  const element = panel();
  if (!element) return;
  if (!element.open) {
    stale = true;
    return;
  }
  clearTimeout(timer);
  timer = setTimeout(redraw, DELAY_MS);
});

// "toggle" does not bubble: listen in the capture phase, which survives the swap.
document.addEventListener(
  "toggle",
  function (event) {
    if (event.target === panel() && event.target.open && stale) redraw();
  },
  true,
);
