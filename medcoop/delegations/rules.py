"""Delegations as named permissions: the registry's view/add/change/delete of core.rules, and the identity
right, which follows the institution's identity readers (patients.rules) rather than a permission the admin site
could grant. The steps of a case are the predicates of `authorization`, which the pages, API and reminders ask."""

import rules

from medcoop.core.rules import add_registry_perms, is_institution_staff
from medcoop.patients.rules import holds_identity_right

add_registry_perms("delegations", "delegation", "member", "annualplan")
rules.add_perm("delegations.view_member_identity", is_institution_staff & holds_identity_right)
