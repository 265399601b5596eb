// The map view's pure logic: zoom steps, the overview's fit, keys, the remembered view
// (static/js/map_view.js).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { MAX_FIT, MAX_ZOOM, MIN_ZOOM, clamp, fit, initialView, keyAction, percent, step, wheelZoom } from "../../static/js/map_view.js";

describe("step", () => {
  it("goes to the next step up or down", () => {
    assert.equal(step(1, 1), 1.1);
    assert.equal(step(1, -1), 0.9);
  });
  it("goes from an overview's zoom to the nearest step", () => {
    assert.equal(step(0.47, 1), 0.5);
    assert.equal(step(0.47, -1), 0.4);
  });
  it("stops at the bounds", () => {
    assert.equal(step(MAX_ZOOM, 1), MAX_ZOOM);
    assert.equal(step(MIN_ZOOM, -1), MIN_ZOOM);
  });
});

describe("fit", () => {
  it("fits the width of a wide map", () => {
    assert.equal(fit({ contentWidth: 2800, contentHeight: 1000, width: 1400, height: 800 }), 0.5);
  });
  it("fits the height too when the text stays readable", () => {
    assert.equal(fit({ contentWidth: 1400, contentHeight: 1600, width: 1400, height: 800 }), 0.5);
  });
  it("fits the width only when the height would make it unreadable", () => {
    assert.equal(fit({ contentWidth: 2000, contentHeight: 8000, width: 1400, height: 800 }), 0.7);
  });
  it("enlarges a small map, up to a maximum", () => {
    assert.equal(fit({ contentWidth: 400, contentHeight: 200, width: 1400, height: 800 }), MAX_FIT);
  });
  it("stays at 100 % with nothing to measure", () => {
    assert.equal(fit({ contentWidth: 0, contentHeight: 0, width: 1400, height: 800 }), 1);
  });
});

describe("clamp and wheelZoom", () => {
  it("keeps zooms within bounds", () => {
    assert.equal(clamp(10), MAX_ZOOM);
    assert.equal(clamp(0), MIN_ZOOM);
    assert.equal(clamp(Number.NaN), 1);
  });
  it("zooms in when the wheel goes up, out when it goes down", () => {
    assert.ok(wheelZoom(1, -100) > 1);
    assert.ok(wheelZoom(1, 100) < 1);
    assert.equal(wheelZoom(MAX_ZOOM, -100), MAX_ZOOM);
  });
});

describe("keyAction", () => {
  const key = (k, extra = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...extra });
  it("reads +, - and 0 outside text fields", () => {
    assert.equal(keyAction(key("+"), { typing: false, inMap: false }), "in");
    assert.equal(keyAction(key("-"), { typing: false, inMap: false }), "out");
    assert.equal(keyAction(key("0"), { typing: false, inMap: false }), "reset");
  });
  it("leaves typing alone", () => {
    assert.equal(keyAction(key("+"), { typing: true, inMap: true }), null);
  });
  it("takes Ctrl or Cmd only inside the map, leaving the page zoom elsewhere", () => {
    assert.equal(keyAction(key("=", { ctrlKey: true }), { typing: false, inMap: true }), "in");
    assert.equal(keyAction(key("-", { metaKey: true }), { typing: false, inMap: false }), null);
  });
  it("ignores other keys", () => {
    assert.equal(keyAction(key("a"), { typing: false, inMap: true }), null);
  });
});

describe("initialView", () => {
  it("starts at 100 %, normal density", () => {
    assert.deepEqual(initialView("", null), { mode: "zoom", zoom: 1, compact: false, fromUrl: false });
  });
  it("restores what was stored, bounded", () => {
    const view = initialView("", { mode: "zoom", zoom: 9, compact: true });
    assert.equal(view.zoom, MAX_ZOOM);
    assert.equal(view.compact, true);
  });
  it("lets a projector link ask for the overview and compact, without storing it", () => {
    const view = initialView("?view=overview,compact", { mode: "zoom", zoom: 0.8 });
    assert.equal(view.mode, "overview");
    assert.equal(view.compact, true);
    assert.equal(view.fromUrl, true);
  });
  it("shrugs off a broken stored value", () => {
    assert.equal(initialView("", "nonsense").zoom, 1);
  });
});

describe("percent", () => {
  it("writes the zoom as a French percentage", () => {
    assert.equal(percent(0.467), "47 %");
  });
});
