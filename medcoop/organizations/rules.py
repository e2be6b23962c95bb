"""Who may do what with organizations and their contacts: the registry's readers read their institution's (or,
for the ministry and the administrator, every institution's); its coordinators create, change and delete them."""

import rules

from medcoop.core.rules import add_registry_perms, editable, writes_registry

add_registry_perms("organizations", "organization", "contact")

# Merging a duplicate into the organization kept, and undoing that merge: whoever may change both.
rules.add_perm("organizations.merge_organization", writes_registry & editable)
