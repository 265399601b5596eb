// The live map's words, in the page's language: data-msg-* attributes of #live.
export function text(name) {
  const root = document.getElementById("live");
  return (root && root.dataset[name]) || "";
}
