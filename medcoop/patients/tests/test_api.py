"""Patient episodes by API: the pseudonymous record for the receiving institution only, never the identity."""

import pytest

from medcoop.conftest import make_user
from medcoop.core.permissions import Role
from medcoop.core.tests.test_api import bearer
from medcoop.patients.models import EpisodeStatus, PatientEpisode

from .conftest import NAME


def test_the_identity_never_leaves_and_other_users_get_404(client, episode, coordinator_a, coordinator_b):
    body = client.get(f"/api/patients/{episode.pk}", **bearer(coordinator_a)).json()
    assert body["code"] == episode.code and body["nationality"] == "LA"
    listing = client.get("/api/patients/", **bearer(coordinator_a)).content.decode()
    assert NAME not in listing and "LA-123456" not in listing and NAME not in str(body)
    for user in (coordinator_b, make_user("boyte", Role.MINISTRY, None)):
        assert client.get(f"/api/patients/{episode.pk}", **bearer(user)).status_code == 404
        listed = client.get("/api/patients/", **bearer(user))
        # another institution's staff have a list without A's episodes; the ministry none at all (as its page)
        assert listed.json()["items"] == [] if user == coordinator_b else listed.status_code == 404
        assert (
            client.patch(
                f"/api/patients/{episode.pk}", {"home_region": "x"}, content_type="application/json", **bearer(user)
            ).status_code
            == 404
        )


def test_an_episode_is_created_with_its_encrypted_identity_and_moves_forward_only(client, coordinator_a):
    response = client.post(
        "/api/patients/",
        {
            "nationality": "KH",
            "diagnosis": "I21.0",
            "payer": "self_pay",
            "admitted_on": "2026-03-02",
            "name": "Sok Dara",
        },
        content_type="application/json",
        **bearer(coordinator_a),
    )
    assert response.status_code == 201, response.content
    episode = PatientEpisode.objects.get(pk=response.json()["id"])
    assert episode.decrypted_identity()["name"] == "Sok Dara" and "Sok Dara" not in response.content.decode()
    back = client.post(
        f"/api/patients/{episode.pk}/status",
        {"status": EpisodeStatus.DISCHARGED},
        content_type="application/json",
        **bearer(coordinator_a),
    )
    assert back.status_code == 400 and PatientEpisode.objects.get().status == episode.status


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"nationality": "XX", "diagnosis": "I21.0"}, "nationality"),
        ({"nationality": "LA", "diagnosis": "Z99.99.9"}, "diagnosis"),
    ],
)
def test_a_bad_episode_names_the_field(client, coordinator_a, payload, field):
    response = client.post("/api/patients/", payload, content_type="application/json", **bearer(coordinator_a))
    assert response.status_code == 400 and field in [e["field"] for e in response.json()["errors"]]
    assert not PatientEpisode.objects.exists()
