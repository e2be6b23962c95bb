from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

# pg_trgm's word similarity from which `<%` finds a record (default 0.6): "neker" is 0.44 of "necker", a
# one-letter slip in a five-letter name. The typo search runs only when the exact one found nothing.
WORD_SIMILARITY_THRESHOLD = 0.4


def _trigram_threshold(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {WORD_SIMILARITY_THRESHOLD}")


class SearchConfig(AppConfig):
    name = "medcoop.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import checks  # noqa: F401  (registers search.W001)

        connection_created.connect(_trigram_threshold, dispatch_uid="medcoop_trigram_threshold")
