// Each cell of the map has a "+ Card" panel but no form of its own: the page
// carries one (<template id="add-card-form">), copied into a panel when it
// opens. Ninety-six hidden forms made a big map page heavy to send and render.
// The copy keeps what a cell's own form had: its id (new-card-<stage>-<lane>,
// which a refusal from the server replaces and drafts keep across redraws),
// the cell's stage and lane, and the fields of the lane's kind.
export function fillAddCard(details) {
  if (!details.matches("details.add-card") || details.querySelector("form")) return;
  const template = document.getElementById("add-card-form");
  if (!template) return;
  const form = template.content.firstElementChild.cloneNode(true);
  const id = "new-card-" + details.dataset.stage + "-" + details.dataset.lane;
  form.id = id;
  form.elements.form_id.value = id;
  form.elements.stage.value = details.dataset.stage;
  form.elements.lane.value = details.dataset.lane;
  for (const group of form.querySelectorAll("[data-lane-kind]")) {
    if (group.dataset.laneKind === details.dataset.laneKind) group.replaceWith(...group.children);
    else group.remove();
  }
  for (const field of form.querySelectorAll("[data-id]")) field.id = id + "-" + field.dataset.id;
  for (const label of form.querySelectorAll("label[data-for]")) label.htmlFor = id + "-" + label.dataset.for;
  details.appendChild(form);
  if (window.htmx) window.htmx.process(form);
}
