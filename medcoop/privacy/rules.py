"""Who may do what with consents and transfers: the requesting institution's staff read them; those who may
change the case (its clinician, its coordinators) withdraw a consent while it is in force."""

import rules

from medcoop.consultations.rules import is_requester
from medcoop.core.rules import is_institution_staff, readable

in_force = rules.predicate(lambda user, consent: consent.in_force)
case_requester = rules.predicate(lambda user, consent: is_requester(user, consent.case))

rules.add_perm("privacy", is_institution_staff)
rules.add_perm("privacy.view_consent", is_institution_staff & readable)
rules.add_perm("privacy.view_transfer", is_institution_staff & readable)
rules.add_perm("privacy.withdraw_consent", is_institution_staff & case_requester & in_force)
# A consent's steps, in the page's order.
CONSENT_PERMS = {"withdraw": "privacy.withdraw_consent"}
