"""The case's state machine as an attacker tries it: forged steps are refused with a message (or 404 to who may
not take them at all) and change nothing; one expert's decline never touches another's access; the page offers
exactly the steps the server allows."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from medcoop.conftest import make_user
from medcoop.consultations import services
from medcoop.consultations.models import Attachment, CaseStatus, ConsultationCase, Invitation, Opinion
from medcoop.core.permissions import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def second_expert(partner_of_a, draft, clinician_a):
    other = make_user("expert_fr2", Role.PARTNER, partner_of_a)
    services.invite(clinician_a, draft, other)
    return other


@pytest.fixture
def submitted(draft, clinician_a, second_expert):
    return services.submit(clinician_a, draft)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_one_experts_decline_leaves_the_others_access_whole(client, submitted, expert, second_expert):
    services.decline(expert, submitted, "Không thuộc chuyên môn của tôi.")
    readable = ConsultationCase.objects.visible_to(second_expert)
    assert readable.filter(pk=submitted.pk).exists()
    assert not ConsultationCase.objects.visible_to(expert).filter(pk=submitted.pk).exists()
    client.force_login(second_expert)
    assert client.get(submitted.get_absolute_url()).status_code == 200
    services.accept(second_expert, submitted)
    services.submit_opinion(second_expert, submitted, "Nên xạ trị lập thể.")
    assert ConsultationCase.objects.get(pk=submitted.pk).status == CaseStatus.ANSWERED


def test_a_second_expert_accepts_a_case_another_already_accepted(submitted, expert, second_expert):
    services.accept(expert, submitted)
    services.accept(second_expert, submitted)
    assert set(submitted.invitations.values_list("status", flat=True)) == {"accepted"}


def test_an_expert_only_invited_cannot_post_an_opinion(client, submitted, expert, second_expert):
    services.accept(expert, submitted)  # the case is "accepted"; the second expert has not accepted it
    client.force_login(second_expert)
    page = client.get(submitted.get_absolute_url())
    assert page.context["actions"] == ["accept", "decline"]
    response = client.post(reverse("case-action", args=[submitted.pk, "opinion"]), {"text": "Mổ ngay."})
    assert response.status_code == 302
    assert messages_of(response) == ["Hãy nhận ca trước khi đưa ra ý kiến."]
    assert not Opinion.objects.exists() and ConsultationCase.objects.get(pk=submitted.pk).status == "accepted"


def test_no_file_is_attached_to_a_closed_case(client, settings, tmp_path, submitted, clinician_a, expert):
    settings.MEDIA_ROOT = tmp_path
    services.accept(expert, submitted)
    services.submit_opinion(expert, submitted, "Nên xạ trị.")
    services.close(clinician_a, submitted)
    client.force_login(clinician_a)
    assert "attach" not in client.get(submitted.get_absolute_url()).context["actions"]
    upload = SimpleUploadedFile("phim.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("case-action", args=[submitted.pk, "attach"]), {"file": upload})
    assert messages_of(response) == ["Ca này đang ở trạng thái “Đã đóng”: không thể đính kèm tệp nữa."]
    assert not Attachment.objects.exists() and not list(tmp_path.rglob("*.pdf"))


def test_a_step_is_refused_to_whoever_may_not_take_it_whatever_the_state(submitted, expert, users, clinician_a):
    leader = users[Role.LEADERSHIP]
    for user, step in [(leader, "cancel"), (expert, "cancel"), (clinician_a, "accept"), (leader, "attach")]:
        with pytest.raises(PermissionDenied):
            services.require_step(user, submitted, step)
    assert ConsultationCase.objects.get(pk=submitted.pk).status == "submitted"


def test_the_page_offers_the_steps_the_server_allows(submitted, clinician_a, expert, coordinator_a):
    assert services.allowed_actions(clinician_a, submitted) == ["attach", "consent", "reassign", "cancel"]
    assert services.allowed_actions(coordinator_a, submitted) == ["attach", "consent", "reassign", "cancel"]
    assert clinician_a.has_perm("consultations.attach_file", submitted)
    assert not expert.has_perm("consultations.attach_file", submitted)
    services.accept(expert, submitted)
    assert services.allowed_actions(expert, submitted) == ["decline", "opinion"]


def test_a_case_and_its_invitations_are_saved_together_or_not_at_all(clinician_a, draft, partner_of_b, hospital_b):
    stranger = make_user("expert_la", Role.PARTNER, partner_of_b)
    case = ConsultationCase(
        owner=draft.owner, specialty=draft.specialty, question="Ca mới?", age_band="16-39", sex="male"
    )
    with pytest.raises(ValidationError):
        services.save_case(clinician_a, case, partners=list(draft.partners.all()), experts=[stranger])
    assert ConsultationCase.objects.count() == 1 and Invitation.objects.count() == 1
