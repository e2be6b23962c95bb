"""The search indexes of the tables made searchable since 0001 (technique transfers, fundings), and those of
the tables later migrations rebuilt (SQLite drops a table's triggers when it remakes it: organizations'
identifier constraints). `RestoreSearchIndex` creates only what is missing."""

from django.db import migrations

from medcoop.search.indexes import RestoreSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_indexes"),
        ("activities", "0011_merge_20261202_2247"),
        ("agreements", "0002_initial"),
        ("articles", "0001_initial"),
        ("consultations", "0005_case_translation"),
        ("delegations", "0003_member_hosts"),
        ("funding", "0002_from_activity_funding_details"),
        ("organizations", "0002_identifiers"),
        ("patients", "0002_identity_readers_given_by_the_institution"),
    ]

    operations = [
        RestoreSearchIndex("organizations", "Organization"),
        RestoreSearchIndex("agreements", "Agreement"),
        RestoreSearchIndex("activities", "Activity"),
        RestoreSearchIndex("activities", "TrainingCourse"),
        RestoreSearchIndex("activities", "TechnologyTransfer"),
        RestoreSearchIndex("funding", "Funding"),
        RestoreSearchIndex("delegations", "Delegation"),
        RestoreSearchIndex("articles", "Article"),
        RestoreSearchIndex("consultations", "ConsultationCase"),
        RestoreSearchIndex("consultations", "Session"),
        RestoreSearchIndex("patients", "PatientEpisode"),
    ]
