// Which open drafts survive a redraw, and how (static/js/live/drafts.js).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { changedMeanwhile, planDrafts } from "../../static/js/live/drafts.js";

function draft(id, ancestors, { editing = true, busy = false, orphan = false, restoring = false } = {}) {
  return { id, ancestors, editing, busy, orphan, restoring };
}

// The ids of an incoming change: true for a part swapped whole, false inside one.
function change(entries) {
  return new Map(Object.entries(entries));
}

function fates(plan) {
  return plan.map(({ draft, fate, home }) => (home === undefined ? [draft.id, fate] : [draft.id, fate, home]));
}

describe("planDrafts", () => {
  it("keeps a form whose cell is redrawn, to put it back in place", () => {
    const form = draft("card-12", ["cell-1-2", "map-grid", "content"]);
    const plan = planDrafts([form], change({ "cell-1-2": true, "card-12": false, "card-13": false }));
    assert.deepEqual(fates(plan), [["card-12", "kept"]]);
  });

  it("keeps open add panels and delete confirmations the same way", () => {
    const panel = draft("add-card-1-2", ["cell-1-2"], { editing: false });
    const confirm = draft("stage-3", ["map-grid"], { editing: false });
    const plan = planDrafts(
      [panel, confirm],
      change({ "map-grid": true, "cell-1-2": false, "add-card-1-2": false, "stage-3": false }),
    );
    assert.deepEqual(fates(plan), [
      ["add-card-1-2", "kept"],
      ["stage-3", "kept"],
    ]);
  });

  it("says so when the very item under the form changed", () => {
    const plan = planDrafts([draft("card-12", ["cell-1-2"])], change({ "card-12": true }));
    assert.deepEqual(fates(plan), [["card-12", "changed"]]);
  });

  it("keeps the draft of a deleted item where the item stood, with the nearest place that has an id", () => {
    const form = draft("card-12", ["cell-1-2", "map-grid"]);
    const plan = planDrafts([form], change({ "cell-1-2": true, "card-13": false }));
    assert.deepEqual(fates(plan), [["card-12", "deleted", "cell-1-2"]]);
  });

  it("lets a deleted item's add panel or confirmation go: there is no text to keep", () => {
    const confirm = draft("stage-3", ["map-grid"], { editing: false });
    assert.deepEqual(planDrafts([confirm], change({ "map-grid": true })), []);
  });

  it("leaves alone a draft the change does not touch", () => {
    const form = draft("card-12", ["cell-1-2", "map-grid"]);
    assert.deepEqual(planDrafts([form], change({ "actions": true, "action-4": false })), []);
  });

  it("leaves alone a draft whose request is in flight or that sent this change", () => {
    const sending = draft("card-12", ["cell-1-2"], { busy: true });
    assert.deepEqual(planDrafts([sending], change({ "card-12": true })), []);
    assert.deepEqual(planDrafts([sending], change({ "cell-1-2": true })), []);
  });

  it("keeps a draft inside another kept draft along with it, not on its own", () => {
    const outer = draft("add-action", ["actions"], { editing: false });
    const inner = draft("new-action", ["add-action", "actions"]);
    const plan = planDrafts([outer, inner], change({ actions: true, "add-action": false, "new-action": false }));
    assert.deepEqual(fates(plan), [["add-action", "kept"]]);
  });

  it("keeps every draft of a redrawn grid, each in its place", () => {
    const drafts = [
      draft("stage-1", ["map-grid"]),
      draft("card-7", ["cell-1-1", "map-grid"]),
      draft("card-8", ["cell-1-1", "map-grid"]),
    ];
    const plan = planDrafts(
      drafts,
      change({ "map-grid": true, "stage-1": false, "cell-1-1": false, "card-7": false }),
    );
    assert.deepEqual(fates(plan), [
      ["stage-1", "kept"],
      ["card-7", "kept"],
      ["card-8", "deleted", "cell-1-1"],
    ]);
  });
});

describe("planDrafts, once an item is deleted under its draft", () => {
  it("lets the draft go when its own \"restore it with my text\" brings the item back", () => {
    const form = draft("card-12", ["kept-drafts"], { busy: true, orphan: true, restoring: true });
    const plan = planDrafts([form], change({ "cell-1-2": true, "card-12": false }));
    assert.deepEqual(fates(plan), [["card-12", "restored"]]);
  });

  it("puts a kept draft back in place, saving on again, when someone else restores its item", () => {
    const form = draft("card-12", ["kept-drafts"], { orphan: true });
    const plan = planDrafts([form], change({ "cell-1-2": true, "card-12": false }));
    assert.deepEqual(fates(plan), [["card-12", "back"]]);
  });

  it("keeps a kept draft where it is while its item stays deleted", () => {
    const form = draft("card-12", ["cell-1-2", "map-grid"], { orphan: true });
    const plan = planDrafts([form], change({ "cell-1-2": true, "card-13": false }));
    assert.deepEqual(fates(plan), [["card-12", "deleted", "cell-1-2"]]);
  });

  it("leaves a kept draft whose restore is on its way alone until the answer", () => {
    const form = draft("card-12", ["kept-drafts"], { busy: true, orphan: true });
    assert.deepEqual(planDrafts([form], change({ "cell-1-2": true, "card-12": false })), []);
  });
});

describe("changedMeanwhile", () => {
  it("tells a kept form that its item reads otherwise than when it opened", () => {
    assert.equal(changedMeanwhile("Long wait", "Long wait at the desk"), true);
    assert.equal(changedMeanwhile("Long wait", "Long wait"), false);
  });

  it("says nothing when the form's opening was not seen", () => {
    assert.equal(changedMeanwhile(undefined, "Long wait"), false);
  });
});
