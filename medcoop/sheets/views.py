"""Upload a sheet, see what it will change (or what is wrong with it), then confirm. The uploaded file waits in
the session's temporary storage between the two steps, so the preview and the import read the same bytes; the
import itself runs as background work, whose page shows its progress."""

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medcoop.core.permissions import writes_registry
from medcoop.core.uploads import accepts_upload
from medcoop.jobs.models import JobKind
from medcoop.jobs.services import start

from . import files
from .importer import plan_import
from .kinds import sheet_kinds
from .workbook import SheetError, read_sheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING = Path(tempfile.gettempdir()) / "medcoop-sheets"
PREVIEW_ROWS = 20


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the sheet holds"))
    file = forms.FileField(label=gettext_lazy("Sheet (XLSX or CSV)"))
    locale = forms.ChoiceField(
        label=gettext_lazy("How the sheet writes numbers"),
        required=False,
        choices=[
            ("", gettext_lazy("Tell from the sheet (ask when unclear)")),
            ("vi", gettext_lazy("Vietnamese: 1.500 = one thousand five hundred, 13,5")),
            ("en", gettext_lazy("English: 1,500 = one thousand five hundred, 13.5")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(slug, kind.label) for slug, kind in sheet_kinds().items()]

    def clean_file(self):
        """The size cap of a sheet, from its declared size, before a byte of it is read."""
        upload, limit = self.cleaned_data["file"], settings.MEDCOOP_MAX_SHEET_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                gettext_lazy("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


def _require_writer(user):
    if not writes_registry(user):
        raise Http404


@accepts_upload("MEDCOOP_MAX_SHEET_BYTES")
@login_required
def upload(request):
    _require_writer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "kinds": sheet_kinds()}
    if request.method == "POST" and form.is_valid():
        data, name, slug = form.cleaned_data["file"].read(), form.cleaned_data["file"].name, form.cleaned_data["kind"]
        locale = form.cleaned_data["locale"] or None
        try:
            plan = plan_import(request.user, slug, read_sheet(data, name), locale, keep=PREVIEW_ROWS)
        except SheetError as error:
            form.add_error("file", str(error))
            return render(request, "sheets/upload.html", context, status=400)
        token = secrets.token_hex(16)
        PENDING.mkdir(exist_ok=True)
        (PENDING / token).write_bytes(data)
        request.session["sheet"] = {"token": token, "name": name, "kind": slug, "locale": locale}
        context.update(plan=plan, preview=plan.rows[:PREVIEW_ROWS], errors=plan.errors[:200])
        return render(request, "sheets/preview.html", context, status=400 if plan.errors else 200)
    return render(request, "sheets/upload.html", context)


def _pending_file(request):
    pending = request.session.get("sheet")
    path = PENDING / pending["token"] if pending else None
    if not pending or not path.exists():
        raise Http404
    return pending, path


@login_required
def confirm(request):
    _require_writer(request.user)
    if request.method != "POST":
        return redirect("sheet-upload")
    pending, path = _pending_file(request)
    job = start(
        request.user,
        JobKind.SHEET_IMPORT,
        _("Import of %(name)s") % {"name": pending["name"]},
        {"kind": pending["kind"], "name": pending["name"], "locale": pending.get("locale")},
        source=(pending["name"], path.read_bytes()),
    )
    path.unlink(missing_ok=True)
    del request.session["sheet"]
    return redirect(job)


@login_required
def errors_file(request):
    """The uploaded sheet with an error column, to correct and upload again."""
    _require_writer(request.user)
    pending, path = _pending_file(request)
    plan = plan_import(
        request.user, pending["kind"], read_sheet(path.read_bytes(), pending["name"]), pending.get("locale"), keep=0
    )
    response = HttpResponse(files.rejected(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="loi-{Path(pending["name"]).stem}.xlsx"'
    return response


@login_required
def template_file(request, slug):
    if slug not in sheet_kinds():
        raise Http404
    response = HttpResponse(files.template(sheet_kinds()[slug]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-{slug}.xlsx"'
    return response
