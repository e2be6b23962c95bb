"""Views every domain shares. A record is fetched only through the permission layer: what a user may not see
answers 404, as if it did not exist; what they may see but not change answers 404 on its edit pages too."""

import sys

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, InvalidPage, Page, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from medcoop.exports.tables import FORMATS, export_response

from . import locking
from .forms import show_service_errors
from .listing import RecordList
from .permissions import reads_registry
from .redirects import next_url
from .rules import perm_name
from .services import delete_record


class RegistryAccessMixin(LoginRequiredMixin):
    """Pages of a kind of record: who may not view it (`<app>.view_<model>`; without a model, the registry)
    finds nothing here."""

    model = None

    def allows(self, user) -> bool:
        return user.has_perm(perm_name(self.model, "view")) if self.model else reads_registry(user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.allows(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class VisibleDetailView(RegistryAccessMixin, DetailView):
    """A detail page whose record must be `visible_to` the user."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.request.user.has_perm(perm_name(self.model, "change"), self.object)
        return context


class CappedPaginator(Paginator):
    """Counts up to COUNT_CAP rows and no further: an exact count of a million rows costs more than the page
    itself, and nobody pages past the 200th page — they filter. `capped` says the true count is larger."""

    COUNT_CAP = 10_000

    @cached_property
    def count(self) -> int:
        # the keys alone: a DISTINCT (a filter through partners) then compares keys, not whole rows, and what
        # the page adds to its rows (joined partner names) is not computed for each row counted
        return self.object_list.order_by().values("pk")[: self.COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.COUNT_CAP


class UncountedPage(Page):
    def __init__(self, rows, number, paginator, has_next: bool):
        super().__init__(rows, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class UncountedPaginator(Paginator):
    """The pages of a search, ranked best first, without counting them: one page and one more row (is there a
    next page?) is the whole cost, as in the API; a searched queryset ranks only what the page needs
    (`SearchQuerySet.best_first`). A first page that finds nothing is asked again forgiving typos."""

    uncounted = True
    capped = False
    num_pages = 0  # unknown: "?page=last" finds no page rather than counting

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise EmptyPage(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if (number - 1) * self.per_page > CappedPaginator.COUNT_CAP:
            # as deep as a counted list goes: further, the offset costs a scan (and past a bigint, a 500)
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number) -> UncountedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if hasattr(self.object_list, "best_first"):
            rows = self.object_list.best_first(bottom, self.per_page + 1)
        else:
            rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number == 1 and hasattr(self.object_list, "typo_tolerant"):
            rows = self.object_list.typo_tolerant().best_first(0, self.per_page + 1)
        return UncountedPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)


class RegistryListView(RegistryAccessMixin, ListView):
    """Every list has one shape: filters kept in the URL, a sortable table, 50 rows a page.

    An htmx request (search as you type, a filter changed, a page turned) gets only the results part.
    """

    paginate_by = 50
    paginator_class = CappedPaginator
    filter_form_class = None
    listing: RecordList | None = None  # the list's columns and sorting, declared once (core.listing)
    sort_fields: dict[str, str] = {}  # a list not declared: its sort keys and default order here
    default_sort = ""
    template_name = "core/record_list.html"
    table_template = ""
    create_url_name = ""

    def get_queryset(self):
        self.filter_form = self.filter_form_class(self.request.GET or None, user=self.request.user)
        queryset = self.filter_form.filter(self.base_queryset())
        if self.searched(queryset) and not self.request.GET.get("sort"):
            return queryset.by_relevance()
        return queryset.order_by(*self.ordering_for(self.sort_key()))

    @staticmethod
    def searched(queryset) -> bool:
        return bool(getattr(queryset, "search_words", None))

    def paginate_queryset(self, queryset, page_size):
        """The page asked for; a number no page has (a word, 0, negative, past the last: a bookmark of a list
        since shortened) shows the nearest page and says so. Django's 404 told the user they may not open it."""
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        asked = self.request.GET.get(self.page_kwarg) or 1
        try:
            page = paginator.page(paginator.num_pages if asked == "last" else asked)
        except InvalidPage:
            past_the_end = str(asked).isdigit() and int(asked) > 1 and paginator.num_pages > 0
            page = paginator.page(paginator.num_pages if past_the_end else 1)
            # with the results, not as a message: an htmx request shows only them, and a message would wait
            # for the next whole page, wherever that is
            self.page_note = _("That page does not exist: this is page %(page)s.") % {"page": page.number}
        return paginator, page, page.object_list, page.has_other_pages()

    def get_paginator(self, queryset, per_page, **kwargs):
        """A search pages without counting (its rows are ranked, and counting them costs more than the page)."""
        if self.searched(queryset):
            return UncountedPaginator(queryset, per_page, **kwargs)
        return super().get_paginator(queryset, per_page, **kwargs)

    def base_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def sorts(self) -> dict[str, str]:
        """The page's sort keys and the fields they order by: the list's declaration's, else the view's."""
        return self.listing.sort_fields() if self.listing else self.sort_fields

    def sort_key(self) -> str:
        wanted = self.request.GET.get("sort", "")
        default = self.listing.default_sort if self.listing else self.default_sort
        return wanted if wanted.lstrip("-") in self.sorts() else default

    def ordering_for(self, key: str) -> list[str]:
        field = self.sorts()[key.lstrip("-")]
        if key.startswith("-"):
            return [f"-{field}", "-pk"]
        return [field, "pk"]

    export_columns: list = []
    # A list that also exports as IATI 2.03 names the function making the document of its rows (staticmethod).
    iati_document = None

    def get(self, request, *args, **kwargs):
        """`?export=csv|xlsx` gives the list as shown — same filters and order, every page — as a file."""
        fmt = request.GET.get("export")
        if (fmt in FORMATS and self.exports()) or (fmt == "iati" and self.iati_document):
            rows = self.exported_rows()
            if rows is None:
                return self.refuse_export(request, *args, **kwargs)
            if fmt == "iati":
                return self.iati_response(rows)
            return export_response(rows, self.columns_for_export(), fmt, str(self.model._meta.verbose_name_plural))
        return super().get(request, *args, **kwargs)

    def iati_response(self, rows) -> HttpResponse:
        """`?export=iati`: the listed rows as an IATI 2.03 activities document, for a list that declares one."""
        response = HttpResponse(self.iati_document(rows), content_type="application/xml")
        name = f"medcoop-iati-{self.model._meta.model_name}.xml"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def exported_rows(self):
        """The rows an export gives, or None when a filter's value is refused: the page then lists every row
        beside the filter's error, but a file of every row would pass for the filtered one asked for."""
        rows = self.get_queryset()
        if self.filter_form.is_bound and not self.filter_form.is_valid():
            return None
        return rows

    def refuse_export(self, request, *args, **kwargs):
        """The list again (400), the filters' errors shown and a message saying nothing was exported."""
        messages.error(request, _("A filter's value is not valid, so nothing was exported: correct the filter."))
        response = super().get(request, *args, **kwargs)
        response.status_code = 400
        return response

    def exports(self) -> bool:
        return bool(self.listing or self.export_columns)

    def columns_for_export(self) -> list:
        """The export's columns; a list whose columns depend on data (one per vocabulary term) adds them here."""
        return self.listing.export_columns() if self.listing else self.export_columns

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["core/_results.html"]
        return [self.template_name]

    def render_to_response(self, context, **kwargs):
        """The same URL answers a whole page or only its results: caches must keep the two apart."""
        response = super().render_to_response(context, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            sort=self.request.GET.get("sort", "") if self.searched(self.object_list) else self.sort_key(),
            table_template=self.table_template,
            title=self.model._meta.verbose_name_plural,
            can_create=self.request.user.has_perm(perm_name(self.model, "add")),
            create_url=reverse(self.create_url_name) if self.create_url_name else "",
            can_export=self.exports(),
            exports_iati=self.iati_document is not None,
            page_note=getattr(self, "page_note", ""),
        )
        return context


class RecordFormView(RegistryAccessMixin, TemplateView):
    """Create or edit a record with its nested rows on one page; a service saves the whole, all or nothing.

    Subclasses name the `form_class`, the `formset_classes` by prefix, the rows of an existing record
    (`initial_rows`) and `save(form, rows)`, which calls the domain's service.
    """

    form_class = None
    formset_classes: dict = {}
    template_name = "core/record_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        if "pk" in self.kwargs:
            return get_object_or_404(self.model.objects.editable_by(self.request.user), pk=self.kwargs["pk"])
        new = self.new_object()
        if not self.request.user.has_perm(perm_name(self.model, "add"), new):
            raise Http404
        return new

    def new_object(self):
        return self.model(owner=self.request.user.organization)

    def initial_rows(self, prefix: str) -> list[dict]:
        return self.existing_rows(prefix) if self.object.pk else self.new_rows(prefix)

    def existing_rows(self, prefix: str) -> list[dict]:
        """The nested rows of the record being edited, as the row forms' initial data."""
        raise NotImplementedError

    def new_rows(self, prefix: str) -> list[dict]:
        """Rows a new record starts with."""
        return []

    def build(self):
        data = self.request.POST if self.request.method == "POST" else None
        form = self.form_class(data, instance=self.object, user=self.request.user)
        formsets = {
            prefix: formset_class(
                data, prefix=prefix, user=self.request.user, initial=None if data else self.initial_rows(prefix)
            )
            for prefix, formset_class in self.formset_classes.items()
        }
        return form, formsets

    def get(self, request, *args, **kwargs):
        form, formsets = self.build()
        return self.render_page(form, formsets)

    def post(self, request, *args, **kwargs):
        if repeat := repeated_create(request, self.object):
            return repeat
        form, formsets = self.build()
        saved = None
        valid = form.is_valid() and all(f.is_valid() for f in formsets.values())
        duplicates = []
        if valid and not request.POST.get("save_anyway"):
            duplicates = self.duplicates(form, {prefix: f.rows() for prefix, f in formsets.items()})
        try:
            saved = save_from_page(
                request,
                self.object,
                lambda: self.save(form, {prefix: f.rows() for prefix, f in formsets.items()}),
                valid=valid and not duplicates,
            )
        except ValidationError as error:
            show_service_errors(error, form, formsets)
        except PermissionDenied:
            raise Http404 from None
        if saved:
            messages.success(request, _("Saved “%(record)s”.") % {"record": saved})
            return redirect(saved.get_absolute_url())
        return self.render_page(form, formsets, status=400, duplicates=duplicates)

    def duplicates(self, form, rows) -> list:
        """The recorded records this one, as filled in, likely repeats (each with `.record`, `.reasons`): shown
        before saving, saved only when the user confirms ("save anyway")."""
        return []

    def render_page(self, form, formsets, status=200, duplicates=()):
        merge = perm_name(self.model, "merge")
        for duplicate in duplicates:
            duplicate.merge_url = (
                reverse(f"{self.model._meta.model_name}-merge", args=[duplicate.record.pk])
                + f"?merged={self.object.pk}"
                if self.object.pk and rules.perm_exists(merge) and self.request.user.has_perm(merge, duplicate.record)
                else ""
            )
        context = self.get_context_data(
            duplicates=duplicates,
            form=form,
            formsets=formsets,
            object=self.object,
            creating=self.object.pk is None,
            verbose_name=self.model._meta.verbose_name,
            cancel_url=self.cancel_url(),
            **form_guard(self.request, self.object),
        )
        return self.render_to_response(context, status=status)

    def cancel_url(self) -> str:
        """Where "Cancel" leads: the record's page, or for a new record the page one level up (its list)."""
        return self.object.get_absolute_url() if self.object.pk else ".."


def repeated_create(request, instance) -> HttpResponse | None:
    """A create page's POST sent again (its one-time token already claimed by the first): where that one went.
    None for a first POST, an edit or a GET."""
    if request.method != "POST" or instance.pk is not None:
        return None
    already = locking.claim_form_token(request.user, request.POST.get("form_token"))
    if not already:
        return None
    messages.info(request, _("This form was already sent; it was saved once."))
    return redirect(already if already != locking.PENDING else request.path)


def save_from_page(request, instance, save, *, valid: bool):
    """Save a create or edit page's POST when its forms are `valid` (`save()` returns the record the page then
    shows): an edit only at the version its page showed
    (a POST without one is refused like a stale one), a create settling its one-time token with the address of
    what it made (or freeing it when invalid or refused, so the corrected form can be sent). Call after
    `repeated_create`."""
    token = request.POST.get("form_token") if instance.pk is None else None
    saved = None
    try:
        if valid:
            saved = locking.save_at_version(instance, request.POST.get("version"), save, required=True)
        return saved
    finally:
        locking.settle_form_token(request.user, token, saved.get_absolute_url() if saved else None)


def flash_errors(request, error: ValidationError) -> None:
    """A refused step's reasons on the next page, one message each (each a sentence of its own), never glued."""
    for message in dict.fromkeys(error.messages):
        messages.error(request, message)


def form_guard(request, instance) -> dict:
    """What a create or edit page carries for `save_from_page` (`core/_form_guard.html`): the record's current
    version, or the create form's one-time token (the one sent, when the page comes back with errors)."""
    if instance.pk is not None:
        current = type(instance)._base_manager.filter(pk=instance.pk).first()
        return {"version": locking.version_of(current) if current else "", "form_token": ""}
    sent = request.POST.get("form_token") if request.method == "POST" else None
    return {"version": "", "form_token": sent or locking.new_form_token()}


class RecordDeleteView(RegistryAccessMixin, TemplateView):
    """Asks before deleting; deletes only what the user may change."""

    template_name = "core/record_confirm_delete.html"
    success_url_name = ""

    def get_object(self):
        return get_object_or_404(self.model.objects.editable_by(self.request.user), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"object": self.get_object(), "verbose_name": self.model._meta.verbose_name})

    def post(self, request, *args, **kwargs):
        record = self.get_object()
        try:
            delete_record(request.user, record)
        except ValidationError as error:
            return self.render_to_response(
                {"object": record, "verbose_name": self.model._meta.verbose_name, "errors": error.messages}, status=400
            )
        messages.success(request, _("Deleted “%(record)s”.") % {"record": record})
        return redirect(self.success_url_name)


def home(request):
    """Registry readers start on their dashboard, partner experts on the cases shared with them."""
    if not request.user.is_authenticated:
        return redirect("login")
    if reads_registry(request.user):
        return redirect("dashboard")
    return redirect("case-list")


@require_POST
def set_language(request):
    """Switch the interface language, and remember it on the user so every device follows."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response = HttpResponseRedirect(next_url(request))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    translation.activate(language)
    return response


def server_error(request):
    """The 500 page, or 503 when the database is down (OperationalError, InterfaceError raised anywhere in the
    request, middleware included). Rendered without the context processors: they would ask the database."""
    from django.db import InterfaceError, OperationalError
    from django.template import loader

    error = sys.exc_info()[1]
    down = isinstance(error, (OperationalError, InterfaceError))
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    with translation.override(language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE):
        html = loader.get_template("503.html" if down else "500.html").render()
    response = HttpResponse(html, status=503 if down else 500)
    if down:
        response["Retry-After"] = "60"
    return response
