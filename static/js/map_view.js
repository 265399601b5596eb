// The map's view toolbar (#map-view, templates/maps/_map_view.html): overview, zoom and
// the compact density, so a projector can show the whole journey.
//
// The zoom is CSS `zoom` on #map-grid, read from a custom property (--map-zoom) set on
// .map-scroller. Live fragments replace #map-grid and its parts, never the scroller, so
// the zoom survives them; `zoom` (unlike a transform) keeps layout, scroll sizes and
// hit-testing right, and the curve inside the grid scales with its columns.
// The choice is remembered per map in localStorage; `?view=overview` (and `compact`,
// comma-separated) opens a projector link in that view without changing what is kept.

export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 2;
// The steps of "+" and "−", as browsers zoom.
export const STEPS = [0.25, 0.33, 0.4, 0.5, 0.6, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
// Under this, fitting the height too makes the text unreadable: fit the width only.
export const READABLE = 0.45;
// The overview enlarges a small map for a projector, up to this.
export const MAX_FIT = 1.5;

export function clamp(zoom) {
  if (!Number.isFinite(zoom)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

// The next step up or down from any zoom (an overview's 0.47 goes to 0.5 or 0.4).
export function step(zoom, direction) {
  const near = 0.005;
  if (direction > 0) return STEPS.find((value) => value > zoom + near) ?? MAX_ZOOM;
  return [...STEPS].reverse().find((value) => value < zoom - near) ?? MIN_ZOOM;
}

// The zoom that shows every stage: the width always, the height too when the result stays
// readable. Sizes are those at 100 %.
export function fit({ contentWidth, contentHeight, width, height }) {
  if (!(contentWidth > 0) || !(width > 0)) return 1;
  const across = width / contentWidth;
  const down = contentHeight > 0 && height > 0 ? height / contentHeight : across;
  const zoom = down < across && down >= READABLE ? down : across;
  return clamp(Math.min(zoom, MAX_FIT));
}

// Ctrl+wheel: a wheel notch (deltaY ±100) is about one step; a trackpad pinch is smooth.
export function wheelZoom(zoom, deltaY) {
  const delta = Math.max(-300, Math.min(300, deltaY));
  return clamp(zoom * Math.exp(-delta / 500));
}

// Keyboard: "+", "-", "0" outside text fields; with Ctrl/Cmd inside the map as well
// (there the browser's page zoom gives way). Returns "in", "out", "reset" or null.
export function keyAction(event, { typing, inMap }) {
  if (event.altKey || typing) return null;
  const modified = event.ctrlKey || event.metaKey;
  if (modified && !inMap) return null;
  const key = event.key;
  if (key === "+" || key === "=") return "in";
  if (key === "-" || key === "_") return "out";
  if (key === "0") return "reset";
  return null;
}

// What the URL and the stored choice say; the URL wins and is not stored.
export function initialView(search, stored) {
  const view = { mode: "zoom", zoom: 1, compact: false, fromUrl: false };
  if (stored && typeof stored === "object") {
    if (stored.mode === "overview") view.mode = "overview";
    view.zoom = clamp(Number(stored.zoom) || 1);
    view.compact = stored.compact === true;
  }
  const asked = new URLSearchParams(search || "").get("view");
  if (asked) {
    const words = asked.split(",").map((word) => word.trim());
    if (words.includes("overview")) view.mode = "overview";
    if (words.includes("compact")) view.compact = true;
    view.fromUrl = true;
  }
  return view;
}

export function percent(zoom) {
  return `${Math.round(zoom * 100)} %`;
}

const TYPING = "input, textarea, select, [contenteditable]";

function storageKey(mapId) {
  return `parcours.map-view.${mapId}`;
}

function readStored(mapId) {
  try {
    return JSON.parse(localStorage.getItem(storageKey(mapId)) || "null");
  } catch {
    return null; // Private windows may refuse storage: the view is then only for now.
  }
}

function store(mapId, view) {
  try {
    const { mode, zoom, compact } = view;
    localStorage.setItem(storageKey(mapId), JSON.stringify({ mode, zoom, compact }));
  } catch {
    // Nothing to keep it in: the view still works for this page.
  }
}

function setUp() {
  const bar = document.getElementById("map-view");
  const scroller = document.querySelector(".map-scroller");
  if (!bar || !scroller) return;
  const mapId = bar.dataset.map;
  const view = initialView(window.location.search, readStored(mapId));
  const shown = bar.querySelector(".zoom-level");
  const overviewButton = bar.querySelector("[data-view=overview]");
  const compactButton = bar.querySelector("[data-view=compact]");
  const grid = () => document.getElementById("map-grid");

  function render() {
    scroller.style.setProperty("--map-zoom", String(view.zoom));
    scroller.classList.toggle("map-compact", view.compact);
    scroller.dataset.zoom = String(view.zoom);
    shown.textContent = percent(view.zoom);
    overviewButton.setAttribute("aria-pressed", String(view.mode === "overview"));
    compactButton.setAttribute("aria-pressed", String(view.compact));
    bar.querySelector("[data-view=out]").disabled = view.zoom <= MIN_ZOOM;
    bar.querySelector("[data-view=in]").disabled = view.zoom >= MAX_ZOOM;
  }

  // The map's size at 100 %: from the stage row (every stage, not the "+ Add a stage"
  // column) and the grid's height, measured at the current zoom.
  function overviewZoom() {
    const element = grid();
    const heads = element && element.querySelectorAll(".stage-row .stage-head");
    if (!heads || !heads.length) return 1;
    const box = element.getBoundingClientRect();
    const last = heads[heads.length - 1].getBoundingClientRect();
    const style = getComputedStyle(scroller);
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    return fit({
      contentWidth: (last.right - box.left) / view.zoom + 8,
      contentHeight: box.height / view.zoom,
      width: scroller.clientWidth - padding,
      // The grid under the toolbar, once the page is scrolled to it.
      height: window.innerHeight - bar.offsetHeight - 32,
    });
  }

  function setZoom(zoom, anchor) {
    const before = view.zoom;
    const after = clamp(zoom);
    if (Math.abs(after - before) < 0.001) return render();
    let contentX = 0;
    let contentY = 0;
    const box = grid() && grid().getBoundingClientRect();
    if (anchor && box) {
      contentX = (anchor.x - box.left) / before;
      contentY = (anchor.y - box.top) / before;
    }
    view.zoom = after;
    render();
    // The point under the pointer stays under it.
    if (anchor && box) {
      const now = grid().getBoundingClientRect();
      scroller.scrollLeft += now.left + contentX * after - anchor.x;
      window.scrollBy(0, now.top + contentY * after - anchor.y);
    }
  }

  function choose(change) {
    change();
    if (!view.fromUrl) store(mapId, view);
  }

  function refit() {
    if (view.mode !== "overview") return;
    // Twice: the first pass may change the scrollbar, hence the width left.
    for (let pass = 0; pass < 2; pass += 1) {
      const zoom = overviewZoom();
      if (Math.abs(zoom - view.zoom) > 0.005) setZoom(zoom);
    }
    scroller.scrollLeft = 0;
    render();
  }

  function act(action, anchor) {
    choose(() => {
      if (action === "overview") {
        view.mode = view.mode === "overview" ? "zoom" : "overview";
        if (view.mode === "overview") refit();
        else setZoom(1);
        return;
      }
      if (action === "compact") {
        view.compact = !view.compact;
        render();
        refit();
        return;
      }
      view.mode = "zoom";
      if (action === "in") setZoom(step(view.zoom, 1), anchor);
      else if (action === "out") setZoom(step(view.zoom, -1), anchor);
      else if (action === "reset") setZoom(1, anchor);
      render();
    });
  }

  for (const button of bar.querySelectorAll("button[data-view]")) {
    button.addEventListener("click", () => act(button.dataset.view));
  }

  // Ctrl+wheel (and a trackpad pinch) over the map zooms around the pointer; the page's
  // own zoom is kept from it there only.
  scroller.addEventListener(
    "wheel",
    (event) => {
      if (!(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      choose(() => {
        view.mode = "zoom";
        setZoom(wheelZoom(view.zoom, event.deltaY), { x: event.clientX, y: event.clientY });
      });
    },
    { passive: false },
  );

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = Boolean(target.closest && target.closest(TYPING));
    const inMap = Boolean(target.closest && target.closest(".map-scroller, #map-view")) || scroller.matches(":hover");
    const action = keyAction(event, { typing, inMap });
    if (!action || document.querySelector("dialog[open]")) return;
    event.preventDefault();
    act(action);
  });

  // A stage added or removed redraws #map-grid (a child of the scroller): the overview
  // must hold it.
  new MutationObserver(() => refit()).observe(scroller, { childList: true });
  let resizing = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(refit);
  });

  render();
  refit();
  bar.hidden = false;
}

// Node's tests import the pure functions without a page.
if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
}
