"""The iCalendar feed of a user: the missions, visits and delegations in and out they may see, and the consultation sessions they may
see, as one calendar that updates itself."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from medcoop.activities.models import Activity, ActivityStatus
from medcoop.consultations.models import Session
from medcoop.delegations.models import Delegation

from .services import VISIT_KINDS

FEED_DAYS_BACK = 365


def user_calendar(user) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//MedCoop//Lịch hợp tác quốc tế//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"MedCoop — {user.display_name}")
    since = timezone.localdate() - timedelta(days=FEED_DAYS_BACK)
    activities = (
        Activity.objects.visible_to(user)
        .filter(kind__in=VISIT_KINDS, start_on__gte=since)
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("kind")
    )
    for activity in activities:
        event = Event()
        event.add("uid", f"activity-{activity.pk}@medcoop")
        event.add("dtstamp", activity.updated_at)
        event.add("dtstart", activity.start_on)
        event.add("dtend", (activity.end.last_day if activity.end else activity.start_on) + timedelta(days=1))
        event.add("summary", f"{activity.title} ({activity.kind})")
        if activity.place:
            event.add("location", activity.place)
        event.add("url", f"{settings.MEDCOOP_BASE_URL.rstrip('/')}{activity.get_absolute_url()}")
        calendar.add_component(event)
    for delegation in Delegation.objects.visible_to(user).open().filter(end_on__gte=since):
        event = Event()
        event.add("uid", f"delegation-{delegation.pk}@medcoop")
        event.add("dtstamp", delegation.updated_at)
        event.add("dtstart", delegation.start_on)
        event.add("dtend", delegation.end_on + timedelta(days=1))
        event.add("summary", f"{delegation.title} ({delegation.get_kind_display()})")
        event.add("status", "CONFIRMED" if delegation.decision_on else "TENTATIVE")
        if delegation.place:
            event.add("location", delegation.place)
        event.add("url", f"{settings.MEDCOOP_BASE_URL.rstrip('/')}{delegation.get_absolute_url()}")
        calendar.add_component(event)
    for session in Session.objects.visible_to(user).filter(starts_at__date__gte=since):
        event = Event()
        event.add("uid", f"{session.uid}@medcoop")
        event.add("sequence", session.sequence)
        event.add("dtstamp", session.updated_at)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.starts_at + timedelta(minutes=session.duration_minutes))
        event.add("summary", session.title)
        event.add("status", "CANCELLED" if session.cancelled_at else "CONFIRMED")
        if session.meeting_url:
            event.add("location", session.meeting_url)
        calendar.add_component(event)
    return calendar.to_ical()
