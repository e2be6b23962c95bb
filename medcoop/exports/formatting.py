"""How numbers read in MedCoop's texts: no trailing zeros, whatever numeric type holds them."""

from decimal import Decimal


def plain_number(value) -> str:
    """13500000.00 → "13500000", 92.50 → "92.5"."""
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    return f"{number:f}"
