"""Logging in and out, the menu each role gets, and the language each user chooses."""

import re

from django.urls import reverse

from medcoop.core.permissions import Role


def test_login_in_vietnamese_with_a_clear_message_for_a_wrong_password(client, coordinator_a):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập MedCoop" in page and '<html lang="vi">' in page
    response = client.post(reverse("login"), {"username": "coord_a", "password": "wrong"})
    assert "mật khẩu chính xác" in response.content.decode()
    response = client.post(reverse("login"), {"username": "coord_a", "password": "pw-for-tests-1"})
    assert client.get(response["Location"])["Location"].startswith(reverse("two-factor"))  # a coordinator's 2nd step
    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert client.get(reverse("dashboard")).status_code == 302


def menu(client, user) -> list[str]:
    client.force_login(user)
    return [item["url"] for item in client.get(reverse("home"), follow=True).context["navigation"]]


def test_each_role_sees_only_the_pages_it_may_use(client, users):
    registry = [
        reverse(n)
        for n in (
            "dashboard",
            "organization-list",
            "agreement-list",
            "activity-list",
            "course-list",
            "funding-list",
            "technique-list",
            "delegation-list",
            "article-list",
            "annual-report",
        )
    ]
    consultations = [reverse("case-list"), reverse("session-list")]
    privacy = [reverse("consent-list")]
    assert menu(client, users[Role.CLINICIAN]) == registry + [reverse("episode-board")] + consultations + privacy
    assert menu(client, users[Role.LEADERSHIP]) == registry + [reverse("episode-board")] + consultations + privacy + [
        reverse("identity-readers")
    ]
    assert (
        menu(client, users[Role.COORDINATOR])
        == registry
        + [reverse("episode-board"), reverse("sheet-upload"), reverse("invitations")]
        + consultations
        + privacy
    )
    assert menu(client, users[Role.MINISTRY]) == registry
    assert menu(client, users[Role.ADMIN]) == [*registry, reverse("admin:index")]
    assert menu(client, users[Role.PARTNER]) == consultations


def test_only_a_coordinator_gets_the_add_and_edit_buttons(client, users, agreement_of_a):
    for role, shown in [(Role.COORDINATOR, True), (Role.CLINICIAN, False), (Role.MINISTRY, False)]:
        client.force_login(users[role])
        assert (reverse("agreement-create") in client.get(reverse("agreement-list")).content.decode()) is shown
        detail = client.get(agreement_of_a.get_absolute_url()).content.decode()
        assert (reverse("agreement-edit", args=[agreement_of_a.pk]) in detail) is shown


def test_english_is_chosen_once_and_kept_for_the_user(client, coordinator_a, agreement_of_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("set-language"), {"language": "en", "next": reverse("agreement-list")})
    assert response["Location"] == reverse("agreement-list")
    coordinator_a.refresh_from_db()
    assert coordinator_a.language == "en"
    client.cookies.clear()  # another device: the choice follows the user, not the browser
    client.force_login(coordinator_a)
    page = client.get(agreement_of_a.get_absolute_url()).content.decode()
    assert "Renewal chain" in page and "27/11/2024" in page  # dates stay day-first
    client.post(reverse("set-language"), {"language": "vi", "next": "/"})
    assert "Chuỗi gia hạn" in client.get(agreement_of_a.get_absolute_url()).content.decode()


def test_the_language_switch_never_redirects_off_site(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("set-language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_numbers_use_the_readers_separators(settings):
    from django.utils import translation

    from medcoop.core.templatetags.medcoop import num

    with translation.override("vi"):
        assert (num(13500000), num("13.50"), num(660)) == ("13.500.000", "13,5", "660")
    with translation.override("en"):
        assert num(13500000) == "13,500,000"


def test_a_list_tells_caches_that_htmx_gets_only_the_results(client, coordinator_a):
    client.force_login(coordinator_a)
    assert "HX-Request" in client.get(reverse("organization-list"))["Vary"]


def test_a_partner_expert_lands_on_the_cases_shared_with_them(client, users):
    client.force_login(users[Role.PARTNER])
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("case-list") and response.status_code == 200


def test_what_a_clerk_sees_in_every_page_the_token_page_and_the_name(client, users):
    """A favicon; the token page's "Bearer <mã>" shown, not swallowed as a tag; names family name first."""
    from django.contrib.staticfiles import finders

    from medcoop.devtools.demo_data import USERS

    admin = users[Role.ADMIN]
    admin.first_name, admin.last_name = next(
        (given, family) for name, _r, _w, given, family in USERS if name == "quantri"
    )
    admin.save()
    client.force_login(admin)
    page = client.get(reverse("api-tokens")).content.decode()
    assert "Authorization: Bearer &lt;mã&gt;." in page
    assert 'rel="icon" href="/static/core/favicon.svg"' in page and finders.find("core/favicon.svg")
    assert admin.display_name == "Phan Anh Tuấn" and ">Phan Anh Tuấn<" in page
    assert users[Role.MINISTRY].display_name == users[Role.MINISTRY].username  # no name given: the username


def test_every_time_a_page_shows_says_its_zone(client, users):
    """No template prints a moment without its zone (the `with_zone` filter); the token page's times do, in the
    reader's zone (a partner expert in Paris reads her own time and knows it)."""
    from pathlib import Path

    from medcoop.accounts.tokens import create_token

    bare = re.compile(r'\|date:"(SHORT_DATETIME_FORMAT|DATETIME_FORMAT|[^"]*[HGhgi]:[^"]*)"|\|time\b')
    templates = Path(__file__).resolve().parents[2].rglob("templates/**/*.html")
    assert [str(t) for t in templates if bare.search(t.read_text(encoding="utf-8"))] == []
    admin = users[Role.ADMIN]
    admin.time_zone = "Europe/Paris"
    admin.save()
    create_token(admin, "sheets")
    client.force_login(admin)
    page = client.get(reverse("api-tokens")).content.decode()
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d \(GMT\+[12]\)", page)
