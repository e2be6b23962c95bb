"""Accent-insensitive search through the engines' own indexes."""

from django.db import connection

from medcoop.conftest import make_member, make_partner
from medcoop.organizations.models import Organization
from medcoop.search.query import fts_table


def names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_unaccented_query_finds_vietnamese_names(hospital_a, hospital_b):
    make_member("BVKG", "Bệnh viện Đa khoa Kiên Giang")
    assert names(Organization.objects.search("benh vien k")) == {"Bệnh viện Đa khoa Kiên Giang", "Bệnh viện K"}
    assert names(Organization.objects.search("da nang")) == {"Bệnh viện Đà Nẵng"}
    assert names(Organization.objects.search("ĐÀ NẴNG")) == {"Bệnh viện Đà Nẵng"}


def test_query_words_match_word_starts_not_the_middle_of_words(hospital_a, hospital_b):
    assert names(Organization.objects.search("ang")) == set()
    assert names(Organization.objects.search("nan")) == {"Bệnh viện Đà Nẵng"}


def test_aliases_and_english_names_are_searched(partner_of_a):
    assert names(Organization.objects.search("gustave")) == {"Viện Gustave Roussy"}
    partner_of_a.name_en = "Institut Gustave Roussy"
    partner_of_a.save()
    assert names(Organization.objects.search("institut")) == {"Viện Gustave Roussy"}


def test_search_follows_updates_and_deletes(hospital_a):
    partner = make_partner(hospital_a, "Bệnh viện Nevers")
    partner.name = "Centre hospitalier de Nevers"
    partner.save()
    assert names(Organization.objects.search("centre")) == {"Centre hospitalier de Nevers"}
    assert names(Organization.objects.search("benh vien nevers")) == set()
    partner.delete()
    assert names(Organization.objects.search("nevers")) == set()


def test_empty_query_returns_everything(hospital_a, hospital_b):
    assert Organization.objects.search("  ").count() == 2


def test_the_engine_index_narrows_the_search(hospital_a):
    """SQLite goes through the FTS5 table; PostgreSQL has a trigram index the planner can use."""
    sql, params = Organization.objects.search("benh vien").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            assert fts_table(Organization) in sql
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "organizations_organization_search_trgm" in plan
