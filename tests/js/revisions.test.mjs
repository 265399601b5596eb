// Revision order, gap detection and catch-up of the live map (static/js/live/revisions.js).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { GAP_WAIT_MS, RevisionQueue, Revisions } from "../../static/js/live/revisions.js";

// A tab at `applied`, with a fake clock and a fake server; `drawn` lists what it applied.
function tab({ applied = 10, answers = [] } = {}) {
  const drawn = [];
  const timers = [];
  const asked = [];
  const refusals = [];
  const revisions = new Revisions({
    applied,
    apply: (change) => drawn.push(change.caughtUp ? `catch-up to ${change.revision}` : change.html),
    fetchChanges: (since) => {
      asked.push(since);
      const { status = 200, body = null } = answers.shift() || {};
      return Promise.resolve({ status, ok: status === 200, json: () => Promise.resolve(body) });
    },
    refused: (state) => refusals.push(state),
    wait: (callback, ms) => timers.push({ callback, ms }),
  });
  const elapse = () => timers.splice(0).forEach(({ callback }) => callback());
  return { revisions, drawn, timers, asked, refusals, elapse };
}

describe("RevisionQueue", () => {
  it("gives changes back in revision order, whatever order they came in", () => {
    const queue = new RevisionQueue(10);
    queue.add(13, "c");
    queue.add(11, "a");
    queue.add(12, "b");
    const order = [];
    let change;
    while ((change = queue.next(false))) order.push(change);
    assert.deepEqual(order, ["a", "b", "c"]);
    assert.equal(queue.applied, 13);
  });

  it("drops a revision already applied: the author gets its change twice", () => {
    const queue = new RevisionQueue(10);
    assert.equal(queue.add(10, "again"), false);
    assert.equal(queue.add(9, "older"), false);
    assert.equal(queue.add(Number.NaN, "no revision"), false);
    assert.equal(queue.next(false), null);
  });

  it("holds others' changes while the tab's own requests are in flight, not its own answer", () => {
    const queue = new RevisionQueue(10);
    queue.add(11, { html: "theirs" });
    assert.equal(queue.next(true), null);
    assert.deepEqual(queue.next(false), { html: "theirs" });
    queue.add(12, { html: "mine", submitted: "form" });
    assert.deepEqual(queue.next(true), { html: "mine", submitted: "form" });
  });

  it("sees a gap when later revisions arrived and the next one did not", () => {
    const queue = new RevisionQueue(10);
    assert.equal(queue.hasGap(), false);
    queue.add(12, "b");
    assert.equal(queue.hasGap(), true);
    queue.add(11, "a");
    assert.equal(queue.hasGap(), false);
  });

  it("forgets what a catch-up covered and keeps what came after it", () => {
    const queue = new RevisionQueue(10);
    queue.add(12, "b");
    queue.add(15, "e");
    queue.add(16, "f");
    assert.equal(queue.skipTo(14), true);
    assert.equal(queue.applied, 14);
    assert.deepEqual([...queue.pending.keys()], [15, 16]);
    assert.equal(queue.next(false), "e");
    assert.equal(queue.skipTo(13), false, "a catch-up older than the page changes nothing");
  });
});

describe("Revisions", () => {
  it("applies a change as soon as it is the next one", () => {
    const { revisions, drawn, timers } = tab();
    revisions.receive(11, { html: "a" });
    revisions.receive(11, { html: "a, by socket" });
    assert.deepEqual(drawn, ["a"]);
    assert.equal(revisions.applied, 11);
    assert.equal(timers.length, 0);
  });

  it("waits a moment for a late change before asking the server", () => {
    const { revisions, drawn, timers, asked, elapse } = tab();
    revisions.receive(12, { html: "b" });
    revisions.receive(13, { html: "c" });
    assert.deepEqual(drawn, []);
    assert.equal(timers.length, 1, "one timer for the gap, not one per change");
    assert.equal(timers[0].ms, GAP_WAIT_MS);
    revisions.receive(11, { html: "a" });
    assert.deepEqual(drawn, ["a", "b", "c"]);
    elapse();
    assert.deepEqual(asked, [], "the late change came: nothing to ask");
  });

  it("asks for everything after the last revision applied when the gap stays", async () => {
    const { revisions, drawn, asked, elapse } = tab({
      answers: [{ body: { revision: 13, html: "all since 10" } }],
    });
    revisions.receive(13, { html: "c" });
    revisions.receive(14, { html: "d" });
    elapse();
    assert.deepEqual(asked, [10]);
    await settled();
    assert.deepEqual(drawn, ["catch-up to 13", "d"]);
    assert.equal(revisions.applied, 14);
  });

  it("does not ask while the tab's own requests are in flight, and asks once they end", async () => {
    const { revisions, asked } = tab({ answers: [{ body: { revision: 10, html: "" } }] });
    revisions.requestStarted();
    revisions.catchUp();
    assert.deepEqual(asked, []);
    revisions.requestEnded();
    assert.deepEqual(asked, [10]);
    await settled();
  });

  it("draws a catch-up that lands while the tab's own request is in flight after it", async () => {
    const { revisions, drawn } = tab({ answers: [{ body: { revision: 13, html: "x" } }] });
    const asking = revisions.catchUp();
    revisions.requestStarted();
    await asking;
    assert.deepEqual(drawn, [], "nothing is redrawn under a request on its way");
    revisions.requestEnded();
    assert.deepEqual(drawn, ["catch-up to 13"]);
    assert.equal(revisions.applied, 13);
  });

  it("applies others' changes that waited once the tab's own request is answered", () => {
    const { revisions, drawn } = tab();
    revisions.requestStarted();
    revisions.receive(11, { html: "theirs" });
    assert.deepEqual(drawn, []);
    revisions.receive(12, { html: "mine", submitted: "form" });
    assert.deepEqual(drawn, []);
    revisions.requestEnded();
    assert.deepEqual(drawn, ["theirs", "mine"]);
  });

  it("runs one catch-up at a time, and again after one asked meanwhile", async () => {
    const { revisions, asked } = tab({
      answers: [{ body: { revision: 12, html: "x" } }, { body: { revision: 12, html: "" } }],
    });
    revisions.catchUp();
    revisions.catchUp();
    assert.deepEqual(asked, [10]);
    await settled();
    assert.deepEqual(asked, [10, 12]);
  });

  it("stops when the map is gone or access denied", async () => {
    const { revisions, refusals, asked } = tab({ answers: [{ status: 404 }] });
    revisions.catchUp();
    await settled();
    assert.deepEqual(refusals, ["gone"]);
    revisions.stop();
    revisions.catchUp();
    assert.deepEqual(asked, [10], "a stopped tab asks nothing more");

    const denied = tab({ answers: [{ status: 403 }] });
    denied.revisions.catchUp();
    await settled();
    assert.deepEqual(denied.refusals, ["denied"]);
  });

  it("keeps the page as it is when the server cannot be reached", async () => {
    const revisions = new Revisions({
      applied: 10,
      apply: () => assert.fail("nothing to apply"),
      fetchChanges: () => Promise.reject(new TypeError("offline")),
      refused: () => assert.fail("not a refusal"),
    });
    await revisions.catchUp();
    assert.equal(revisions.catchingUp, false);
    assert.equal(revisions.applied, 10);
  });
});

// Lets the fake server's promises run to their end.
function settled() {
  return new Promise((resolve) => setImmediate(resolve));
}

describe("Revisions' own clock", () => {
  it("calls setTimeout as a plain function, as browsers require (not as its method)", () => {
    const original = globalThis.setTimeout;
    const waits = [];
    // Like a browser's: called with another `this`, it throws "Illegal invocation".
    globalThis.setTimeout = function (callback, ms) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
      waits.push(ms);
      return 1;
    };
    try {
      const revisions = new Revisions({
        applied: 10,
        apply: () => {},
        fetchChanges: () => Promise.resolve({ status: 200, ok: true, json: () => Promise.resolve(null) }),
        refused: () => {},
      });
      revisions.receive(12, { html: "<p>12</p>" });
      assert.deepEqual(waits, [GAP_WAIT_MS]);
    } finally {
      globalThis.setTimeout = original;
    }
  });
});
