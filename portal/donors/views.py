"""Donor and contribution pages (finance officers record bank transfers here)."""
from portal.donors import bp  # noqa: F401
