// Presentation mode's pure logic: keys, moving within the deck, the slide a hash names
// (static/js/presentation.js).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { keyAction, moveTo, slideFromHash, slideWords } from "../../static/js/presentation.js";

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
