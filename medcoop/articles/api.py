"""The article importer by API: send a text or a web address, get the proposal back, apply it once reviewed."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status

from medcoop.core.api import ErrorOut, asked_fields, lean, lister, visible_or_404
from medcoop.core.permissions import writes_registry
from medcoop.core.records_api import add_list

from . import services
from .forms import ArticleFilterForm
from .lists import ARTICLES
from .models import Article
from .reading import ReadError

router = Router(tags=["articles"])


ArticleOut = ARTICLES.out_schema("ArticleOut")


class ArticleIn(Schema):
    text: str | None = None
    url: str | None = None


class AppliedOut(Schema):
    organizations: list[int]
    agreements: list[int]
    activities: list[int]
    merged_into: list[int] = []  # existing activities the article's was merged into (proposed on reading)


def as_dict(article: Article, *, full: bool = False) -> dict:
    """The article as the list declares it; `full`: with its text and proposal (one article's answer)."""
    return ARTICLES.as_dict(article, detail=full)


add_list(
    router,
    out=ArticleOut,
    filter_form=ArticleFilterForm,
    name="Article",
    summary="Articles read in by the user's institution, newest first",
    rows=lambda request: Article.objects.visible_to(lister(Article, request.auth)).defer("text", "extraction"),
    item=lambda article, request: as_dict(article),
)


@router.get("/{pk}", response=ArticleOut, exclude_unset=True)
def get_article(request, pk: int, fields: str | None = None):
    """The article's text and the proposal: organizations, agreements, kinds, specialties, figures, with spans."""
    wanted = asked_fields(fields, ArticleOut)
    return lean(as_dict(visible_or_404(Article, request.auth, pk), full=True), wanted)


@router.post("", response={200: ArticleOut, 201: ArticleOut, 400: ErrorOut})
def read_article(request, payload: ArticleIn):
    """Read one article, given as text or a web address; 200 with the one kept before if it was already read."""
    if not writes_registry(request.auth):
        raise Http404
    if bool(payload.text) == bool(payload.url):
        raise ValidationError({"text": "Give either text or url."})
    try:
        read, source, _name, url = services.read_given(text=payload.text or "", url=payload.url or "")
    except ReadError as error:
        raise ValidationError({"url" if payload.url else "text": str(error)}) from error
    article, created = services.store_article(request.auth, read, source=source, url=url)
    return Status(201 if created else 200, as_dict(article, full=True))


def editable_or_404(user, pk: int) -> Article:
    """The article for a step: another institution's (or one the user may not change) does not exist."""
    article = Article.objects.editable_by(user).filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


@router.post("/{pk}/apply", response={200: AppliedOut, 400: ErrorOut})
def apply(request, pk: int):
    """Create the proposed records (as reviewed on the page, or as proposed); an applied article creates nothing
    again."""
    article = editable_or_404(request.auth, pk)
    applied = services.apply_article(request.auth, article)
    return {
        "organizations": [o.pk for o in applied.organizations],
        "agreements": [a.pk for a in applied.agreements],
        "activities": [a.pk for a in applied.activities],
        "merged_into": [a.pk for a in applied.merged_into],
    }


@router.post("/{pk}/reject", response={200: ArticleOut, 400: ErrorOut})
def reject(request, pk: int):
    """Reject the article, as its page does (`articles.reject`): nothing is created from it, and an applied or
    rejected article is refused with a message."""
    return as_dict(services.reject_article(request.auth, editable_or_404(request.auth, pk)))
