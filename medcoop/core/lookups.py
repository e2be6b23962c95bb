"""`__in` on an integer column leaves out the values the column cannot hold: they match no row, and passed on
they make the driver raise (SQLite: OverflowError), so a crafted 22-digit id in a form's or the API's list of
choices answered 500. Django already treats `exact`, `gt`, `lt` and the rest this way; this is its rule for `in`."""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
