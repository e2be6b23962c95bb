"""Who may do what with organizations and their contacts: the registry's readers read their institution's (or,
for the ministry and the administrator, every institution's); its coordinators create, change and delete them."""

from medcoop.core.rules import add_registry_perms

add_registry_perms("organizations", "organization", "contact")
