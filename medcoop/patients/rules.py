"""Who may do what with patient episodes: the member institution's staff read its episodes, its coordinators
create, change and move them along the status board."""

import rules

from medcoop.core.rules import creatable, editable, is_institution_staff, is_leadership, readable, writes_registry

from .models import IdentityReader

reads_patients = is_institution_staff
may_change = writes_registry & editable

rules.add_perm("patients", reads_patients)
rules.add_perm("patients.view_patientepisode", reads_patients & readable)
rules.add_perm("patients.add_patientepisode", reads_patients & creatable)
rules.add_perm("patients.change_patientepisode", reads_patients & may_change)

# Patients' identities: read by the staff members their institution's leadership named (IdentityReader), of
# that institution's episodes only. The leadership names them and removes them, never themselves.
holds_identity_right = rules.predicate(lambda user: IdentityReader.objects.filter(user=user).exists())
names_identity_readers = is_leadership & is_institution_staff


@rules.predicate
def colleague_of(user, person):
    """Another staff member of the same member institution."""
    return (
        person is None
        or person.pk != user.pk
        and is_institution_staff(person)
        and person.organization_id == user.organization_id
    )


rules.add_perm("patients.read_identity", reads_patients & readable & holds_identity_right)
rules.add_perm("patients.manage_identity_readers", names_identity_readers)
rules.add_perm("patients.grant_identity_access", names_identity_readers & colleague_of)
