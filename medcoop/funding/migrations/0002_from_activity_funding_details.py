"""The funding details kept on activities (one per activity, admin-only) become fundings: the same donor,
amount, currency and purpose under the same activity (and its agreement), their equipment text one item a line.
The activities app then drops its model (activities.0007)."""

from django.db import migrations


def copy_details(apps, schema_editor):
    from medcoop.core.text import search_document

    FundingDetail = apps.get_model("activities", "FundingDetail")
    Funding = apps.get_model("funding", "Funding")
    ReceivedEquipment = apps.get_model("funding", "ReceivedEquipment")
    for detail in FundingDetail.objects.select_related("activity", "donor").iterator():
        activity = detail.activity
        funding = Funding.objects.create(
            owner_id=activity.owner_id,
            title=activity.title[:300],
            donor_id=detail.donor_id,
            amount=detail.amount,
            currency=detail.currency,
            committed_on=activity.start_on,
            activity_id=activity.pk,
            agreement_id=activity.agreement_id,
            purpose=detail.purpose,
            search_text=search_document(activity.title, detail.purpose, detail.donor.name),
        )
        for line in detail.equipment.splitlines():
            if line.strip():
                ReceivedEquipment.objects.create(funding=funding, item=line.strip()[:300])


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_initial"),
        ("activities", "0006_training_pages_and_certificates"),
    ]

    operations = [migrations.RunPython(copy_details, migrations.RunPython.noop)]
