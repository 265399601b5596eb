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

// What the filter decides from, for one card or touchpoint of the page.
function describe(element) {
  const cell = element.closest("[data-stage]");
  return {
    element,
    touchpoint: element.classList.contains("touchpoint"),
    painPoint: element.classList.contains("card-pain_points"),
    evidence: element.dataset.evidence || "",
    moment: element.dataset.moment === "true",
    stage: cell ? cell.dataset.stage : "",
  };
}

// Which items the filter keeps, and which stay undimmed to explain the match (the moments
// of truth beside their stages' pain points). Plain data in, plain data out (tests/js).
export function decide(filter, items) {
  const kept = [];
  const context = [];
  if (filter === "assumptions") {
    kept.push(...items.filter((item) => item.evidence === "assumption"));
  } else if (filter === "moments") {
    const moments = items.filter((item) => item.touchpoint && item.moment);
    const stages = new Set(moments.map((item) => item.stage));
    context.push(...moments);
    kept.push(...items.filter((item) => item.painPoint && stages.has(item.stage)));
  }
  return { kept, context };
}

function apply(bar, scroller) {
  const filter = scroller.dataset.filter || "";
  const items = [...scroller.querySelectorAll(ITEMS)].map(describe);
  const { kept, context } = decide(filter, items);
  const keep = new Set(kept.map((item) => item.element));
  const explain = new Set(context.map((item) => item.element));
  for (const { element: item } of items) {
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
  const words =
    count === 0 ? bar.dataset.msgCountNone : count === 1 ? bar.dataset.msgCountOne : bar.dataset.msgCountMany;
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

// Node's tests import ``decide`` without a page.
if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
}
