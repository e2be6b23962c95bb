"""The importer in the browser's terms: read an article in, review it beside its text, apply or reject."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from medcoop.activities.models import Activity
from medcoop.articles.models import Article, ArticleStatus
from medcoop.conftest import formset_data
from medcoop.core.permissions import Role
from medcoop.organizations.models import Organization

TEXT = (
    "Bệnh viện K hợp tác với Bệnh viện Nevers\nNăm 2023, Bệnh viện Nevers tại Pháp đã đào tạo cho "
    "30 lượt bác sĩ tim mạch của Bệnh viện K."
)


def read_in(client, user, **data):
    client.force_login(user)
    return client.post(reverse("article-create"), data)


def test_a_pasted_article_opens_its_review_with_the_evidence_highlighted(client, coordinator_a, hospital_a):
    response = read_in(client, coordinator_a, text=TEXT)
    article = Article.objects.get()
    assert response["Location"] == article.get_absolute_url()
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<mark class="organizations">Bệnh viện Nevers</mark>' in page
    assert '<mark class="figures">30</mark>' in page


def test_an_uploaded_file_is_read_and_a_bad_one_is_refused_in_vietnamese(client, coordinator_a):
    upload = SimpleUploadedFile("bai.txt", TEXT.encode("utf-8"), content_type="text/plain")
    assert read_in(client, coordinator_a, file=upload).status_code == 302
    empty = SimpleUploadedFile("rong.txt", b"", content_type="text/plain")
    response = read_in(client, coordinator_a, file=empty)
    assert response.status_code == 400
    assert Article.objects.count() == 1


def test_one_source_at_a_time(client, coordinator_a):
    response = read_in(client, coordinator_a, text=TEXT, url="https://example.org/a")
    assert response.status_code == 400 and not Article.objects.exists()


def review_post(article, action, **changes):
    extraction = article.extraction
    organizations = [
        {
            "include": "on",
            "name": o["name"],
            "country": o["country"],
            "kind": o["kind"],
            "match": (o.get("match") or {}).get("id") or "",
            "evidence": "",
        }
        for o in extraction["organizations"]
    ]
    figures = [
        {"include": "on", "metric": f["metric"], "value": f["value"], "currency": f.get("currency") or ""}
        for f in extraction["figures"]
    ]
    data = {
        "action": action,
        "activity_kinds": extraction["activity_kinds"],
        "specialties": extraction["specialties"],
        **formset_data("organizations", organizations, len(organizations)),
        **formset_data("agreements", [], 0),
        **formset_data("figures", figures, len(figures)),
    }
    data.update(changes)
    return data


def test_the_coordinator_edits_a_figure_and_applies(client, coordinator_a, hospital_a):
    read_in(client, coordinator_a, text=TEXT)
    article = Article.objects.get()
    response = client.post(article.get_absolute_url(), review_post(article, "apply", **{"figures-0-value": "32"}))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert [int(v) for v in activity.figures.values_list("value", flat=True)] == [32]
    assert Organization.objects.filter(name="Bệnh viện Nevers", owner=hospital_a).exists()
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPLIED
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'value="apply"' not in page


def test_rejecting_creates_nothing(client, coordinator_a):
    read_in(client, coordinator_a, text=TEXT)
    article = Article.objects.get()
    client.post(article.get_absolute_url(), {"action": "reject"})
    article.refresh_from_db()
    assert article.status == ArticleStatus.REJECTED and not Activity.objects.exists()


def test_other_institutions_and_partners_get_404_and_readers_cannot_apply(client, coordinator_a, coordinator_b, users):
    read_in(client, coordinator_a, text=TEXT)
    article = Article.objects.get()
    for user in (coordinator_b, users[Role.PARTNER]):
        client.force_login(user)
        assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(users[Role.CLINICIAN])
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.post(article.get_absolute_url(), review_post(article, "apply")).status_code == 404
    assert client.get(reverse("article-create")).status_code == 404
    assert not Activity.objects.exists()


def test_the_empty_rows_offered_for_additions_do_not_block_applying(client, coordinator_a):
    read_in(client, coordinator_a, text=TEXT)
    article = Article.objects.get()
    page = client.get(article.get_absolute_url())
    data = {}
    for prefix, formset in page.context["formsets"].items():
        data.update(
            {
                f"{prefix}-{k}": v
                for k, v in {
                    "TOTAL_FORMS": len(formset.forms),
                    "INITIAL_FORMS": formset.initial_form_count(),
                    "MIN_NUM_FORMS": 0,
                    "MAX_NUM_FORMS": 1000,
                }.items()
            }
        )
        for row in formset.forms:
            for name, field in row.fields.items():
                value = row[name].value()
                if name == "include" and value:
                    data[row.add_prefix(name)] = "on"
                elif value not in (None, False) and name != "DELETE":
                    data[row.add_prefix(name)] = (
                        field.prepare_value(value) if hasattr(field, "prepare_value") else value
                    )
    data.update(
        {
            "action": "apply",
            "activity_kinds": article.extraction["activity_kinds"],
            "specialties": article.extraction["specialties"],
        }
    )
    response = client.post(article.get_absolute_url(), data)
    assert response.status_code == 302, response.context and response.context["formsets"]["organizations"].errors
    assert Activity.objects.exists()


def test_a_web_address_is_read_in(client, coordinator_a, site):
    response = read_in(client, coordinator_a, url=f"{site}/news")
    article = Article.objects.get()
    assert response.status_code == 302 and article.url == f"{site}/news" and article.source == "url"


def test_saving_the_review_keeps_the_edits_for_later(client, coordinator_a):
    read_in(client, coordinator_a, text=TEXT)
    article = Article.objects.get()
    client.post(article.get_absolute_url(), review_post(article, "save", **{"figures-0-value": "31"}))
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEWED
    assert [f["value"] for f in article.extraction["figures"]] == [31]
    assert not Activity.objects.exists()


def test_the_list_shows_an_institutions_own_articles(client, coordinator_a, coordinator_b):
    read_in(client, coordinator_a, text=TEXT)
    assert "Bệnh viện K hợp tác với Bệnh viện Nevers" in client.get(reverse("article-list")).content.decode()
    client.force_login(coordinator_b)
    assert "Nevers" not in client.get(reverse("article-list")).content.decode()


def test_an_article_is_applied_once_a_forged_reject_then_apply_duplicates_nothing(client, coordinator_a):
    """new → reviewed → applied | rejected: neither an applied nor a rejected article goes back."""
    read_in(client, coordinator_a, text=TEXT)
    article = Article.objects.get()
    client.post(article.get_absolute_url(), review_post(article, "apply"))
    counts = (Organization.objects.count(), Activity.objects.count())
    refused = client.post(article.get_absolute_url(), {"action": "reject"}, follow=True)
    assert "không thể duyệt, áp dụng hay từ chối nữa" in refused.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPLIED
    client.post(article.get_absolute_url(), review_post(article, "apply"))
    assert (Organization.objects.count(), Activity.objects.count()) == counts


def test_a_rejected_article_is_not_applied_later(client, coordinator_a):
    read_in(client, coordinator_a, text=TEXT)
    article = Article.objects.get()
    client.post(article.get_absolute_url(), {"action": "reject"})
    page = client.get(article.get_absolute_url())
    assert page.context["actions"] == [] and 'value="apply"' not in page.content.decode()
    response = client.post(article.get_absolute_url(), review_post(article, "apply"))
    assert "không thể duyệt, áp dụng hay từ chối nữa" in response.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.REJECTED and not Activity.objects.exists()


MISSION = (
    "Bệnh viện K phẫu thuật miễn phí tại Lào\nTừ ngày 25 - 29/3/2024, đoàn bác sĩ của Bệnh viện K sang Lào đã "
    "phẫu thuật miễn phí cho 40 bệnh nhân tại Bệnh viện Mahosot."
)


def test_the_review_proposes_the_activity_quotes_its_sources_and_leaves_blank_rows_unticked(client, coordinator_a):
    read_in(client, coordinator_a, text=MISSION)
    article = Article.objects.get()
    response = client.get(article.get_absolute_url())
    proposed = response.context["activity_form"].initial
    assert proposed["title"] == "Bệnh viện K phẫu thuật miễn phí tại Lào"
    assert (proposed["start_on"].isoformat(), proposed["end_on"].isoformat()) == ("2024-03-25", "2024-03-29")
    assert (proposed["direction"], proposed["country"]) == ("outbound", "LA")
    page = response.content.decode()
    assert 'name="activity-start_on" value="25/03/2024"' in page
    assert "<q>40</q>" in page and "<q>Bệnh viện Mahosot</q>" in page  # the words, not "140-142"
    for formset in response.context["formsets"].values():
        assert formset.empty_form["include"].value() is False  # a row the reviewer adds is not ticked for them
        proposed_rows, blank_rows = formset.forms[: len(formset.initial)], formset.forms[len(formset.initial) :]
        assert all(row["include"].value() for row in proposed_rows)  # what was read is ticked
        assert not any(row["include"].value() for row in blank_rows)
    edited = {
        "activity-title": "Phẫu thuật miễn phí tại Bệnh viện Mahosot",
        "activity-kind": proposed["kind"],
        "activity-start_on": "25/03/2024",
        "activity-end_on": "29/03/2024",
        "activity-direction": "outbound",
        "activity-country": "LA",
        "activity-place": "Viêng Chăn",
    }
    assert client.post(article.get_absolute_url(), review_post(article, "apply", **edited)).status_code == 302
    activity = Activity.objects.get()
    assert activity.title == "Phẫu thuật miễn phí tại Bệnh viện Mahosot" and activity.place == "Viêng Chăn"
    assert (activity.start_on.isoformat(), activity.end_on.isoformat()) == ("2024-03-25", "2024-03-29")
    assert (activity.direction, activity.country) == ("outbound", "LA")


def test_an_end_before_the_start_is_refused_and_nothing_is_applied(client, coordinator_a):
    read_in(client, coordinator_a, text=MISSION)
    article = Article.objects.get()
    bad = {"activity-start_on": "29/03/2024", "activity-end_on": "25/03/2024"}
    response = client.post(article.get_absolute_url(), review_post(article, "apply", **bad))
    assert response.status_code == 400 and "Ngày kết thúc" in response.content.decode()
    assert not Activity.objects.exists()
