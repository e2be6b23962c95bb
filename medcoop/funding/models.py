"""Funding received from a donor: a grant, a loan or equipment given in kind, its commitment in one ISO 4217
currency, the money's movements over time in IATI's transaction types, and the equipment handed over. A funding
belongs to the institution that receives it and hangs under an agreement, an activity or both."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medcoop.activities.models import CurrencyCodes, validate_currency
from medcoop.core.models import RegistryModel, SearchableRegistryModel
from medcoop.core.permissions import VisibleQuerySet
from medcoop.core.values import currency_choices
from medcoop.exports.formatting import plain_number
from medcoop.search.query import SearchQuerySet


class Instrument(models.TextChoices):
    """How the money comes; mapped to IATI's FinanceType in activities.iati."""

    GRANT = "grant", _("Grant")
    LOAN = "loan", _("Loan")
    IN_KIND = "in_kind", _("In kind (equipment, goods)")


class FlowType(models.TextChoices):
    """IATI FlowType codes: ODA or not, the distinction Vietnamese aid rules draw first."""

    ODA = "10", _("Official development assistance (ODA)")
    OOF = "21", _("Other official flows")
    PRIVATE = "30", _("Private development finance (NGOs, foundations)")
    OTHER = "50", _("Other flows")


class TransactionType(models.TextChoices):
    """IATI TransactionType codes, seen from the institution that receives the funding."""

    INCOMING_COMMITMENT = "11", _("Incoming commitment")
    INCOMING_FUNDS = "1", _("Incoming funds")
    OUTGOING_COMMITMENT = "2", _("Commitment")
    DISBURSEMENT = "3", _("Disbursement")
    EXPENDITURE = "4", _("Expenditure")
    LOAN_REPAYMENT = "6", _("Loan repayment")
    REIMBURSEMENT = "7", _("Reimbursement")


COMMITTING = (TransactionType.INCOMING_COMMITMENT, TransactionType.OUTGOING_COMMITMENT)
DISBURSING = (TransactionType.INCOMING_FUNDS, TransactionType.DISBURSEMENT)
SPENDING = (TransactionType.EXPENDITURE,)


class FundingQuerySet(SearchQuerySet):
    def with_flows(self):
        """Each funding with what was `disbursed` (incoming funds, disbursements) and `spent` (expenditure)."""
        zero = models.Value(0, output_field=models.DecimalField(max_digits=18, decimal_places=2))
        return self.annotate(
            disbursed=Coalesce(
                models.Sum("transactions__amount", filter=models.Q(transactions__kind__in=DISBURSING)), zero
            ),
            spent=Coalesce(models.Sum("transactions__amount", filter=models.Q(transactions__kind__in=SPENDING)), zero),
        )


class Funding(CurrencyCodes, SearchableRegistryModel):
    """What a donor committed to the institution, in one currency; its transactions and equipment follow it."""

    owner_path = "owner"

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("receiving institution"),
        on_delete=models.PROTECT,
        related_name="fundings_received",
        limit_choices_to={"is_member": True},
    )
    title = models.CharField(_("title"), max_length=300)
    donor = models.ForeignKey(
        "organizations.Organization", verbose_name=_("donor"), on_delete=models.PROTECT, related_name="fundings_given"
    )
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices, default=Instrument.GRANT)
    flow_type = models.CharField(_("flow type"), max_length=2, choices=FlowType.choices, default=FlowType.ODA)
    amount = models.DecimalField(
        _("amount committed"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, choices=currency_choices, validators=[validate_currency])
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fundings",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fundings",
    )
    reference = models.CharField(_("donor's reference"), max_length=100, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["-committed_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding-detail", args=[self.pk])

    def search_parts(self) -> list[str]:
        return [self.title, self.reference, self.purpose, str(self.donor) if self.donor_id else ""]

    @property
    def commitment_display(self) -> str:
        return f"{plain_number(self.amount)} {self.currency}"

    def clean(self):
        errors = {}
        if not self.agreement_id and not self.activity_id:
            errors["agreement"] = _("A funding is recorded under an agreement, an activity or both.")
        for name in ("agreement", "activity"):
            linked = getattr(self, name) if getattr(self, f"{name}_id") else None
            if linked is not None and linked.owner_id != self.owner_id:
                errors[name] = _("It must belong to the institution that receives the funding.")
        if self.donor_id and self.donor_id == self.owner_id:
            errors["donor"] = _("The donor cannot be the institution that receives the funding.")
        if errors:
            raise ValidationError(errors)


class FundingTransaction(RegistryModel):
    """One movement of the funding's money on a day, in the funding's currency."""

    owner_path = "funding__owner"

    funding = models.ForeignKey(
        Funding, verbose_name=_("funding"), on_delete=models.CASCADE, related_name="transactions"
    )
    kind = models.CharField(_("transaction type"), max_length=2, choices=TransactionType.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)])
    description = models.CharField(_("description"), max_length=300, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {plain_number(self.amount)}"


class ReceivedEquipment(RegistryModel):
    """An item handed over to the institution under a funding, valued in the funding's currency."""

    owner_path = "funding__owner"

    funding = models.ForeignKey(Funding, verbose_name=_("funding"), on_delete=models.CASCADE, related_name="equipment")
    item = models.CharField(_("item"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    value = models.DecimalField(
        _("value"), max_digits=18, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("equipment received")
        verbose_name_plural = _("equipment received")
        ordering = ["handed_over_on", "pk"]

    def __str__(self) -> str:
        return self.item
