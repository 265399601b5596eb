// Which keys undo and redo on the map (static/js/live/undo.js).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { shortcut } from "../../static/js/live/undo.js";

function key(key, { ctrl = false, meta = false, shift = false, alt = false } = {}) {
  return { key, ctrlKey: ctrl, metaKey: meta, shiftKey: shift, altKey: alt };
}

describe("shortcut", () => {
  it("undoes with Ctrl+Z and Cmd+Z", () => {
    assert.equal(shortcut(key("z", { ctrl: true })), "undo");
    assert.equal(shortcut(key("z", { meta: true })), "undo");
  });

  it("redoes with Ctrl+Shift+Z (the key then reads Z) and Ctrl+Y", () => {
    assert.equal(shortcut(key("Z", { ctrl: true, shift: true })), "redo");
    assert.equal(shortcut(key("y", { ctrl: true })), "redo");
  });

  it("leaves plain typing, AltGr and other shortcuts alone", () => {
    assert.equal(shortcut(key("z")), null);
    assert.equal(shortcut(key("z", { ctrl: true, alt: true })), null);
    assert.equal(shortcut(key("s", { ctrl: true })), null);
  });
});
