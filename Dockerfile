# wa-bridge: gunicorn 'bot.wsgi:app' on python slim, as a non-root user.
# Build: docker build -t wa-bridge .   Run: docker compose up (PostgreSQL beside it)
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=3000

RUN useradd --create-home --uid 10001 --user-group app
WORKDIR /app

COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
RUN pip install .

COPY gunicorn.conf.py manifest.yml lanes.example.toml alembic.ini ./
RUN mkdir -p /app/data && chown app:app /app/data
USER app

EXPOSE 3000
# gunicorn.conf.py applies the migrations once, then each worker runs its delivery worker and timers.
# SIGTERM (docker stop) lets in-flight requests and jobs finish (graceful_timeout 30 s).
STOPSIGNAL SIGTERM
CMD ["gunicorn", "bot.wsgi:app"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=4)"
