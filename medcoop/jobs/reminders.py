"""Every reminder due today, from each app that sends them (agreements, delegations, consultations): the daily
`medcoop remind` and the background job of the same name. Each app keeps its own reminders.py; each reminder goes
out once however often this runs."""

from datetime import date

from medcoop.agreements.reminders import send_reminders
from medcoop.consultations.reminders import send_consultation_reminders
from medcoop.delegations.reminders import send_delegation_reminders


def send_all(today: date | None = None) -> int:
    """The number of e-mails sent. `today` shifts the registry's dates (a catch-up run); consultations and
    sessions are always reminded from now."""
    return send_reminders(today) + send_delegation_reminders(today) + send_consultation_reminders()


def run_reminders_job(job, progress) -> dict:
    return {"sent": send_all()}
