"""Vietnam's provinces and centrally-run cities, from the current (post-2025, 34 units) list of
`vietnam-provinces`."""

from functools import cache

from vietnam_provinces import Province

from medcoop.core.text import fold, fold_words


@cache
def province_choices() -> list[tuple[int, str]]:
    return sorted(((int(p.code), p.name) for p in Province.iter_all()), key=lambda pair: fold(pair[1]))


def province_name(code: int | None) -> str:
    return dict(province_choices()).get(code, "") if code else ""


@cache
def _codes_by_fold() -> dict[str, int]:
    codes = {}
    for province in Province.iter_all():
        codes[fold(province.name)] = int(province.code)
        codes[fold(province.name.removeprefix("Thành phố ").removeprefix("Tỉnh "))] = int(province.code)
    return codes


def folded_province_names() -> frozenset[str]:
    """Every name `lookup_province` knows, folded (with and without "Thành phố"/"Tỉnh")."""
    return frozenset(_codes_by_fold())


def lookup_province(text: str) -> int | None:
    """A province name as written ("Quảng Ninh", "TP Hà Nội", "ha noi") → its code, or None."""
    key = fold(text or "").strip()
    for prefix in ("thanh pho ", "tp. ", "tp ", "tinh "):
        key = key.removeprefix(prefix)
    return _codes_by_fold().get(key)


_DIVISION_PREFIXES = ("thanh pho ", "tinh ", "phuong ", "xa ", "dac khu ", "thi tran ", "quan ", "huyen ", "thi xa ")


@cache
def place_names() -> frozenset[str]:
    """The folded names of Vietnam's provinces and wards, without their kind ("Phường Uông Bí" → "uong bi"):
    the localities an institution's full name often ends with."""
    from vietnam_provinces import Ward

    names = set()
    for division in (*Province.iter_all(), *Ward.iter_all()):
        name = " ".join(fold_words(division.name))
        for prefix in _DIVISION_PREFIXES:
            name = name.removeprefix(prefix)
        names.add(name)
    return frozenset(names)
