"""Daily reminders to coordinators about technique transfers whose milestone is overdue (its planned date has
passed and it is not recorded), through the agreements' digest e-mail. Each is sent once per milestone and
planned date (SentReminder), so a daily run is safe and a new planned date reminds again. The e-mail names the
technique and the milestone only: no experts, notes or cases."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from medcoop.agreements.reminders import Digest, send_digests, unsent

from .models import TechnologyTransfer, TransferStage


def build_digests(today: date) -> list[Digest]:
    digests: dict[int, Digest] = {}
    for transfer in TechnologyTransfer.objects.overdue(today).select_related("owner").order_by("pk"):
        for field, stage in TechnologyTransfer.MILESTONES:
            planned = getattr(transfer, TechnologyTransfer.PLANNED[field])
            if getattr(transfer, field) or not planned or planned >= today:
                continue
            digests.setdefault(transfer.owner_id, Digest(transfer.owner)).add(
                f"transfer:{transfer.pk}:{field}:{planned}",
                _("Technique transfer “%(technique)s”: “%(milestone)s” was planned for %(date)s and is not recorded.")
                % {
                    "technique": transfer.technique,
                    "milestone": TransferStage(stage).label,
                    "date": f"{planned:%d/%m/%Y}",
                },
            )
            break  # the earliest milestone missed says what to do next
    return unsent(list(digests.values()))


def send_transfer_reminders(today: date | None = None) -> int:
    return send_digests(build_digests(today or timezone.localdate()))
