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

// Searchable selects (Tom Select, installed at set-up and served by MedCoop): every multiple choice (specialties,
// scope, parties) and every long list (partners, agreements, countries, currencies) can be typed into; an input
// with data-autocomplete (ICD-10) asks the server. Without this script they stay plain selects and inputs.
const LONG_LIST = 12;
// Tom Select points the field's label at its own input; the original, hidden field keeps the label's name too.
function keepLabel(field) {
  const label = document.querySelector(`label[for="${field.id}"]`) || document.querySelector(`label[for="${field.id}-ts-control"]`);
  if (!label) return;
  label.id ||= `${field.id}-label`;
  field.setAttribute("aria-labelledby", label.id);
}
// Tom Select's own words (a choice's remove button, a search that finds nothing) in the page's language, from <body>.
function tomSelectTexts() {
  const texts = document.body.dataset;
  return {
    plugins: { remove_button: { title: texts.removeChoice || "Remove" } },
    render: { no_results: (data, escape) => `<div class="no-results">${escape(texts.noResults || "No results found")}</div>` },
  };
}
function searchable(root) {
  if (!window.TomSelect) return;
  const texts = tomSelectTexts();
  for (const select of root.querySelectorAll("select")) {
    if (select.tomselect || select.closest("template, .filters") && !select.multiple) continue;
    if (!select.multiple && select.options.length <= LONG_LIST) continue;
    new TomSelect(select, {
      plugins: select.multiple ? texts.plugins : [],
      render: texts.render,
      maxOptions: null,
      allowEmptyOption: true,
      hidePlaceholder: true,
    });
    keepLabel(select);
  }
  for (const input of root.querySelectorAll("input[data-autocomplete]")) {
    if (input.tomselect) continue;
    const url = input.dataset.autocomplete;
    new TomSelect(input, {
      maxItems: 1,
      create: false,
      valueField: "code",
      labelField: "label",
      searchField: [],
      score: () => () => 1, // the server has already matched codes and words, accents aside
      render: texts.render,
      shouldLoad: (query) => query.trim().length > 0,
      load: (query, callback) => {
        fetch(`${url}?q=${encodeURIComponent(query)}`, { credentials: "same-origin" })
          .then((response) => response.json())
          .then((data) => callback(data.results))
          .catch(() => callback());
      },
    });
    keepLabel(input);
  }
}
document.addEventListener("DOMContentLoaded", () => searchable(document));
document.addEventListener("htmx:afterSettle", (event) => searchable(event.target));
document.addEventListener("click", (event) => {
  const button = event.target.closest(".add-row");
  if (button) searchable(button.closest("fieldset.rows").querySelector(".row-list"));
});
