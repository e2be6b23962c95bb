"""Who may do what with funding, its transactions and equipment: as for every registry record
(core.rules.add_registry_perms) — the receiving institution's coordinators write, registry readers read."""

from medcoop.core.rules import add_registry_perms

add_registry_perms("funding", "funding", "fundingtransaction", "receivedequipment")
