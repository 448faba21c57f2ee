"""Patronage: brand-scoped customer profiles for point-of-sale merchants."""

__version__ = "0.1.0"
