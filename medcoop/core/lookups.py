"""Lists of ids that come from users (a form's or the API's choices) are checked against the column's range where
they come in: an id no column could hold matches no row, yet passed on to `__in` it makes the driver raise
(SQLite: OverflowError), so a crafted 22-digit id answered 500. Django already treats `exact`, `gt` and the rest
this way; `IdsChoiceField` does it for lists, explicitly, in the forms that take them (no global lookup)."""

from django import forms
from django.db import connections


def in_column_range(values, field, using: str = "default") -> bool:
    """Whether every value is an integer the column `field` can hold (values that are not integers are left to
    the field's own validation)."""
    low, high = connections[using].ops.integer_field_range(field.get_internal_type())
    for value in values:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if (low is not None and number < low) or (high is not None and number > high):
            return False
    return True


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose ids are checked against the key's column range before any query: an id out
    of range is an invalid choice, as a missing one is."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        if field.get_internal_type() in connections[self.queryset.db].ops.integer_field_ranges and not (
            in_column_range(value, field, self.queryset.db)
        ):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "…"}
            )
        return super()._check_values(value)
