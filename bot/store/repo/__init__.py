"""Repository functions by aggregate: each takes `session` keyword-only; the caller commits.

`from bot.store import repo` and call `repo.<function>`; the modules below group them.
"""

from bot.store.repo.accounts import (
    account_of,
    close_note,
    earlier_conversations,
    last_notes,
    upsert_account,
)
from bot.store.repo.contacts import upsert_contact
from bot.store.repo.conversations import (
    card_at,
    due_now,
    last_conversation,
    open_conversation,
    open_counts,
    open_for_home,
    open_in_lane,
    take_ownership,
)
from bot.store.repo.events import (
    add_event,
    events_by_actor,
    last_event_at,
    mark_digest_day,
    mark_weekly_report,
)
from bot.store.repo.members import away_users
from bot.store.repo.messages import last_inbound, message_at, message_by_sid, outbound_by_sid
from bot.store.repo.outbox import due_jobs, leases_held, next_job_time, queue_job
from bot.store.repo.outbox_stats import oldest_pending, outbox_by_state
from bot.store.repo.triage import (
    first_customer_text,
    keep_example,
    latest_triage_version,
    mark_triage_retrain,
    store_triage_model,
    triage_examples,
    triage_model_bytes,
)

__all__ = [
    "account_of", "close_note", "last_inbound", "earlier_conversations", "last_notes", "upsert_account",
    "add_event", "away_users", "card_at", "due_jobs", "due_now", "events_by_actor", "last_conversation",
    "last_event_at", "leases_held", "mark_digest_day", "mark_weekly_report", "message_at", "message_by_sid",
    "next_job_time", "oldest_pending", "open_conversation", "open_counts", "open_for_home", "open_in_lane", "outbound_by_sid",
    "outbox_by_state", "queue_job", "take_ownership", "upsert_contact",
    "first_customer_text", "keep_example", "latest_triage_version", "mark_triage_retrain", "store_triage_model", "triage_examples",
    "triage_model_bytes",  # triage training data and models
]
