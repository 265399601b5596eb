// The map's evidence filters (#evidence-filters): "only assumptions" and "pain points
// at moments of truth". Client side, over what the page shows: each card and
// touchpoint says its evidence (data-evidence), each moment of truth says so
// (data-moment), each cell its stage (data-stage). What the active filter leaves out is
// dimmed and made inert (out of the tab order and of what a screen reader reads).
//
// The state lives on .map-scroller (data-filter), which fragments never replace, and
// matches are worked out again whenever the map's content changes (a live change, a
// catch-up, a form opened or closed), so items arriving live respect the filter.

const ITEMS = "article.card, article.touchpoint";

// Which items the filter keeps; ``context`` items stay undimmed to explain the match.
export function matches(filter, scroller) {
  const kept = [];
  const context = [];
  if (filter === "assumptions") {
    for (const item of scroller.querySelectorAll(ITEMS)) {
      if (item.dataset.evidence === "assumption") kept.push(item);
    }
  } else if (filter === "moments") {
    const stages = new Set();
    for (const moment of scroller.querySelectorAll("article.touchpoint[data-moment]")) {
      const cell = moment.closest("[data-stage]");
      if (cell) stages.add(cell.dataset.stage);
      context.push(moment);
    }
    for (const card of scroller.querySelectorAll("article.card.card-pain_points")) {
      const cell = card.closest("[data-stage]");
      if (cell && stages.has(cell.dataset.stage)) kept.push(card);
    }
  }
  return { kept, context };
}

function apply(bar, scroller) {
  const filter = scroller.dataset.filter || "";
  const { kept, context } = matches(filter, scroller);
  const keep = new Set(kept);
  const explain = new Set(context);
  for (const item of scroller.querySelectorAll(ITEMS)) {
    const match = keep.has(item);
    item.classList.toggle("filter-match", Boolean(filter) && match);
    item.classList.toggle("filter-context", Boolean(filter) && explain.has(item));
    item.inert = Boolean(filter) && !match && !explain.has(item);
  }
  const status = bar.querySelector(".filter-status");
  const empty = bar.querySelector(".filter-empty");
  const button = filter && bar.querySelector(`[data-filter="${filter}"]`);
  if (!button) {
    status.textContent = "";
    empty.hidden = true;
    return;
  }
  const count = kept.length;
  const words = count === 1 ? bar.dataset.msgCountOne : bar.dataset.msgCountMany;
  const said = words.replace("{n}", String(count));
  // Written only when it changes: a live change elsewhere does not repeat it aloud.
  if (status.textContent !== said) status.textContent = said;
  empty.textContent = button.dataset.msgEmpty;
  empty.hidden = count > 0;
}

function setUp() {
  const bar = document.getElementById("evidence-filters");
  const scroller = document.querySelector(".map-scroller");
  if (!bar || !scroller) return;
  for (const button of bar.querySelectorAll("button[data-filter]")) {
    button.addEventListener("click", () => {
      const on = button.getAttribute("aria-pressed") !== "true";
      for (const other of bar.querySelectorAll("button[data-filter]")) {
        other.setAttribute("aria-pressed", String(on && other === button));
      }
      if (on) scroller.dataset.filter = button.dataset.filter;
      else delete scroller.dataset.filter;
      apply(bar, scroller);
    });
  }
  // Elements added or removed only (not attributes): our own class changes do not loop.
  new MutationObserver(() => {
    if (scroller.dataset.filter) apply(bar, scroller);
  }).observe(scroller, { childList: true, subtree: true });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
else setUp();
