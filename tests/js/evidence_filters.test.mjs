// What the map's evidence filters keep (static/js/evidence_filters.js).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { decide } from "../../static/js/evidence_filters.js";

function card(name, stage, { evidence = "assumption", painPoint = false } = {}) {
  return { name, stage, evidence, painPoint, touchpoint: false, moment: false };
}

function touchpoint(name, stage, { evidence = "assumption", moment = false } = {}) {
  return { name, stage, evidence, painPoint: false, touchpoint: true, moment };
}

const names = (items) => items.map((item) => item.name);

describe("decide", () => {
  const items = [
    touchpoint("bus", "1", { evidence: "observed" }),
    touchpoint("caisse", "2", { moment: true }),
    card("queue", "2", { painPoint: true, evidence: "measured" }),
    card("monnaie", "1", { painPoint: true }),
    card("pensée", "2"),
  ];

  it("keeps only the assumptions, cards and touchpoints alike", () => {
    const { kept, context } = decide("assumptions", items);
    assert.deepEqual(names(kept), ["caisse", "monnaie", "pensée"]);
    assert.deepEqual(context, []);
  });

  it("keeps the pain points of stages with a moment of truth, whatever their evidence", () => {
    const { kept, context } = decide("moments", items);
    assert.deepEqual(names(kept), ["queue"]);
    assert.deepEqual(names(context), ["caisse"]);
  });

  it("keeps nothing when no stage has a moment of truth", () => {
    const { kept } = decide("moments", items.filter((item) => !item.moment));
    assert.deepEqual(kept, []);
  });

  it("keeps nothing for no filter", () => {
    assert.deepEqual(decide("", items), { kept: [], context: [] });
  });
});
