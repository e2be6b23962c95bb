"""The search indexes of every searchable table, for the engine migrated: SQLite's FTS5 trigram tables and
their triggers, PostgreSQL's pg_trgm extension and trigram GIN indexes. Until this migration they were created
after every `migrate` by a signal; the names are the same, so a database that already has them keeps them
(`RestoreSearchIndex` creates only what is missing)."""

from django.db import migrations

from medcoop.search.indexes import RestoreSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0006_training_pages_and_certificates"),
        ("agreements", "0002_initial"),
        ("articles", "0001_initial"),
        ("consultations", "0004_attachment_office_kinds"),
        ("delegations", "0001_delegations_plans_steps_members"),
        ("organizations", "0001_initial"),
        ("patients", "0002_identity_readers_given_by_the_institution"),
    ]

    operations = [
        RestoreSearchIndex("organizations", "Organization"),
        RestoreSearchIndex("agreements", "Agreement"),
        RestoreSearchIndex("activities", "Activity"),
        RestoreSearchIndex("activities", "TrainingCourse"),
        RestoreSearchIndex("delegations", "Delegation"),
        RestoreSearchIndex("articles", "Article"),
        RestoreSearchIndex("consultations", "ConsultationCase"),
        RestoreSearchIndex("consultations", "Session"),
        RestoreSearchIndex("patients", "PatientEpisode"),
    ]
