"""Benchmarks (run as scripts, e.g. `.venv/bin/python bench/webhook.py`); not part of the bot."""
