from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from medcoop.core.models import ActivityKind, Specialty
from medcoop.core.uploads import accepts_upload
from medcoop.core.views import RegistryAccessMixin, RegistryListView, flash_errors

from . import services
from .forms import (
    ActivityMergeForm,
    ActivityReviewForm,
    AgreementReviewFormSet,
    ArticleFilterForm,
    ArticleInputForm,
    FigureReviewFormSet,
    OrganizationReviewFormSet,
    ReviewForm,
)
from .lists import ARTICLES
from .models import Article, ArticleStatus
from .proposal import propose_activity
from .reading import ReadError

FORMSETS = {
    "organizations": OrganizationReviewFormSet,
    "agreements": AgreementReviewFormSet,
    "figures": FigureReviewFormSet,
}


class ArticleListView(RegistryListView):
    model = Article
    filter_form_class = ArticleFilterForm
    table_template = "articles/_article_table.html"
    create_url_name = "article-create"
    listing = ARTICLES


@accepts_upload("MEDCOOP_MAX_ARTICLE_BYTES")
class ArticleCreateView(RegistryAccessMixin, TemplateView):
    """Read one article in, from a file, pasted text or a web address, and open its review."""

    template_name = "articles/article_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("articles.add_article"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": ArticleInputForm()})

    def post(self, request, *args, **kwargs):
        form = ArticleInputForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                read, source, name, url = services.read_given(**form.cleaned_data)
                article, created = services.store_article(request.user, read, source=source, source_name=name, url=url)
            except ReadError as error:
                form.add_error(None, str(error))
            else:
                if not created:
                    messages.info(request, _("This article was read in before; here is its review."))
                return redirect(article)
        return self.render_to_response({"form": form}, status=400)


def highlighted(text: str, extraction: dict) -> str:
    """The article text with every span an item came from marked, so the reviewer sees why it was proposed."""
    spans = sorted(
        {
            (span["start"], span["end"], field)
            for field in FORMSETS
            for item in extraction.get(field, [])
            for span in item.get("evidence", [])
        }
    )
    parts, position = [], 0
    for start, end, field in spans:
        if start < position:
            continue
        parts += [escape(text[position:start]), f'<mark class="{field}">', escape(text[start:end]), "</mark>"]
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def review_forms(request, article: Article):
    data = request.POST if request.method == "POST" else None
    extraction = article.extraction
    form = ReviewForm(
        data,
        initial={
            "activity_kinds": ActivityKind.objects.filter(code__in=extraction.get("activity_kinds", [])),
            "specialties": Specialty.objects.filter(code__in=extraction.get("specialties", [])),
        },
    )
    formsets = {}
    for prefix, formset_class in FORMSETS.items():
        initial = [_row_initial(prefix, item) for item in extraction.get(prefix, [])]
        formsets[prefix] = formset_class(
            data,
            prefix=prefix,
            initial=None if data else initial,
            user=request.user,
            form_kwargs={"owner": article.owner, "text": article.text},
        )
    return form, formsets


def activity_form(request, article: Article) -> ActivityReviewForm:
    return ActivityReviewForm(
        request.POST if request.method == "POST" else None, prefix="activity", initial=propose_activity(article)
    )


def _row_initial(prefix: str, item: dict) -> dict:
    row = {**item, "include": item.get("include", True)}
    if prefix == "organizations":
        row["match"] = (item.get("match") or {}).get("id")
    return row


def merge_form_for(request, article: Article) -> ActivityMergeForm:
    """The offer to merge the article's activity into a likely existing one (proposed when it was read in)."""
    candidates = services.activity_duplicates(article.owner, article.extraction, article.title, article.published_on)
    proposed = (article.extraction.get("merge_into") or {}).get("id")
    return ActivityMergeForm(
        request.POST if request.method == "POST" else None,
        initial={"merge_into": proposed},
        candidates=candidates,
    )


def reviewed(article: Article, form, formsets, activity=None) -> dict:
    return {
        **{k: v for k, v in article.extraction.items() if k not in FORMSETS},
        **({"activity": activity.item()} if activity is not None else {}),
        **{prefix: [row.item() for row in formset.kept_forms()] for prefix, formset in formsets.items()},
        "activity_kinds": [k.code for k in form.cleaned_data["activity_kinds"]],
        "specialties": [s.code for s in form.cleaned_data["specialties"]],
    }


@login_required
def article_detail(request, pk):
    """The review: the text beside the proposal; save, apply or reject."""
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    editable = Article.objects.editable_by(request.user).filter(pk=pk).exists()
    if request.method == "POST" and not editable:
        raise Http404
    form, formsets = review_forms(request, article)
    merge_form = merge_form_for(request, article)
    activity = activity_form(request, article)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reject":
            try:
                services.reject_article(request.user, article)
            except ValidationError as error:
                flash_errors(request, error)
            else:
                messages.success(request, _("The article was rejected; nothing was created."))
            return redirect(article)
        if (
            form.is_valid()
            and activity.is_valid()
            and all(f.is_valid() for f in formsets.values())
            and merge_form.is_valid()
        ):
            review = {**reviewed(article, form, formsets, activity), "merge_into": merge_form.item()}
            try:
                if action == "apply":
                    applied = services.apply_article(request.user, article, review)
                    messages.success(
                        request,
                        _(
                            "Applied: %(organizations)s new organizations, %(agreements)s "
                            "agreements, %(activities)s activities."
                        )
                        % {
                            "organizations": len(applied.organizations),
                            "agreements": len(applied.agreements),
                            "activities": len(applied.activities),
                        },
                    )
                    for merged in applied.merged_into:
                        messages.info(request, _("Merged into “%(activity)s”.") % {"activity": merged})
                else:
                    services.save_review(request.user, article, review)
                    messages.success(request, _("Review saved."))
                return redirect(article)
            except ValidationError as error:
                form.add_error(None, error.messages)
            except PermissionDenied:
                raise Http404 from None
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "object": article,
            "form": form,
            "activity_form": activity,
            "formsets": formsets,
            "merge_form": merge_form,
            "can_edit": editable,
            "actions": services.allowed_actions(request.user, article),
            "text": highlighted(article.text, article.extraction),
            "applied": article.status == ArticleStatus.APPLIED,
        },
        status=400 if request.method == "POST" else 200,
    )
