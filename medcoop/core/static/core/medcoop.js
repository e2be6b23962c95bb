// Nested rows (figures, partners, parties...): "Add a row" copies the formset's empty row and counts it.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".add-row");
  if (!button) return;
  const fieldset = button.closest("fieldset.rows");
  const prefix = fieldset.dataset.prefix;
  const total = fieldset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const html = fieldset.querySelector("template").innerHTML.replaceAll("__prefix__", total.value);
  fieldset.querySelector(".row-list").insertAdjacentHTML("beforeend", html);
  total.value = Number(total.value) + 1;
});

// Filters sent by htmx: leave out the empty ones, so the URL pushed to the address bar stays short to share.
document.addEventListener("htmx:configRequest", (event) => {
  const data = event.detail.formData;
  if (!data || event.detail.verb !== "get") return;
  for (const key of Array.from(data.keys())) {
    if (data.getAll(key).every((value) => value === "")) data.delete(key);
  }
});

// The menu's groups: opening one closes the others; a click elsewhere or Escape closes it.
function closeMenuGroups(except) {
  for (const group of document.querySelectorAll(".menu-group[open]")) if (group !== except) group.open = false;
}
document.addEventListener("toggle", (event) => {
  if (event.target.matches?.(".menu-group") && event.target.open) closeMenuGroups(event.target);
}, true);
document.addEventListener("click", (event) => {
  closeMenuGroups(event.target.closest(".menu-group"));
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeMenuGroups(null);
});
