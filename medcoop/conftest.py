"""Fixtures every app's tests share: two member institutions with their partners and a user per role."""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from medcoop.accounts.services import needs_two_factor
from medcoop.core.models import User
from medcoop.core.permissions import Role
from medcoop.organizations.models import Organization

# Property tests check what comes out, not how fast: a busy CI machine must not fail them on hypothesis's
# 200 ms per-example deadline (speed targets live in bench/).
hypothesis_settings.register_profile("medcoop", deadline=None)
hypothesis_settings.load_profile("medcoop")


def make_member(code: str, name: str, province_code: int | None = None) -> Organization:
    member = Organization(code=code, name=name, country="VN", is_member=True, province_code=province_code)
    member.full_clean(exclude=["owner"])
    member.save()
    return member


def make_partner(owner: Organization, name: str, country: str = "FR", **fields) -> Organization:
    partner = Organization(owner=owner, name=name, country=country, **fields)
    partner.full_clean()
    partner.save()
    return partner


def make_user(username: str, role: str, organization: Organization | None) -> User:
    return User.objects.create_user(
        username=username,
        password="pw-for-tests-1",
        role=role,
        organization=organization,
        email=f"{username}@example.org",
    )


@pytest.fixture
def hospital_a(db):
    return make_member("BVA", "Bệnh viện K")


@pytest.fixture
def hospital_b(db):
    return make_member("BVB", "Bệnh viện Đà Nẵng")


@pytest.fixture
def partner_of_a(hospital_a):
    return make_partner(hospital_a, "Viện Gustave Roussy", "FR", aliases=["Gustave Roussy"])


@pytest.fixture
def partner_of_b(hospital_b):
    return make_partner(hospital_b, "Bệnh viện Mahosot", "LA")


@pytest.fixture
def coordinator_a(hospital_a):
    return make_user("coord_a", Role.COORDINATOR, hospital_a)


@pytest.fixture
def coordinator_b(hospital_b):
    return make_user("coord_b", Role.COORDINATOR, hospital_b)


@pytest.fixture
def users(hospital_a, partner_of_a):
    """One user per role, all tied to institution A (or its partner)."""
    return {
        Role.COORDINATOR: make_user("coord", Role.COORDINATOR, hospital_a),
        Role.CLINICIAN: make_user("clinician", Role.CLINICIAN, hospital_a),
        Role.LEADERSHIP: make_user("leader", Role.LEADERSHIP, hospital_a),
        Role.PARTNER: make_user("partner", Role.PARTNER, partner_of_a),
        Role.MINISTRY: make_user("ministry", Role.MINISTRY, None),
        Role.ADMIN: make_user("sysadmin", Role.ADMIN, None),
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """A rolled-back test sends no signals, so what it cached must not reach the next test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def vietnamese_first():
    """Each test starts in the default language: a request that switched to English leaves the thread in English
    (as a worker's next request would not be), which made later tests' messages depend on the order they ran."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


class TwoFactorClient(Client):
    """The test client: a forced login is taken as having given the second factor too, as after typing the
    app's code, so pages are tested for what they show. The two-factor step itself is tested with a plain
    `django.test.Client` (medcoop/accounts/tests)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if needs_two_factor(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
                user=user, name="test", confirmed=True
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return TwoFactorClient()


@pytest.fixture
def admin_client(db, admin_user):
    admin = TwoFactorClient()
    admin.force_login(admin_user)
    return admin


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; real hashing is slow by design and tested by Django itself."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agreement_of_a(coordinator_a, hospital_a, partner_of_a):
    """An MOU of institution A with its French partner, in force, with one commitment."""
    from datetime import date

    from medcoop.agreements.models import Agreement
    from medcoop.agreements.services import save_agreement

    return save_agreement(
        coordinator_a,
        Agreement(
            owner=hospital_a,
            title="Biên bản ghi nhớ với Gustave Roussy",
            kind="mou",
            signed_on=date(2024, 11, 27),
            duration_months=60,
        ),
        parties=[{"organization": hospital_a}, {"organization": partner_of_a}],
        commitments=[{"party": partner_of_a, "description": "Hội chẩn hằng tháng", "due_on": date(2025, 3, 31)}],
    )


@pytest.fixture
def activity_of_a(coordinator_a, hospital_a, partner_of_a, agreement_of_a):
    """A training of institution A under its agreement, reporting 660 staff trained."""
    from datetime import date

    from medcoop.activities.models import Activity
    from medcoop.activities.services import save_activity
    from medcoop.core.models import FigureMetric

    return save_activity(
        coordinator_a,
        Activity(
            owner=hospital_a,
            kind_id="training",
            title="Đào tạo xạ trị",
            agreement=agreement_of_a,
            start_on=date(2025, 3, 1),
        ),
        partners=[{"organization": partner_of_a, "role": "implementer"}],
        figures=[{"metric": FigureMetric.objects.get(code="staff_trained"), "value": 660}],
    )


@pytest.fixture
def logged_in(client):
    """Log a user in on the test client and hand the client back."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def formset_data(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """POST data for one of a page's row formsets, as the browser sends it."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def capture_on_commit_callbacks(execute: bool = True):
    """Background work is queued when the request's transaction commits, which a test's never does: run the
    queued callbacks (the immediate task backend then runs the job) at the end of the block."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=execute)
