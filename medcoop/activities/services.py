"""Activities: saving one with its partners, figures and specialties as a whole."""

from django.db import transaction

from medcoop.core.services import require_can_save, save_rows, save_validated

from .models import Activity, ActivityPartner, Figure


@transaction.atomic
def save_activity(
    user, activity: Activity, *, partners: list[dict] | None = None, figures: list[dict] | None = None, specialties=None
) -> Activity:
    """Create or update an activity; `partners` and `figures` replace the existing ones when given.

    Everything is validated in one transaction: a bad figure leaves no activity behind.
    """
    require_can_save(user, activity)
    save_validated(activity)
    if specialties is not None:
        activity.specialties.set(specialties)
    if partners is not None:
        activity.partners.all().delete()
        save_rows("partners", [ActivityPartner(activity=activity, **fields) for fields in partners])
    if figures is not None:
        activity.figures.all().delete()
        save_rows(
            "figures", [Figure(activity=activity, **{"unit": fields["metric"].unit, **fields}) for fields in figures]
        )
    return activity
