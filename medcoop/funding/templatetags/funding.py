"""The funding section of an agreement's or an activity's page: its fundings and their totals per currency.
A template tag, so the pages of the lower layers show funding without their views importing this app."""

from django import template

from medcoop.core.rules import perm_name

from ..models import Funding
from ..services import totals_of_rows

register = template.Library()


@register.inclusion_tag("funding/_section.html", takes_context=True)
def funding_section(context, record):
    """`record` is an Agreement or an Activity; what its reader may see of the fundings under it."""
    user = context["request"].user
    field = record._meta.model_name
    fundings = list(Funding.objects.visible_to(user).filter(**{field: record}).select_related("donor").with_flows())
    return {
        "fundings": fundings,
        "totals": totals_of_rows(fundings),
        "can_add": user.has_perm("funding.add_funding") and user.has_perm(perm_name(type(record), "change"), record),
        "field": field,
        "record": record,
    }
