"""gunicorn 'bot.wsgi:app' reads this file from the working directory.

Migrations run once in the master; each worker process runs its own delivery worker
(on PostgreSQL they share the outbox with SKIP LOCKED, on SQLite writes are serialised).
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '3000')}"
# SQLite takes one writer at a time: one process with threads serves it best. PostgreSQL
# scales out with processes (and machines).
from bot.runtime import environment  # noqa: E402

_sqlite = (environment().get("DATABASE_URL") or "sqlite:///bot.db").startswith("sqlite")
workers = int(os.environ.get("WEB_CONCURRENCY", "1" if _sqlite else "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
worker_class = "gthread"
timeout = 30


def on_starting(server):  # noqa: ANN001
    from bot.runtime import configure_logging, settings_from_environment
    from bot.store.migrate import upgrade

    configure_logging()
    upgrade(settings_from_environment().database_url)


def post_worker_init(worker):  # noqa: ANN001
    from bot.app import deps_of
    from bot.runtime import start_background

    start_background(deps_of(worker.wsgi))
