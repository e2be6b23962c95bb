"""Activities: saving one with its partners, figures and specialties as a whole."""

from django.db import transaction

from medcoop.core.services import replace_rows, require_can_save, save_validated

from .models import Activity, ActivityPartner, Figure


@transaction.atomic
def save_activity(
    user, activity: Activity, *, partners: list[dict] | None = None, figures: list[dict] | None = None, specialties=None
) -> Activity:
    """Create or update an activity; `partners` and `figures` replace the existing ones when given (a row with
    the "pk" of an existing one updates it, so its id and history stay; see core.services.replace_rows).

    Everything is validated in one transaction: a bad figure leaves no activity behind.
    """
    require_can_save(user, activity)
    save_validated(activity)
    if specialties is not None:
        activity.specialties.set(specialties)
    if partners is not None:
        replace_rows("partners", activity.partners.all(), partners, lambda: ActivityPartner(activity=activity))
    if figures is not None:
        rows = [{"unit": fields["metric"].unit, **fields} for fields in figures]
        replace_rows("figures", activity.figures.all(), rows, lambda: Figure(activity=activity))
    return activity
