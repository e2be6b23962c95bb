"""Which organization a written name means, and which recorded organizations a new or edited one likely
duplicates: folded names, English names, aliases (former names are kept there too), acronyms, identifiers, a
name written without the locality it ends with, and rapidfuzz similarity. One matcher serves the forms, the API,
the sheet importer and the article importer; it is built once per batch."""

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from medcoop.audit.merging import Likely
from medcoop.core.text import fold_words

from .models import Organization
from .provinces import place_names, province_name

# Whole-name similarity (rapidfuzz ratio on folded words). A misspelling such as "Pittsburg" / "Pittsburgh"
# scores 97; "Bệnh viện" against "Bệnh viện K" scores 90 and "Bệnh viện Nevers" against it about 70,
# so a match needs 93. Set-based scorers are unsafe here: "bệnh viện" alone would make any two hospitals a subset match.
MATCH_THRESHOLD = 93
# A name written without the locality that ends the recorded one ("Bệnh viện Việt Nam - Thụy Điển" for
# "… Uông Bí"), or with one the record leaves out: a match, below an exact one.
LOCALITY_SCORE = 95

# Identifiers other systems use, matched exactly when the model has them (their fields are declared in
# models.py; this list names the ones duplicates are looked for by).
IDENTIFIER_NAMES = ("ror_id", "iati_org_id", "moh_facility_code", "tax_code")
IDENTIFIER_FIELDS = tuple(
    name for name in IDENTIFIER_NAMES if name in {f.name for f in Organization._meta.get_fields()}
)

# Words that say what kind of body an organization is, or that many share ("central", "general"): a name made
# only of these and a locality names no one in particular.
GENERIC_WORDS = frozenset(
    " ".join(fold_words(w))
    for w in (
        "bệnh viện viện trung tâm trường đại học học viện sở bộ cục vụ ban hội hiệp quỹ công ty tập đoàn "
        "y tế y dược y khoa đa khoa chuyên khoa trung ương quốc tế quốc gia quốc phòng tỉnh thành phố nhân dân "
        "quân đội quân y hữu nghị phụ sản nhi ung bướu tim mắt và của cơ sở việt nam "
        "hospital university institute center centre college school ministry department agency foundation "
        "association society company corporation general central national international medical health "
        "of the and for de du la le des"
    ).split()
)


def comparable(name: str) -> str:
    return " ".join(fold_words(name))


def normalized_identifier(value) -> str:
    """An identifier as compared: no spaces or case, and a ROR ID without its address ("https://ror.org/…")."""
    text = str(value or "").strip().casefold().replace(" ", "")
    return text.rsplit("/", 1)[-1] if text.startswith(("http://", "https://")) else text


def identifiers_of(organization) -> dict[str, str]:
    """The identifiers an organization carries, by field name, as compared."""
    found = {}
    for name in IDENTIFIER_FIELDS:
        value = normalized_identifier(getattr(organization, name, ""))
        if value:
            found[name] = value
    return found


def _distinctive(words: list[str]) -> bool:
    """Some word of the name is neither a kind of body nor a shared descriptor nor a locality."""
    places = place_names()
    return any(word not in GENERIC_WORDS and word not in places for word in words if len(word) > 1)


def _localities(organization) -> set[str]:
    own = {comparable(organization.city), comparable(province_name(organization.province_code))}
    return {place for place in own if place}


class OrganizationMatcher:
    """Finds the organization a written name means among many, built once for a batch: exact folded names,
    English names and aliases in a dict, identifiers in another, a name cut before its locality by word
    prefix, the rest through one rapidfuzz pass over all labels."""

    def __init__(self, candidates, home=None):
        self.home = home  # the institution whose registry this is: a shortened name that fits it and others is its
        self.by_label: dict[str, Organization] = {}
        self.by_identifier: dict[tuple[str, str], Organization] = {}
        self.localities: dict[int, set[str]] = {}
        for organization in candidates:
            for label in (organization.name, organization.name_en, *organization.aliases):
                if label and comparable(label):
                    self.by_label.setdefault(comparable(label), organization)
            for name, value in identifiers_of(organization).items():
                self.by_identifier.setdefault((name, value), organization)
            self.localities[organization.pk] = _localities(organization)
        self.labels = list(self.by_label)
        self.by_length: dict[int, list[str]] = {}  # labels of each length, in the order of self.labels
        for label in self.labels:
            self.by_length.setdefault(len(label), []).append(label)
        self.order = {label: index for index, label in enumerate(self.labels)}
        # Each recorded name cut before the locality it ends with ("… Uông Bí" → "…"), if what is left is distinctive.
        self.cut_before_locality: dict[str, set] = {}
        for label, organization in self.by_label.items():
            words = label.split()
            for cut in range(1, len(words)):
                if _distinctive(words[:cut]) and self._is_locality(words[cut:], organization):
                    self.cut_before_locality.setdefault(" ".join(words[:cut]), set()).add(organization)

    def _is_locality(self, words: list[str], organization) -> bool:
        tail = " ".join(words)
        return bool(tail) and (tail in place_names() or tail in self.localities.get(organization.pk, ()))

    def by_locality(self, wanted: str) -> set:
        """The organizations whose recorded name is the written one and a locality, or the other way round,
        when the rest is distinctive. One is a match; several mean the name is ambiguous."""
        words = wanted.split()
        found = set(self.cut_before_locality.get(wanted, ()))
        for cut in range(1, len(words)):  # the written name is a recorded one with a locality after it
            organization = self.by_label.get(" ".join(words[:cut]))
            if organization is not None and _distinctive(words[:cut]) and self._is_locality(words[cut:], organization):
                found.add(organization)
        return found

    def _closest(self, wanted: str, cutoff: float) -> tuple[str, float] | None:
        """The label most like `wanted` by fuzz.ratio, if it scores `cutoff` or more (the first such label of
        self.labels on a tie, as one rapidfuzz pass over them would give). fuzz.ratio is 200 × common letters ÷
        both lengths, so only labels of a length within reach are compared: a few hundred of 10,000 names."""
        best: tuple[str, float, int] | None = None
        for length, labels in self.by_length.items():
            if 200 * min(length, len(wanted)) < cutoff * (length + len(wanted)) - 1e-6:
                continue
            found = process.extractOne(wanted, labels, scorer=fuzz.ratio, score_cutoff=cutoff)
            if found:
                order = self.order[found[0]]
                if best is None or found[1] > best[1] or (found[1] == best[1] and order < best[2]):
                    best = (found[0], found[1], order)
        return (best[0], best[1]) if best else None

    def match(self, *names: str) -> tuple[Organization | None, float]:
        """The best match for any of the names (a name and its aliases), with its score (0-100); no match gives
        (None, a score below MATCH_THRESHOLD)."""
        best: tuple[Organization | None, float] = (None, 0.0)
        for name in names:
            wanted = comparable(name)
            if not wanted:
                continue
            if wanted in self.by_label:
                return self.by_label[wanted], 100.0
            localities = self.by_locality(wanted)
            if len(localities) > 1 and self.home in localities:
                localities = {self.home}
            if len(localities) > 1:
                continue  # one name for several institutions in different places: no guess
            if localities and best[1] < LOCALITY_SCORE:
                best = (localities.pop(), LOCALITY_SCORE)
            found = self._closest(wanted, max(best[1], MATCH_THRESHOLD))
            if found and found[1] > best[1]:
                best = (self.by_label[found[0]], found[1])
        return best if best[1] >= MATCH_THRESHOLD else (None, best[1])

    def likely(self, organization) -> list[Likely]:
        """Every recorded organization the given one (saved or not) likely is, best first: the same
        identifier, the same folded name or alias, the name without its locality, or a very similar name."""
        results: dict[int, Likely] = {}

        def note(other, score, reason):
            if other is None or (organization.pk and other.pk == organization.pk):
                return
            entry = results.setdefault(other.pk, Likely(other, score))
            entry.score = max(entry.score, score)
            if reason not in entry.reasons:
                entry.reasons.append(reason)

        for name, value in identifiers_of(organization).items():
            label = Organization._meta.get_field(name).verbose_name
            note(self.by_identifier.get((name, value)), 100.0, _("the same %(identifier)s") % {"identifier": label})
        for name in (organization.name, organization.name_en, *organization.aliases):
            wanted = comparable(name or "")
            if not wanted:
                continue
            note(self.by_label.get(wanted), 100.0, _("the same name or alias “%(name)s”") % {"name": name})
            for other in self.by_locality(wanted):
                note(other, LOCALITY_SCORE, _("“%(name)s” without its locality") % {"name": name})
            for label, score, _index in process.extract(
                wanted, self.labels, scorer=fuzz.ratio, score_cutoff=MATCH_THRESHOLD, limit=5
            ):
                note(self.by_label[label], score, _("a name very like “%(name)s”") % {"name": name})
        return sorted(results.values(), key=lambda entry: (-entry.score, entry.record.name))


def registry_of(organization) -> "Organization.objects":
    """The organizations a new or edited one is compared with: its owner's registry, the owner included."""
    owner_id = organization.pk if organization.is_member and not organization.owner_id else organization.owner_id
    return Organization.objects.filter(owner_id=owner_id)


def likely_duplicates(organization, candidates=None) -> list[Likely]:
    """The recorded organizations a new or edited one likely duplicates, best first (see OrganizationMatcher)."""
    return OrganizationMatcher(registry_of(organization) if candidates is None else candidates).likely(organization)


def match_organization(name: str, candidates) -> tuple[Organization | None, float]:
    """The organization a written name most likely means among `candidates`, with the score (0-100).

    Exact folded matches on name, English name or an alias win outright; otherwise the best fuzzy score
    counts only above MATCH_THRESHOLD.
    """
    return OrganizationMatcher(candidates).match(name)
