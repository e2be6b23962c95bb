"""MedCoop: the international-cooperation registry of Vietnamese hospitals."""
