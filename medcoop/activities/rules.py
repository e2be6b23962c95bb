"""Who may do what with activities, their partners, figures, courses and trainees: as for every registry record
(core.rules.add_registry_perms), `activities.change_activity` on one activity included."""

import rules

from medcoop.core.rules import add_registry_perms, editable, writes_registry

add_registry_perms(
    "activities",
    "activity",
    "activitypartner",
    "figure",
    "trainingcourse",
    "trainingcohort",
    "trainee",
    "technologytransfer",
    "visitdetail",
)

# Merging a duplicate activity into the one kept, and undoing that merge: whoever may change both.
rules.add_perm("activities.merge_activity", writes_registry & editable)
