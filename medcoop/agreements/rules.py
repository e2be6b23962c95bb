"""Who may do what with agreements, their parties, commitments and signed documents: as for every registry
record (core.rules.add_registry_perms)."""

from medcoop.core.rules import add_registry_perms

add_registry_perms("agreements", "agreement", "agreementparty", "commitment", "agreementdocument")
