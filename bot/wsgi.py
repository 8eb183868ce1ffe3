"""The WSGI entry point for production: `gunicorn 'bot.wsgi:app'` (reads gunicorn.conf.py).

Settings come from the process environment and `.env`; the lanes file is the one they
name. Background work (the delivery worker and timers) starts in gunicorn's
`post_worker_init` hook, one per worker process.
"""

from __future__ import annotations

from bot.app import create_app
from bot.errors import ConfigError
from bot.runtime import deps_from_environment
from bot.settings import deployment_problems

_deps = deps_from_environment()
if deployment_problems(_deps.settings):
    raise ConfigError(deployment_problems(_deps.settings))
app = create_app(_deps)
