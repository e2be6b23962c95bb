"""PostgreSQL's vocabulary of each searchable table (`<table>_vocabulary`: its distinct words, a trigram index, two
statement triggers), filled from the table, where the typo search looks for the words close to a misspelt one;
SQLite's vocabulary came with its FTS5 word table (0001), so there the step only puts back what a rebuilt table
lost. Reversed, it drops the PostgreSQL vocabularies and nothing else."""

from django.db import migrations

from medcoop.search.indexes import AddSearchVocabulary


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_new_searchable_tables"),
        ("activities", "0013_list_order_indexes"),
        ("agreements", "0002_initial"),
        ("articles", "0001_initial"),
        ("consultations", "0006_attachments_untitled_are_numbered_per_reader"),
        ("delegations", "0003_member_hosts"),
        ("funding", "0002_from_activity_funding_details"),
        ("organizations", "0002_identifiers"),
        ("patients", "0002_identity_readers_given_by_the_institution"),
    ]

    operations = [
        AddSearchVocabulary("organizations", "Organization"),
        AddSearchVocabulary("agreements", "Agreement"),
        AddSearchVocabulary("activities", "Activity"),
        AddSearchVocabulary("activities", "TrainingCourse"),
        AddSearchVocabulary("activities", "TechnologyTransfer"),
        AddSearchVocabulary("funding", "Funding"),
        AddSearchVocabulary("delegations", "Delegation"),
        AddSearchVocabulary("articles", "Article"),
        AddSearchVocabulary("consultations", "ConsultationCase"),
        AddSearchVocabulary("consultations", "Session"),
        AddSearchVocabulary("patients", "PatientEpisode"),
    ]
