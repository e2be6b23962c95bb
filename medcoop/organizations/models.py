"""Organizations — member institutions whose staff use MedCoop, and their partners at home and abroad —
with the people MedCoop knows there."""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from medcoop.core.countries import country_name, is_country
from medcoop.core.links import record_url
from medcoop.core.models import RegistryModel, SearchableRegistryModel
from medcoop.core.permissions import VisibleQuerySet
from medcoop.core.values import ORGANIZATION_IDENTIFIERS, ValueProblem
from medcoop.search.query import SearchQuerySet

from .provinces import province_choices, province_name


class OrganizationKind(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    GOVERNMENT = "government", _("Government body")
    NGO = "ngo", _("Non-governmental organization")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class OrganizationQuerySet(SearchQuerySet):
    def members(self):
        return self.filter(is_member=True)

    def partners(self):
        return self.filter(is_member=False)


class Organization(SearchableRegistryModel):
    """Any institution. A member institution owns itself; a partner is owned by the member that records it,
    so each institution keeps its own partner registry."""

    owner_path = "owner"

    name = models.CharField(_("name"), max_length=300, help_text=_("The name as used, usually in Vietnamese."))
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    aliases = models.JSONField(
        _("aliases"),
        default=list,
        blank=True,
        help_text=_("Other names and abbreviations, used to match articles and sheets."),
    )
    code = models.SlugField(
        _("code"), max_length=30, blank=True, help_text=_("Short code of a member institution, e.g. for reports.")
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganizationKind.choices, default=OrganizationKind.HOSPITAL
    )
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    province_code = models.PositiveSmallIntegerField(
        _("province / city"), null=True, blank=True, choices=province_choices()
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    is_member = models.BooleanField(
        _("member institution"), default=False, help_text=_("Its staff use this MedCoop deployment.")
    )
    owner = models.ForeignKey(
        "self",
        verbose_name=_("owning institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_organizations",
        limit_choices_to={"is_member": True},
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Identifiers other systems use; each read and checked by its reader in core.values, unique in an
    # institution's registry where given (two institutions may each record the same partner).
    ror_id = models.CharField(_("ROR ID"), max_length=40, blank=True, help_text=_("e.g. 0321g0743"))
    iati_org_id = models.CharField(
        _("IATI organisation identifier"), max_length=100, blank=True, help_text=_("e.g. XM-DAC-41114")
    )
    moh_facility_code = models.CharField(
        _("Ministry of Health facility code"), max_length=20, blank=True, help_text=_("Five digits, e.g. 01929.")
    )
    tax_code = models.CharField(
        _("tax code"), max_length=20, blank=True, help_text=_("e.g. 0100112437 or 0100112437-001")
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="organization_unique_code"),
            *[
                models.UniqueConstraint(
                    fields=["owner", name], condition=~models.Q(**{name: ""}), name=f"organization_unique_{name}"
                )
                for name in ORGANIZATION_IDENTIFIERS
            ],
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return record_url("organization-detail", self.pk)  # each row of a list links here

    def search_parts(self) -> list[str]:
        return [self.name, self.name_en, self.code, self.city, *self.aliases]

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def province_name(self) -> str:
        return province_name(self.province_code)

    def clean(self):
        errors = {}
        if self.country:
            self.country = self.country.upper()
        if self.country and not is_country(self.country):  # an empty one is already "this field is required"
            errors["country"] = _("Unknown country code “%(code)s”: give two letters such as VN, FR or LA.") % {
                "code": self.country
            }
        elif self.province_code and self.country != "VN":
            errors["province_code"] = _("A Vietnamese province can only be given for an organization in Vietnam.")
        if self.is_member and self.owner_id and self.owner_id != self.pk:
            errors["owner"] = _("A member institution owns its own records.")
        if not self.is_member and not self.owner_id:
            errors["owner"] = _("A partner organization must belong to a member institution.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An organization cannot be its own parent.")
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            errors["aliases"] = _("Aliases must be a list of names.")
        if errors:
            raise ValidationError(errors)

    def clean_fields(self, exclude=None):
        """Identifiers are read into their one stored form first ("https://ror.org/0321G0743" → 0321g0743)."""
        exclude = set(exclude or ())
        errors = {}
        for name, read in ORGANIZATION_IDENTIFIERS.items():
            if name in exclude:
                continue
            try:
                setattr(self, name, read(getattr(self, name)))
            except ValueProblem as problem:
                errors[name] = [str(problem)]
        try:
            super().clean_fields(exclude=exclude | set(errors))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        """An identifier another organization of the same registry has is named on its field."""
        exclude = set(exclude or ())
        errors = {}
        owner = self.pk if self.is_member else self.owner_id
        for name in ORGANIZATION_IDENTIFIERS:
            value = getattr(self, name)
            if name in exclude or not value:
                continue
            other = type(self).objects.filter(owner_id=owner, **{name: value}).exclude(pk=self.pk).first()
            if other is not None:
                errors[name] = _("“%(other)s” already has this identifier.") % {"other": other}
        try:
            super().validate_constraints(exclude=exclude | set(ORGANIZATION_IDENTIFIERS))
        except ValidationError as error:
            errors = {**error.update_error_dict({}), **{k: [v] for k, v in errors.items()}}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.is_member and self.owner_id != self.pk:
            # A member institution owns itself; its id is only known once it is saved.
            type(self).objects.filter(pk=self.pk).update(owner=self.pk)
            self.owner_id = self.pk


class ContactRole(models.TextChoices):
    SIGNATORY = "signatory", _("Signatory")
    FOCAL_POINT = "focal_point", _("Focal point")
    BACKUP = "backup", _("Back-up focal point")
    OTHER = "other", _("Other")


class Contact(RegistryModel):
    """A person at an organization: who signs, who answers e-mails."""

    owner_path = "organization__owner"
    audit_private = ("email", "phone")  # how to reach a person; the name and title say who answers

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("e.g. Director, Prof. Dr."))
    role = models.CharField(_("role"), max_length=20, choices=ContactRole.choices, default=ContactRole.FOCAL_POINT)
    email = models.EmailField(_("e-mail"), blank=True, validators=[EmailValidator()])
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["organization__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"
