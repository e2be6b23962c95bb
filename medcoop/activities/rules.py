"""Who may do what with activities, their partners, figures, courses and trainees: as for every registry record
(core.rules.add_registry_perms), `activities.change_activity` on one activity included."""

from medcoop.core.rules import add_registry_perms

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
