"""The WSGI entry point for production: `gunicorn 'bot.wsgi:app'` (reads gunicorn.conf.py).

Settings come from the process environment and `.env`; the lanes file is the one they
name. Background work (the delivery worker and timers) starts in gunicorn's
`post_worker_init` hook, one per worker process.
"""

from __future__ import annotations

from bot.app import create_app
from bot.runtime import deps_from_environment

app = create_app(deps_from_environment())
