"""/api/agreements/ (read only): the agreements' list declaration and the page's filter form."""

from medcoop.core.listing import prefetch_rows
from medcoop.core.records_api import record_router

from .forms import AgreementFilterForm
from .lists import AGREEMENTS
from .models import Agreement

router = record_router(
    AGREEMENTS,
    tag="agreements",
    name="Agreement",
    filter_form=AgreementFilterForm,
    summary="Agreements with their derived status, parties and commitments",
    visible=lambda user: Agreement.objects.visible_to(user).with_status(),  # before the filters: they read it
    read=lambda queryset: queryset.prefetch_related(prefetch_rows("parties"), prefetch_rows("commitments")),
)
