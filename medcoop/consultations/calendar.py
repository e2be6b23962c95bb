"""Session invitations as iCalendar files: one UID per session for its whole life, SEQUENCE raised at each
change, and a cancelled session sent as a cancellation, so every calendar program updates the one event."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//MedCoop//Hội chẩn từ xa//VI"


def session_calendar(seen) -> bytes:
    """The event as one reader sees the session (services.session_as_seen_by): DESCRIPTION names only the
    cases they may read, ATTENDEE only the participants they may know of."""
    session = seen.session
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if session.cancelled_at else "REQUEST")
    event = Event()
    event.add("uid", f"{session.uid}@medcoop")
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.starts_at + timedelta(minutes=session.duration_minutes))
    event.add("summary", session.title)
    event.add("status", "CANCELLED" if session.cancelled_at else "CONFIRMED")
    # A REQUEST needs its ORGANIZER (RFC 5546): the owning institution, answered at the address invitations come from.
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(str(session.owner))
    event.add("organizer", organizer, encode=0)
    if session.meeting_url:
        event.add("location", session.meeting_url)
        event.add("url", session.meeting_url)
    event.add("description", "\n".join(f"{item.position + 1}. {item.case}" for item in seen.agenda))
    for participant in seen.participants:
        if participant.user.email:
            attendee = vCalAddress(f"mailto:{participant.user.email}")
            attendee.params["cn"] = vText(participant.user.display_name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
