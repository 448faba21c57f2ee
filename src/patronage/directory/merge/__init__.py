"""Duplicate profiles within a brand: find likely pairs, merge one into another, undo."""
