// The facilitator's "who has finished" list and the timer's face (static/js/live/facilitation.js).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { FinishedVoters, clockFace } from "../../static/js/live/facilitation.js";

describe("FinishedVoters", () => {
  it("waits until the page shows the revision that redrew the panel", () => {
    const finished = new FinishedVoters();
    finished.hold({ revision: 12, html: "Ana" });
    assert.equal(finished.due(11), null);
    assert.equal(finished.due(12), "Ana");
    assert.equal(finished.due(12), null, "shown once");
  });

  it("keeps the newest list", () => {
    const finished = new FinishedVoters();
    finished.hold({ revision: 13, html: "Ana, Bo" });
    finished.hold({ revision: 12, html: "Ana" });
    assert.equal(finished.due(13), "Ana, Bo");
  });

  it("drops a list a catch-up already covered", () => {
    const finished = new FinishedVoters();
    finished.hold({ revision: 12, html: "Ana" });
    finished.caughtUp(11);
    assert.equal(finished.due(12), "Ana");
    finished.hold({ revision: 12, html: "Ana" });
    finished.caughtUp(12);
    assert.equal(finished.due(20), null);
  });
});

describe("clockFace", () => {
  it("reads minutes and seconds", () => {
    assert.equal(clockFace(0), "00:00");
    assert.equal(clockFace(65), "01:05");
    assert.equal(clockFace(600), "10:00");
  });
});
