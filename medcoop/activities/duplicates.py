"""Which recorded activities a new or edited one likely repeats: the same partner, dates that overlap (or are not
known), a similar title (or one of the titles merged into it), the same specialties and kind. The forms, the API, the sheet importer and the article
importer ask the same finder, built once per batch from the institution's activities."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from medcoop.audit.merging import Likely
from medcoop.core.text import fold_words

from .models import Activity

# How much each kind of evidence weighs (they add up to 1), and the score a likely duplicate reaches. The same
# partners with overlapping dates and one more agreeing sign (title, specialties or kind) pass; the same
# partner alone, years apart, does not (dates that do not overlap rule a candidate out).
WEIGHTS = {"partners": 0.35, "dates": 0.25, "title": 0.25, "specialties": 0.10, "kind": 0.05}
LIKELY = 0.6
UNKNOWN = 0.5  # what a missing date range or an activity without partners counts for: neither for nor against


def _span(start, end) -> tuple[date, date] | None:
    """The days a partial start and end cover (a month-precise start covers its month)."""
    if start is None and end is None:
        return None
    first = (start or end).value
    last = end.last_day if end else start.last_day
    return first, last


def _title(text: str) -> str:
    return " ".join(fold_words(text or ""))


def _overlap(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else UNKNOWN


@dataclass
class Proposed:
    """What a new or edited activity says, for comparing: its own fields and the ids of its partners."""

    activity: Activity
    partner_ids: set
    specialty_codes: set


class ActivityDuplicateFinder:
    """The institution's activities with their partners and specialties, read in three queries."""

    def __init__(self, activities):
        self.activities = list(activities)
        ids = [a.pk for a in self.activities]
        self.partners: dict[int, set] = {pk: set() for pk in ids}
        self.specialties: dict[int, set] = {pk: set() for pk in ids}
        self.by_partner: dict[int, list[Activity]] = {}
        if not ids:  # an institution with no activity yet: nothing to read (the reader asks once per article)
            self.titles: dict[int, str] = {}
            return
        through = Activity.specialties.through
        for activity_id, organization_id in Activity.partners.rel.related_model.objects.filter(
            activity__in=ids
        ).values_list("activity_id", "organization_id"):
            self.partners[activity_id].add(organization_id)
        for activity_id, code in through.objects.filter(activity__in=ids).values_list("activity_id", "specialty_id"):
            self.specialties[activity_id].add(code)
        by_pk = {a.pk: a for a in self.activities}
        for pk, organizations in self.partners.items():
            for organization_id in organizations:
                self.by_partner.setdefault(organization_id, []).append(by_pk[pk])
        # its title and the titles of activities merged into it (a copy recorded again under the old title)
        self.titles = {a.pk: [_title(t) for t in (a.title, *a.aliases)] for a in self.activities}

    def likely(self, proposed: Proposed) -> list[Likely]:
        activity = proposed.activity
        if proposed.partner_ids:
            pool = {a.pk: a for pk in proposed.partner_ids for a in self.by_partner.get(pk, [])}.values()
        else:
            pool = self.activities
        span = _span(activity.start, activity.end)
        title = _title(activity.title)
        found = []
        for other in pool:
            if activity.pk and other.pk == activity.pk:
                continue
            reasons, scores = [], {}
            other_span = _span(other.start, other.end)
            if span and other_span:
                if span[1] < other_span[0] or other_span[1] < span[0]:
                    continue
                scores["dates"] = 1.0
                reasons.append(_("overlapping dates"))
            else:
                scores["dates"] = UNKNOWN
            shared = proposed.partner_ids & self.partners[other.pk]
            scores["partners"] = _overlap(proposed.partner_ids, self.partners[other.pk])
            if shared:
                reasons.append(_("the same partner"))
            scores["title"] = max(fuzz.token_sort_ratio(title, known) for known in self.titles[other.pk]) / 100
            if scores["title"] >= 0.8:
                reasons.append(_("a similar title"))
            scores["specialties"] = _overlap(proposed.specialty_codes, self.specialties[other.pk])
            scores["kind"] = 1.0 if activity.kind_id and activity.kind_id == other.kind_id else 0.0
            score = sum(WEIGHTS[name] * value for name, value in scores.items())
            if score >= LIKELY:
                found.append(Likely(other, round(score * 100), reasons))
        return sorted(found, key=lambda entry: (-entry.score, entry.record.pk))


def likely_duplicates(activity: Activity, partner_ids=(), specialty_codes=()) -> list[Likely]:
    """The owner's recorded activities a new or edited one likely repeats, best first."""
    candidates = Activity.objects.filter(owner_id=activity.owner_id).select_related("kind")
    if partner_ids:
        candidates = candidates.filter(partners__organization__in=list(partner_ids)).distinct()
    finder = ActivityDuplicateFinder(candidates)
    return finder.likely(Proposed(activity, set(partner_ids), set(specialty_codes)))
