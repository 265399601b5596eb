// Presentation mode's pure logic: keys, moving within the deck, the slide a hash names
// (static/js/presentation.js).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  keyAction,
  moveTo,
  slideAfterSwap,
  slideFromHash,
  slideWords,
  swipeAction,
  SWIPE_MAX_MS,
  SWIPE_MIN_PX,
} from "../../static/js/presentation.js";

const key = (name, modifiers = {}) => ({ key: name, altKey: false, ctrlKey: false, metaKey: false, ...modifiers });

describe("keyAction", () => {
  it("reads a keyboard's and a clicker's keys", () => {
    for (const name of ["ArrowRight", "ArrowDown", "PageDown", " "]) assert.equal(keyAction(key(name)), "next");
    for (const name of ["ArrowLeft", "ArrowUp", "PageUp"]) assert.equal(keyAction(key(name)), "previous");
    assert.equal(keyAction(key("Home")), "first");
    assert.equal(keyAction(key("End")), "last");
    assert.equal(keyAction(key("Escape")), "leave");
  });
  it("leaves other keys and shortcuts alone", () => {
    assert.equal(keyAction(key("a")), null);
    assert.equal(keyAction(key("ArrowRight", { altKey: true })), null);
    assert.equal(keyAction(key("PageDown", { ctrlKey: true })), null);
  });
  it("lets Space and Enter press the button they are on", () => {
    assert.equal(keyAction(key(" "), { onControl: true }), null);
    assert.equal(keyAction(key("Enter"), { onControl: true }), null);
    assert.equal(keyAction(key("ArrowRight"), { onControl: true }), "next");
  });
  it("never changes slide while someone types", () => {
    assert.equal(keyAction(key("ArrowLeft"), { typing: true }), null);
  });
});

describe("moveTo", () => {
  it("moves by one, or to either end", () => {
    assert.equal(moveTo("next", 2, 7), 3);
    assert.equal(moveTo("previous", 2, 7), 1);
    assert.equal(moveTo("first", 5, 7), 0);
    assert.equal(moveTo("last", 0, 7), 6);
  });
  it("stops at the ends", () => {
    assert.equal(moveTo("next", 6, 7), 6);
    assert.equal(moveTo("previous", 0, 7), 0);
  });
});

describe("slideFromHash", () => {
  const ids = ["slide-title", "slide-stage-4", "slide-curve"];
  it("finds the slide the hash names", () => {
    assert.equal(slideFromHash("#slide-stage-4", ids), 1);
    assert.equal(slideFromHash("#slide-curve", ids), 2);
  });
  it("starts at the title otherwise", () => {
    assert.equal(slideFromHash("", ids), 0);
    assert.equal(slideFromHash("#slide-stage-99", ids), 0);
    assert.equal(slideFromHash("#%E0%A4%A", ids), 0);
  });
});

describe("slideWords", () => {
  it("says where the deck is", () => {
    assert.equal(slideWords("Diapositive {number} sur {total}", 3, 7, "Achat"), "Diapositive 3 sur 7 : Achat");
    assert.equal(slideWords("Slide {number} of {total}", 1, 7, ""), "Slide 1 of 7");
  });
});

describe("swipeAction", () => {
  it("moves on a quick sideways sweep: leftwards is next, rightwards previous", () => {
    assert.equal(swipeAction(-120, 10, 200), "next");
    assert.equal(swipeAction(120, -10, 200), "previous");
    assert.equal(swipeAction(-SWIPE_MIN_PX, 0, SWIPE_MAX_MS), "next");
  });
  it("leaves taps, short nudges, slow drags and vertical scrolls alone", () => {
    assert.equal(swipeAction(0, 0, 80), null);
    assert.equal(swipeAction(-(SWIPE_MIN_PX - 1), 0, 200), null);
    assert.equal(swipeAction(-200, 0, SWIPE_MAX_MS + 1), null);
    assert.equal(swipeAction(-80, 60, 200), null);
    assert.equal(swipeAction(5, -300, 200), null);
  });
});

describe("slideAfterSwap", () => {
  const deck = (...stages) => ["slide-title", ...stages.map((n) => "slide-stage-" + n), "slide-curve", "slide-plan"];

  it("keeps the slide by its id, wherever it moved", () => {
    assert.equal(slideAfterSwap("slide-stage-2", deck(1, 2, 3), deck(1, 2, 3)), 2);
    // Stages reordered: stage 2 is now first.
    assert.equal(slideAfterSwap("slide-stage-2", deck(1, 2, 3), deck(2, 1, 3)), 1);
    // A stage added before it: further on.
    assert.equal(slideAfterSwap("slide-curve", deck(1), deck(9, 1)), 3);
  });
  it("goes to the nearest stage left when its stage was deleted", () => {
    // The next one takes its place...
    assert.equal(slideAfterSwap("slide-stage-2", deck(1, 2, 3), deck(1, 3)), 2);
    // ...else the one before.
    assert.equal(slideAfterSwap("slide-stage-3", deck(1, 2, 3), deck(1, 2)), 2);
    assert.equal(slideAfterSwap("slide-stage-2", deck(1, 2, 3, 4), deck(1, 4)), 1);
  });
  it("goes to the slide saying there is no stage once the last one is deleted, and back", () => {
    const none = ["slide-title", "slide-no-stage", "slide-curve", "slide-plan"];
    assert.equal(slideAfterSwap("slide-stage-1", deck(1), none), 1);
    assert.equal(slideAfterSwap("slide-no-stage", none, deck(5, 6)), 1);
  });
  it("stays in place, within the deck, for another slide gone", () => {
    assert.equal(slideAfterSwap("slide-gone", ["a", "b", "slide-gone"], ["a", "b"]), 1);
    assert.equal(slideAfterSwap("slide-unknown", ["a", "b"], ["a", "b"]), 0);
  });
});
