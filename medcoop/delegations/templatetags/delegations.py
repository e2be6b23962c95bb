"""What other apps' pages show of delegations: an agreement's permission to sign."""

from django import template

from ..models import Kind, Status

register = template.Library()


@register.inclusion_tag("delegations/_signing_permission.html")
def signing_permission(agreement):
    """The agreement's request for permission to sign (the agreement is already visible to the reader, and a
    case linked to it belongs to the same institution)."""
    cases = agreement.delegations.filter(kind=Kind.SIGNING).exclude(status__in=[Status.CANCELLED, Status.DRAFT])
    return {"cases": list(cases.order_by("-created_at")[:3])}
