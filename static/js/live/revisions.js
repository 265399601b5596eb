// Every change of the map reaches the tab in revision order. Changes arrive two
// ways, as the same message: through the map's WebSocket, and as the HTTP answer
// to this tab's own edits. A gap (a dropped connection, a lost message) is filled
// by asking the server for everything after the last revision applied.
// No DOM here: the page hands in how to apply a change and how to fetch.

export const GAP_WAIT_MS = 400;

// The changes that arrived early, waiting for the ones before them.
export class RevisionQueue {
  constructor(applied) {
    this.applied = applied;
    this.pending = new Map();
  }

  // Holds a change until its turn. One already applied is dropped: the author
  // gets its own change twice, by socket and by HTTP.
  add(revision, change) {
    if (!(revision > this.applied)) return false;
    this.pending.set(revision, change);
    return true;
  }

  // The next change in order, or null. While `busy` (this tab's own requests are
  // in flight), others' changes wait, so that htmx never finishes a request on a
  // form that was swapped away; the answer to this tab's own request
  // (`change.submitted`) goes through.
  next(busy) {
    const change = this.pending.get(this.applied + 1);
    if (!change || (busy && !change.submitted)) return null;
    this.pending.delete(this.applied + 1);
    this.applied += 1;
    return change;
  }

  // Later revisions arrived, the next one did not: it was lost, or is late.
  hasGap() {
    return this.pending.size > 0 && !this.pending.has(this.applied + 1);
  }

  // A catch-up brought the page to `revision`: what is held up to it is stale.
  skipTo(revision) {
    if (!(revision > this.applied)) return false;
    this.applied = revision;
    for (const held of this.pending.keys()) {
      if (held <= revision) this.pending.delete(held);
    }
    return true;
  }
}

// The queue, the tab's requests in flight, and the catch-up request.
//   apply(change)        draws a change: { html, submitted } or, from a catch-up,
//                        { html, revision, caughtUp: true }
//   fetchChanges(since)  a fetch() of the changes after `since`
//   refused(state)       the map is "gone" or access "denied": stop
//   wait(callback, ms)   setTimeout, replaceable in tests
export class Revisions {
  // setTimeout is called through a wrapper: as a method of this object the browser
  // refuses it ("Illegal invocation").
  constructor({ applied, apply, fetchChanges, refused, wait = (callback, ms) => setTimeout(callback, ms) }) {
    this.queue = new RevisionQueue(applied);
    this.apply = apply;
    this.fetchChanges = fetchChanges;
    this.refused = refused;
    this.wait = wait;
    this.requests = 0;
    this.gapTimer = null;
    this.catchingUp = false;
    this.catchUpAgain = false;
    // A catch-up answered while this tab's own request was in flight: drawn after it.
    this.caughtUp = null;
    this.stopped = false;
  }

  get applied() {
    return this.queue.applied;
  }

  receive(revision, change) {
    if (this.queue.add(revision, change)) this.drain();
  }

  drain() {
    let change;
    while ((change = this.queue.next(this.requests > 0))) this.apply(change);
    if (this.queue.hasGap() && !this.gapTimer) {
      // The missing change may only be late: give it a moment before asking.
      this.gapTimer = this.wait(() => {
        this.gapTimer = null;
        if (this.queue.hasGap()) this.catchUp();
      }, GAP_WAIT_MS);
    }
  }

  requestStarted() {
    this.requests += 1;
  }

  requestEnded() {
    this.requests = Math.max(0, this.requests - 1);
    if (this.requests > 0) return;
    this.drawCaughtUp();
    this.drain();
    if (this.catchUpAgain) {
      this.catchUpAgain = false;
      this.catchUp();
    }
  }

  // Asks for every change after the last one applied. One request at a time, and
  // none while this tab's own are in flight: it runs again once they are answered.
  catchUp() {
    if (this.stopped) return undefined;
    if (this.catchingUp || this.requests > 0) {
      this.catchUpAgain = true;
      return undefined;
    }
    this.catchingUp = true;
    return this.fetchChanges(this.queue.applied)
      .then((response) => {
        if (response.status === 403 || response.status === 404) {
          this.refused(response.status === 404 ? "gone" : "denied");
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then((message) => {
        // Asked while idle, but the person may have sent something since: redrawing
        // now would swap away the form whose request is on its way.
        if (message) this.caughtUp = message;
        if (this.requests === 0) this.drawCaughtUp();
        this.drain();
      })
      .catch(() => {
        // Offline: the next reconnect asks again.
      })
      .then(() => {
        this.catchingUp = false;
        if (this.catchUpAgain && this.requests === 0) {
          this.catchUpAgain = false;
          this.catchUp();
        }
      });
  }

  drawCaughtUp() {
    const message = this.caughtUp;
    this.caughtUp = null;
    if (message && this.queue.skipTo(message.revision)) {
      this.apply({ html: message.html, revision: message.revision, caughtUp: true });
    }
  }

  stop() {
    this.stopped = true;
  }
}
