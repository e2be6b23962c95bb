"""Fixtures every app's tests share: two member institutions with their partners and a user per role."""
import pytest

from medcoop.core.models import User
from medcoop.core.permissions import Role
from medcoop.organizations.models import Organization


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
    return User.objects.create_user(username=username, password="pw-for-tests-1", role=role,
                                    organization=organization, email=f"{username}@example.org")


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
def fast_password_hashing(settings):
    """Tests create many users; real hashing is slow by design and tested by Django itself."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
