"""The form renderer: Django's widget templates, with the commonest widgets (selects and plain inputs) written
in Python instead. A list page's filter form carries about 300 options (the countries among them); through the
templates each option is an include of two templates, and rendering them cost more than the 50 rows of the
table. The output is the templates' own, character for character; a widget whose template the project or an
app overrides (other than the empty choice's "—" below) goes through the templates as before."""

from functools import cache
from pathlib import Path

import django
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from .escaping import escaped

DJANGO_WIDGETS = Path(django.__file__).parent / "forms" / "templates" / "django" / "forms" / "widgets"
SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
INPUTS = {
    f"django/forms/widgets/{kind}.html"
    for kind in ("input", "text", "number", "email", "url", "password", "hidden", "search", "tel", "date", "time")
}
PARTS = ("django", "forms", "widgets")
DJANGO_EMPTY_LABEL = "---------"


def _attributes(attrs: dict) -> str:
    """attrs.html: a True value is a bare attribute, False leaves it out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict) -> str:
    label = option["label"]
    label = "—" if label == DJANGO_EMPTY_LABEL else escaped(label)
    return f'<option value="{escaped(str(option["value"]))}"{_attributes(option["attrs"])}>{label}</option>'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{escaped(widget["name"])}"{_attributes(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escaped(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = f' value="{escaped(str(value))}"' if value is not None else ""
    return (
        f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"'
        f"{shown}{_attributes(widget['attrs'])}>"
    )


class QuickWidgets(TemplatesSetting):
    """TemplatesSetting (the project's templates may restyle a widget), with selects and inputs in Python."""

    def render(self, template_name, context, request=None):
        if self._untouched(template_name):
            widget = context["widget"]
            html = _select(widget) if template_name == SELECT else _input(widget)
            if html is not None:
                return mark_safe(html)  # noqa: S308 - every value above is escaped
        return super().render(template_name, context, request)

    @cache  # noqa: B019 - one renderer per process; the templates do not change while it runs
    def _untouched(self, template_name: str) -> bool:
        """Whether the template is Django's own, and so is what the functions above write."""
        if template_name != SELECT and template_name not in INPUTS:
            return False
        wanted = {template_name, OPTION, "django/forms/widgets/attrs.html"}
        if template_name in INPUTS:
            wanted.add("django/forms/widgets/input.html")
        for name in wanted:
            origin = Path(self.get_template(name).origin.name)
            if name == OPTION and origin.parent.parts[-6:] == ("medcoop", "core", "templates", *PARTS):
                continue  # the project's own option: Django's, with "—" for the empty choice (as _option writes)
            if origin.parent != DJANGO_WIDGETS:
                return False
        return True
