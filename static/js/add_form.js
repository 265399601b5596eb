// Each stage has a "+ Touchpoint" panel and each cell a "+ Card" panel, but
// none has a form of its own: the page carries one of each (<template
// id="add-touchpoint-form">, <template id="add-card-form">), copied into a
// panel when it opens. A hundred hidden forms made a big map page heavy to
// send and to render. The panel says what its copy needs:
//   data-add-form  the template's id;
//   data-form-id   the form's id (new-card-<stage>-<lane>: a refusal from the
//                  server replaces the form by it, drafts keep it across redraws),
//                  its fields' ids derive from it;
//   data-stage, data-lane  the hidden fields of the same names;
//   data-lane-kind  keeps the fields of that lane kind (figure, cause), drops the others.
export function fillAddForm(details) {
  const template = details.dataset.addForm && document.getElementById(details.dataset.addForm);
  if (!template || details.querySelector("form")) return;
  const form = template.content.firstElementChild.cloneNode(true);
  const id = details.dataset.formId;
  form.id = id;
  form.elements.form_id.value = id;
  for (const name of ["stage", "lane"]) {
    if (form.elements[name]) form.elements[name].value = details.dataset[name];
  }
  for (const group of form.querySelectorAll("[data-lane-kind]")) {
    if (group.dataset.laneKind === details.dataset.laneKind) group.replaceWith(...group.children);
    else group.remove();
  }
  for (const field of form.querySelectorAll("[data-id]")) field.id = id + "-" + field.dataset.id;
  for (const label of form.querySelectorAll("label[data-for]")) label.htmlFor = id + "-" + label.dataset.for;
  details.appendChild(form);
  if (window.htmx) window.htmx.process(form);
}
