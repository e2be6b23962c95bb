"""Who may do what with accounts: the administrator keeps the member institutions' settings on the admin site;
a coordinator invites partner experts of their institution's partners (core.manage_partner_invitations)."""

import rules

from medcoop.core.rules import runs_the_site

rules.add_perm("accounts", runs_the_site)
for _action in ("view", "add", "change"):
    rules.add_perm(f"accounts.{_action}_memberinstitution", runs_the_site)
