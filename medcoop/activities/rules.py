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
# A technique transfer's steps: the next milestone reached, the independent cases counted once the team works
# alone, the transfer stopped (or taken up again). Only those who may change the transfer take them.
may_change_transfer = writes_registry & editable
transfer_open = rules.predicate(lambda user, transfer: not transfer.stopped_on and transfer.next_milestone is not None)
works_alone = rules.predicate(lambda user, transfer: bool(transfer.first_independent_on) and not transfer.stopped_on)
stopped = rules.predicate(lambda user, transfer: bool(transfer.stopped_on))
rules.add_perm("activities.record_milestone", may_change_transfer & transfer_open)
rules.add_perm("activities.record_cases", may_change_transfer & works_alone)
rules.add_perm("activities.stop_transfer", may_change_transfer & transfer_open)
rules.add_perm("activities.resume_transfer", may_change_transfer & stopped)
TRANSFER_PERMS = {
    "milestone": "activities.record_milestone",
    "cases": "activities.record_cases",
    "stop": "activities.stop_transfer",
    "resume": "activities.resume_transfer",
}
