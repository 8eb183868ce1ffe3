"""gunicorn 'bot.wsgi:app' reads this file from the working directory.

Migrations run once in the master; each worker process runs its own delivery worker
(on PostgreSQL they share the outbox with SKIP LOCKED, on SQLite writes are serialised).
"""


from bot.runtime import environment

_env = environment()  # the process environment over .env, like the app reads it
bind = f"0.0.0.0:{(_env.get('PORT') or '3000').strip()}"
# SQLite takes one writer at a time: one process with threads serves it best. PostgreSQL
# scales out with processes (and machines).
_sqlite = (_env.get("DATABASE_URL") or "sqlite:///bot.db").startswith("sqlite")
workers = int(_env.get("WEB_CONCURRENCY") or ("1" if _sqlite else "2"))
threads = int(_env.get("GUNICORN_THREADS") or "8")
worker_class = "gthread"
timeout = 30
graceful_timeout = 30  # SIGTERM: requests and delivery jobs in flight get this long to finish


def on_starting(server):  # noqa: ANN001
    from bot.runtime import configure_logging, settings_from_environment
    from bot.store.migrate import upgrade

    configure_logging()
    settings = settings_from_environment()
    upgrade(settings.database_url)
    from bot.checks.run import warn_in_background
    from bot.errors import ConfigError
    from bot.runtime import load_lanes_or_fail

    try:
        warn_in_background(environment(), load_lanes_or_fail(settings))  # a wrong token or a missing invite, at once
    except ConfigError:
        pass  # the workers refuse the lanes file with its problems


def post_worker_init(worker):  # noqa: ANN001
    from bot.app import deps_of
    from bot.runtime import start_background, start_socket_mode

    worker.wa_delivery = start_background(deps_of(worker.wsgi))
    start_socket_mode(worker.wsgi, deps_of(worker.wsgi).settings)  # only with SLACK_APP_TOKEN


def worker_exit(server, worker):  # noqa: ANN001
    """Graceful stop (SIGTERM): finish the delivery jobs in flight and release this worker's leases."""
    delivery = getattr(worker, "wa_delivery", None)
    if delivery is not None:
        delivery.stop(timeout=25)
