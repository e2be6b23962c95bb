"""What the case workflow tells the apps that stand on consultations, which it does not import (no cycles).

- `case_leaving`: the case is about to go to its partner experts abroad (submit, reassign). A receiver refuses
  by raising ValidationError, and the step changes nothing (it runs inside the step's transaction).
- `case_sent`: the case was sent (submit), in the same transaction; receivers record what follows.

`medcoop.privacy` connects both in its AppConfig.ready (the consent in force, the transfer register). A case is
never sent unchecked: with no receiver of `case_leaving` the step is refused as a configuration error."""

from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal

case_leaving = Signal()
case_sent = Signal()


def check_leaving(user, case) -> None:
    if not case_leaving.has_listeners():
        raise ImproperlyConfigured("No app checks the patient's consent before a case leaves (medcoop.privacy).")
    case_leaving.send(sender=type(case), user=user, case=case)


def sent(user, case) -> None:
    case_sent.send(sender=type(case), user=user, case=case)
