"""Activities: saving one with its partners, figures and specialties as a whole."""
from django.core.exceptions import ValidationError
from django.db import transaction

from medcoop.core.services import prefixed_errors, require_can_write, save_validated

from .models import Activity, ActivityPartner, Figure


@transaction.atomic
def save_activity(user, activity: Activity, *, partners: list[dict] | None = None,
                  figures: list[dict] | None = None, specialties=None) -> Activity:
    """Create or update an activity; `partners` and `figures` replace the existing ones when given.

    Everything is validated in one transaction: a bad figure leaves no activity behind.
    """
    require_can_write(user, activity.owner_id)
    if activity.pk:
        require_can_write(user, Activity.objects.get(pk=activity.pk).owner_id)
    save_validated(activity)
    if specialties is not None:
        activity.specialties.set(specialties)
    if partners is not None:
        activity.partners.all().delete()
        for index, fields in enumerate(partners):
            try:
                save_validated(ActivityPartner(activity=activity, **fields))
            except ValidationError as error:
                raise prefixed_errors("partners", index, error) from error
    if figures is not None:
        activity.figures.all().delete()
        for index, fields in enumerate(figures):
            fields = {"unit": fields["metric"].unit, **fields}
            try:
                save_validated(Figure(activity=activity, **fields))
            except ValidationError as error:
                raise prefixed_errors("figures", index, error) from error
    return activity
