"""Articles: read one in, propose its records, and apply the reviewed proposal — each step all or nothing."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from medcoop.activities.duplicates import likely_duplicates as likely_activity_duplicates
from medcoop.activities.models import Activity, Provenance
from medcoop.activities.services import add_to_activity, save_activity
from medcoop.agreements.models import Agreement
from medcoop.agreements.services import save_agreement
from medcoop.core.dates import Precision
from medcoop.core.models import ActivityKind, FigureMetric, Specialty
from medcoop.core.net import FetchError, fetch
from medcoop.core.rules import allowed
from medcoop.core.services import require_can_save, require_can_write
from medcoop.organizations.models import Organization
from medcoop.organizations.services import OrganizationMatcher, create_partner

from .cleaning import clean
from .extraction import extract
from .models import Article, ArticleSource, ArticleStatus, text_fingerprint
from .reading import ReadError, ReadText, read_bytes
from .rules import ARTICLE_PERMS


def fetch_url(url: str) -> ReadText:
    """A public web page (core.net: no address inside the network, one deadline and size cap), as an article."""
    try:
        data = fetch(url, limit=settings.MEDCOOP_MAX_ARTICLE_BYTES)
    except FetchError as error:
        raise ReadError(str(error)) from error
    return read_bytes(data, url)


def read_given(*, file=None, text: str = "", url: str = "") -> tuple[ReadText, str, str, str]:
    """The one article given — an uploaded file, pasted text or a web address — read, with its source, file
    name and address: the page and the API read articles the same way."""
    if file:
        if file.size > settings.MEDCOOP_MAX_ARTICLE_BYTES:
            raise ReadError(
                _("The file is larger than %(limit)s MB.")
                % {"limit": settings.MEDCOOP_MAX_ARTICLE_BYTES // (1024 * 1024)}
            )
        return read_bytes(file.read(), file.name), ArticleSource.FILE, file.name, ""
    if url:
        return fetch_url(url), ArticleSource.URL, "", url
    return read_bytes(text.encode("utf-8")), ArticleSource.PASTED, "", ""


def matcher_for(owner: Organization) -> OrganizationMatcher:
    """The organisations an institution already knows: its own registry, itself included."""
    return OrganizationMatcher(Organization.objects.filter(owner=owner), home=owner)


def propose_matches(extraction: dict, matcher: OrganizationMatcher) -> None:
    """Mark each extracted organisation with the registry organisation it most likely is, if any."""
    for item in extraction["organizations"]:
        organization, score = matcher.match(item["name"], *item.get("aliases", []))
        item["match"] = (
            {"id": organization.pk, "name": organization.name, "score": round(score)} if organization else None
        )


@transaction.atomic
def store_article(
    user,
    read: ReadText,
    *,
    source: str = ArticleSource.FILE,
    source_name: str = "",
    url: str = "",
    matcher: OrganizationMatcher | None = None,
) -> tuple[Article, bool]:
    """Keep an article and its proposal; the same article (same text) read again is the one already kept."""
    require_can_write(user, user.organization_id)
    owner = user.organization
    existing = Article.objects.filter(owner=owner, fingerprint=text_fingerprint(clean(read.text).text)).first()
    if existing:
        return existing, False
    extraction = extract(read.text)
    text = extraction.pop("text")
    propose_matches(extraction, matcher or matcher_for(owner))
    extraction["merge_into"] = _best(
        activity_duplicates(
            owner,
            extraction,
            (extraction["title"] or read.title)[:500],
            extraction["published_on"] or read.published_on or "",
        )
    )
    article = Article.objects.create(
        owner=owner,
        title=(extraction["title"] or read.title)[:500],
        source=source,
        source_name=source_name[:300],
        url=url,
        published_on=extraction["published_on"] or read.published_on or "",
        text=text,
        extraction=extraction,
        read_by=user,
    )
    return article, True


def allowed_actions(user, article: Article) -> list[str]:
    """The steps ("review", "apply", "reject") this user may take on the article now; the page offers these."""
    return allowed(user, ARTICLE_PERMS, article)


def require_step(user, article: Article, step: str) -> None:
    """Refuse a step to whoever may not change the article, and a step its state does not allow, by name."""
    require_can_save(user, article)
    if not user.has_perm(ARTICLE_PERMS[step], article):
        raise ValidationError(
            _("This article is “%(status)s”: it can no longer be reviewed, applied or rejected.")
            % {"status": article.get_status_display()}
        )


@dataclass
class Applied:
    organizations: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    merged_into: list = field(default_factory=list)  # existing activities the article's was merged into


def _proposed_kinds(review: dict) -> list[str]:
    return [k for k in review.get("activity_kinds", []) if k != "agreement"] or review.get("activity_kinds", [])


def activity_duplicates(owner: Organization, review: dict, title: str, published_on: str = "") -> list:
    """The institution's recorded activities the article's likely repeats (activities.duplicates): its partners
    are the matched organizations other than the institution itself, its dates the article's."""
    kinds = _proposed_kinds(review)
    partner_ids = {
        item["match"]["id"]
        for item in _included(review.get("organizations", []))
        if item.get("match") and item["match"]["id"] != owner.pk
    }
    start_on, precision = partial_date(published_on or None)
    proposed = Activity(
        owner=owner, kind_id=kinds[0] if kinds else "", title=title, start_on=start_on, start_precision=precision
    )
    return likely_activity_duplicates(proposed, partner_ids, review.get("specialties", []))


def _best(candidates) -> dict | None:
    if not candidates:
        return None
    best = candidates[0]
    return {"id": best.record.pk, "title": best.record.title, "score": best.score}


def partial_date(text: str | None) -> tuple[date | None, str]:
    """ "2017-10" → (01/10/2017, month precision)."""
    if not text:
        return None, Precision.DAY
    parts = [int(p) for p in text.split("-")]
    precision = {1: Precision.YEAR, 2: Precision.MONTH}.get(len(parts), Precision.DAY)
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1), precision


def span_note(article: Article, item: dict) -> str:
    spans = item.get("evidence") or []
    where = f", {spans[0]['start']}–{spans[0]['end']}" if spans else ""
    return f"article #{article.pk}{where}"


@transaction.atomic
def apply_article(user, article: Article, review: dict | None = None) -> Applied:
    """Create the reviewed records with provenance pointing at the article and span. An article already
    applied creates nothing new."""
    require_can_save(user, article)
    article = Article.objects.select_for_update().get(pk=article.pk)
    applied = Applied()
    if article.status == ArticleStatus.APPLIED:
        return applied
    require_step(user, article, "apply")
    review = review or article.extraction
    organizations = _apply_organizations(user, article, review, applied)
    agreements = _apply_agreements(user, article, review, organizations, applied)
    _apply_activity(user, article, review, organizations, agreements, applied)
    article.extraction = {
        **review,
        "applied": {
            "organizations": [o.pk for o in applied.organizations],
            "agreements": [a.pk for a in applied.agreements],
            "activities": [a.pk for a in applied.activities],
            "merged_into": [a.pk for a in applied.merged_into],
        },
    }
    article.status = ArticleStatus.APPLIED
    article.save()
    return applied


def _included(items: list[dict]) -> list[dict]:
    return [item for item in items if item.get("include", True)]


def _apply_organizations(user, article, review, applied) -> dict[str, Organization]:
    by_name = {}
    for item in _included(review.get("organizations", [])):
        match = item.get("match")
        organization = Organization.objects.filter(pk=match["id"], owner=article.owner).first() if match else None
        if organization is None:
            organization = create_partner(
                user,
                article.owner,
                name=item["name"],
                country=item.get("country") or "VN",
                kind=item.get("kind") or "other",
                aliases=item.get("aliases", []),
                notes=_("From %(source)s.") % {"source": span_note(article, item)},
            )
            applied.organizations.append(organization)
        by_name[item["name"]] = organization
    return by_name


def _apply_agreements(user, article, review, organizations, applied) -> list[Agreement]:
    created = []
    for item in _included(review.get("agreements", [])):
        parties = [article.owner, *[organizations[p] for p in item.get("parties", []) if p in organizations]]
        parties = list(dict.fromkeys(parties))
        if len(parties) < 2:
            continue
        signed_on, _precision = partial_date(item.get("signed_on"))
        agreement = Agreement(
            owner=article.owner,
            kind=item.get("kind") or "mou",
            signed_on=signed_on,
            duration_months=item.get("duration_months"),
            title=" – ".join(p.name for p in parties)[:400],
            summary=_("From %(source)s.") % {"source": span_note(article, item)},
        )
        created.append(save_agreement(user, agreement, parties=[{"organization": p} for p in parties]))
    applied.agreements.extend(created)
    return created


def _apply_activity(user, article, review, organizations, agreements, applied) -> None:
    kinds = _proposed_kinds(review)
    proposed = review.get("activity") or {}  # the review page's activity: title, kind, dates, direction, place
    if proposed.get("kind"):
        kinds = [proposed["kind"], *kinds]
    if not kinds:
        return
    start_on, precision = partial_date(proposed.get("start_on") or article.published_on or None)
    end_on = date.fromisoformat(proposed["end_on"]) if proposed.get("end_on") else None
    activity = Activity(
        owner=article.owner,
        kind=ActivityKind.objects.get(pk=kinds[0]),
        title=(proposed.get("title") or article.title)[:400] or str(article),
        start_on=start_on,
        start_precision=precision,
        end_on=end_on,
        direction=proposed.get("direction") or Activity._meta.get_field("direction").default,
        country=proposed.get("country") or "",
        place=proposed.get("place") or "",
        provenance=Provenance.ARTICLE,
        source_url=article.url,
        source_reference=f"article #{article.pk}",
        agreement=agreements[0] if len(agreements) == 1 else None,
    )
    metrics = {m.code: m for m in FigureMetric.objects.all()}
    figures = [
        {
            "metric": metrics[f["metric"]],
            "value": f["value"],
            "currency": f.get("currency") or "",
            "note": span_note(article, f),
        }
        for f in _included(review.get("figures", []))
        if f["metric"] in metrics
    ]
    partners = [
        {"organization": o, "role": "participant"} for o in dict.fromkeys(organizations.values()) if o != article.owner
    ]
    target = _merge_target(article, review)
    if target is not None:
        fills = {
            name: getattr(activity, name)
            for name in ("start_on", "start_precision", "end_on", "end_precision", "source_url", "source_reference")
        }
        add_to_activity(
            user,
            target,
            partners=[p["organization"] for p in partners],
            figures=figures,
            specialties=Specialty.objects.filter(code__in=review.get("specialties", [])),
            fills=fills,
        )
        applied.merged_into.append(target)
        return
    applied.activities.append(
        save_activity(
            user,
            activity,
            partners=partners,
            figures=figures,
            specialties=Specialty.objects.filter(code__in=review.get("specialties", [])),
        )
    )


def _merge_target(article, review) -> Activity | None:
    """The existing activity the reviewer chose to merge the article's into (proposed when the article was
    read in), if it is still the institution's."""
    chosen = review.get("merge_into") or {}
    if not chosen.get("id"):
        return None
    return Activity.objects.filter(pk=chosen["id"], owner=article.owner).first()


@transaction.atomic
def save_review(user, article: Article, review: dict) -> Article:
    """Keep the coordinator's edits to the proposal, to apply later."""
    require_step(user, article, "review")
    article.extraction = review
    article.status = ArticleStatus.REVIEWED
    article.save()
    return article


@transaction.atomic
def reject_article(user, article: Article) -> Article:
    """Nothing is created from a rejected article, and it is not applied later."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require_step(user, article, "reject")
    article.status = ArticleStatus.REJECTED
    article.save(update_fields=["status", "updated_at"])
    return article
