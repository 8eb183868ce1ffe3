"""Operator commands of `python -m bot` that are more than a few lines (each in its module)."""
