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
from bot.store.repo.early import (
    card_pending_in,
    card_was_posted,
    keep_slack_event,
    kept_for_card,
    kept_unapplied,
)
from bot.store.repo.faults import active_fault, active_faults, clear_fault, keep_paused, open_fault, take_probe
from bot.store.repo.jobs import OutboxHealth, card_job_state, dead_job_ids, drop_job, job, jobs_to_show, outbox_health, retry_jobs
from bot.store.repo.inbound import inbound_backlog, inbound_due, inbound_failed, inbound_taken, store_inbound
from bot.store.repo.members import away_users
from bot.store.repo.messages import last_inbound, message_at, message_by_sid, outbound_by_sid
from bot.store.repo.outbox import due_jobs, leases_held, next_job_time, queue_job, raise_priority
from bot.store.repo.outbox_stats import oldest_pending, outbox_by_state
from bot.store.repo.scoring import (
    SaidLine,
    add_score_model,
    card_update_pending,
    closed_with_outcome,
    current_model_digest,
    mark_score_retrain,
    model_blob,
    said_lines,
    said_lines_of,
)

from bot.store.repo.seen import first_time
from bot.store.repo.privacy import erase_contact, export_contact, find_contact, purge_closed_before
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
    "erase_contact", "export_contact", "find_contact", "first_time", "purge_closed_before",
    "account_of", "close_note", "last_inbound", "earlier_conversations", "last_notes", "upsert_account",
    "OutboxHealth", "active_fault", "active_faults", "card_job_state", "card_pending_in", "card_was_posted", "clear_fault",
    "dead_job_ids", "drop_job", "job", "jobs_to_show", "keep_paused", "keep_slack_event", "kept_for_card", "kept_unapplied",
    "open_fault", "outbox_health", "retry_jobs", "take_probe",
    "add_event", "away_users", "card_at", "due_jobs", "due_now", "events_by_actor", "last_conversation",
    "last_event_at", "leases_held", "mark_digest_day", "mark_weekly_report", "message_at", "message_by_sid",
    "next_job_time", "oldest_pending", "open_conversation", "open_counts", "open_for_home", "open_in_lane", "outbound_by_sid",
    "outbox_by_state", "queue_job", "raise_priority", "take_ownership", "upsert_contact",
    "SaidLine", "add_score_model", "card_update_pending", "closed_with_outcome", "current_model_digest", "mark_score_retrain",
    "model_blob", "said_lines", "said_lines_of",
    "first_customer_text", "keep_example", "latest_triage_version", "mark_triage_retrain", "store_triage_model", "triage_examples",
    "triage_model_bytes",  # triage training data and models
    "inbound_backlog", "inbound_due", "inbound_failed", "inbound_taken", "store_inbound",  # durable ingest
]
