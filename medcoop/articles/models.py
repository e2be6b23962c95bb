"""Articles read into MedCoop: the cleaned text, what the extractor proposes from it, and how far the
coordinator's review has gone."""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medcoop.core.models import SearchableRegistryModel
from medcoop.core.text import fold_words
from medcoop.search.query import SearchQuerySet


class ArticleStatus(models.TextChoices):
    NEW = "new", _("New")
    REVIEWED = "reviewed", _("Reviewed")
    APPLIED = "applied", _("Applied")
    REJECTED = "rejected", _("Rejected")


class ArticleSource(models.TextChoices):
    FILE = "file", _("File")
    PASTED = "pasted", _("Pasted text")
    URL = "url", _("Web address")


def text_fingerprint(text: str) -> str:
    """The same article, however it was read (file or page, old or new tone marks, spacing), has one
    fingerprint: a hash of its folded words."""
    return hashlib.sha256(" ".join(fold_words(text)).encode("utf-8")).hexdigest()


class Article(SearchableRegistryModel):
    owner_path = "owner"

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning institution"),
        on_delete=models.PROTECT,
        related_name="articles",
        limit_choices_to={"is_member": True},
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=ArticleSource.choices, default=ArticleSource.FILE)
    source_name = models.CharField(_("file name"), max_length=300, blank=True)
    url = models.URLField(_("web address"), max_length=1000, blank=True)
    published_on = models.CharField(
        _("published on"),
        max_length=10,
        blank=True,
        help_text=_("YYYY-MM-DD, YYYY-MM or YYYY, as the article gives it."),
    )
    text = models.TextField(_("text"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)
    extraction = models.JSONField(_("extraction"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.NEW)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["owner", "fingerprint"], name="article_once_per_owner")]

    def __str__(self) -> str:
        return self.title or self.source_name or self.url or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("article-detail", args=[self.pk])

    def search_parts(self) -> list[str]:
        return [self.title, self.source_name, self.url]

    def save(self, *args, **kwargs):
        self.fingerprint = text_fingerprint(self.text)
        super().save(*args, **kwargs)
