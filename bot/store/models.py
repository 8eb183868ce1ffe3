"""The tables. Times are stored as timezone-aware UTC."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from bot.store.columns import UTCDateTime
from bot.store.columns import utc_column as _utc_column

# Named constraints, so SQLite batch migrations can alter them later.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Contact(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    wa_id: str = Field(unique=True, max_length=64)  # "+9715…" for numbers, else WhatsApp's own id
    phone_e164: Optional[str] = Field(default=None, max_length=20)
    country: Optional[str] = Field(default=None, max_length=2)
    profile_name: Optional[str] = None
    language: Optional[str] = Field(default=None, max_length=16)
    opted_out: bool = False
    created_at: Optional[datetime] = _utc_column()


class Conversation(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    # contact_id while the conversation is open, NULL once closed: at most one open per contact.
    open_key: Optional[int] = Field(default=None, unique=True)
    lane: str = Field(max_length=64, index=True)
    channel: str = Field(max_length=32)
    thread_ts: Optional[str] = Field(default=None, max_length=32)
    status: str = Field(default="unclaimed", max_length=16, index=True)
    owner: Optional[str] = Field(default=None, max_length=32, index=True)
    label: Optional[str] = None
    score: Optional[int] = None  # lead score 0..100, re-scored on every message (bot/conversations/scoring.py)
    score_band: Optional[str] = Field(default=None, max_length=8)  # hot | warm | nurture | cold
    score_reasons: Optional[list[str]] = Field(default=None, sa_column=Column(JSON))  # the signals that moved it most
    score_acted: Optional[list[str]] = Field(default=None, sa_column=Column(JSON))  # bands whose action has fired
    entry_ref: Optional[str] = Field(default=None, max_length=64)
    referral: Optional[dict[str, str]] = Field(default=None, sa_column=Column(JSON))
    route_reason: str = ""
    previous_id: Optional[int] = Field(default=None, foreign_key="conversation.id")
    created_at: Optional[datetime] = _utc_column(index=True)  # reports select by it
    claimed_at: Optional[datetime] = _utc_column()
    first_reply_at: Optional[datetime] = _utc_column()
    closed_at: Optional[datetime] = _utc_column()
    outcome: Optional[str] = None
    last_inbound_at: Optional[datetime] = _utc_column()
    last_outbound_at: Optional[datetime] = _utc_column()
    next_due_at: Optional[datetime] = _utc_column(index=True)
    due_kind: Optional[str] = Field(default=None, max_length=32)
    followup_at: Optional[datetime] = _utc_column()  # "Remind me": when the owner wants to follow up
    ping_count: int = 0
    reassign_count: int = 0
    closed_by: Optional[str] = Field(default=None, max_length=32)
    permalink: Optional[str] = None  # of the card, for App Home and links between cards
    moved_from: Optional[str] = None  # permalink of the card this one replaced (lane moves)
    # Measured once, when they happen, for reports (bot/timing.py): seconds from the first
    # customer message to the first owner and to the first rep reply, in wall and working time.
    first_owned_via: Optional[str] = Field(default=None, max_length=16)  # "person", "timer" or "assigned" (on arrival)
    claim_s: Optional[int] = None  # not for "assigned": no wait to measure
    claim_work_s: Optional[int] = None
    first_reply_s: Optional[int] = None
    first_reply_work_s: Optional[int] = None
    # Closing the loop: "asked" (the confirmation went out), "solved", "reopened", "rating" (1–5 asked)
    confirm_state: Optional[str] = Field(default=None, max_length=16)
    satisfaction: Optional[int] = None  # the customer's 1–5 answer
    # Triage (bot.conversations.triage): the classifier's confidence in `label` (None: a person or an
    # entry point set it) and whether the card asks a person to pick the label.
    label_confidence: Optional[float] = None
    label_review: bool = False
    # The number the customer last wrote to (`whatsapp:+E164`, one of TWILIO_WHATSAPP_FROM's): replies leave from it.
    sender: Optional[str] = Field(default=None, max_length=32)

    __table_args__ = (
        UniqueConstraint("channel", "thread_ts", name="uq_conversation_thread"),
        # the report's answered-within-reply-time count, from the rollups (bot/store/reporting/rollup_reads.py)
        Index("ix_conversation_lane_first_reply_work", "lane", "first_reply_work_s"),
        # what is open now (the report's "now" lines, open per rep): only open conversations, so
        # those reads grow with what is open, not with the history
        Index("ix_conversation_open", "lane", "owner", "last_inbound_at", "last_outbound_at", "created_at",
              sqlite_where=text("status != 'closed'"), postgresql_where=text("status != 'closed'")),
    )


class Message(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True)
    direction: str = Field(max_length=8)  # "in", "out" or "note"
    body: str = ""
    media: Optional[list[dict[str, str]]] = Field(default=None, sa_column=Column(JSON))
    twilio_sid: Optional[str] = Field(default=None, unique=True, max_length=64)
    slack_ts: Optional[str] = Field(default=None, max_length=32)
    author: Optional[str] = Field(default=None, max_length=32)
    status: str = Field(default="received", max_length=16)
    error_code: Optional[str] = Field(default=None, max_length=16)
    error_message: Optional[str] = None
    author_name: Optional[str] = None  # the rep's Slack display name, for outbound and notes
    content_sid: Optional[str] = Field(default=None, max_length=34)  # an approved template (HX…) instead of Body
    content_variables: Optional[str] = None  # its ContentVariables: JSON object of strings keyed "1", "2", …
    status_at: Optional[datetime] = _utc_column()
    created_at: Optional[datetime] = _utc_column()

    __table_args__ = (UniqueConstraint("conversation_id", "slack_ts", name="uq_message_slack_ts"),)


class Account(SQLModel, table=True):
    """Account facts from the optional contacts import (`python -m bot contacts import`), by number."""

    number: str = Field(primary_key=True, max_length=20)  # E.164
    name: Optional[str] = None
    company: Optional[str] = None
    plan: Optional[str] = None
    owner: Optional[str] = Field(default=None, max_length=32)  # account owner's Slack user id
    notes: Optional[str] = None
    updated_at: Optional[datetime] = _utc_column()


class MemberState(SQLModel, table=True):
    """A rep's availability: away members are skipped by automatic assignment."""

    __tablename__ = "member_state"
    user_id: str = Field(primary_key=True, max_length=32)
    away: bool = False
    updated_at: Optional[datetime] = _utc_column()


class LaneState(SQLModel, table=True):
    """Round-robin position of a lane."""

    __tablename__ = "lane_state"
    lane: str = Field(primary_key=True, max_length=64)
    last_assigned: Optional[str] = Field(default=None, max_length=32)
    digest_on: Optional[date] = None  # the lane's local date of the last daily digest


class SlackEventSeen(SQLModel, table=True):
    """Slack event ids already handled: Slack retries (X-Slack-Retry-Num) run once."""

    __tablename__ = "slack_event_seen"
    event_id: str = Field(primary_key=True, max_length=64)
    at: Optional[datetime] = _utc_column(index=True)


class Event(SQLModel, table=True):
    """Append-only audit log; reports read from here."""

    id: Optional[int] = Field(default=None, primary_key=True)
    conversation_id: Optional[int] = Field(default=None, foreign_key="conversation.id", index=True)
    kind: str = Field(max_length=32, index=True)
    actor: Optional[str] = Field(default=None, max_length=64)
    at: Optional[datetime] = _utc_column(index=True)
    data: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))

    __table_args__ = (Index("ix_event_conversation_kind", "conversation_id", "kind"),)


class WeeklyReportSent(SQLModel, table=True):
    """Weeks whose digest report was posted: the primary key makes it once per week."""

    __tablename__ = "weekly_report_sent"
    week: date = Field(primary_key=True)  # the local first day of the week reported on
    at: Optional[datetime] = _utc_column()


class OutboxJob(SQLModel, table=True):
    """Work for Slack or Twilio, queued in the same transaction as the change that implies it.

    Jobs of one conversation run strictly in id order; a job is `pending` until it is
    `done`, or `dead` after a permanent failure (shown to people; later jobs go on).
    """

    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    conversation_id: Optional[int] = Field(default=None, foreign_key="conversation.id")
    message_id: Optional[int] = Field(default=None, foreign_key="message.id")
    payload: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    state: str = Field(default="pending", max_length=16)
    attempts: int = 0
    next_attempt_at: Optional[datetime] = _utc_column()
    lease_until: Optional[datetime] = _utc_column()
    lease_owner: Optional[str] = Field(default=None, max_length=128)  # "host:pid:token" of the worker
    # Higher first, across conversations (never within one: its jobs keep their order). The
    # hook for "hot leads first": whoever queues a job may set it from the lead score.
    priority: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    last_error: Optional[str] = None
    created_at: Optional[datetime] = _utc_column()
    done_at: Optional[datetime] = _utc_column()
    # Exactly once against APIs without idempotency keys (bot/delivery/once.py): set just
    # before a call that may reach Slack or Twilio, cleared once its answer is recorded; a
    # job that finds it set looks for its own post or message before calling again.
    in_flight_at: Optional[datetime] = _utc_column()
    first_try_at: Optional[datetime] = _utc_column()  # the first such call: the lower bound of a search
    fault: Optional[str] = Field(default=None, max_length=96)  # the configuration fault pausing it

    __table_args__ = (
        Index("ix_outbox_pending", "state", "conversation_id", "id"),
        Index("ix_outbox_due", "state", "next_attempt_at"),
    )


class Inbound(SQLModel, table=True):
    """A customer's message as Twilio posted it, stored by the webhook before its 200 (durable ingest):
    intake (`bot/conversations/ingest.py`, in the delivery worker) turns it into rows and jobs,
    one sender's messages in arrival order, and deletes it. Its MessageSid dedupes Twilio's retries."""

    id: Optional[int] = Field(default=None, primary_key=True)
    message_sid: str = Field(unique=True, max_length=64)
    from_address: str = Field(max_length=96)  # "whatsapp:+9715…": one sender's messages run in id order
    form: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    received_at: Optional[datetime] = _utc_column()
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    next_attempt_at: Optional[datetime] = _utc_column()  # None: due now; set when intake failed
    last_error: Optional[str] = None

    __table_args__ = (Index("ix_inbound_from", "from_address", "id"),)


class PendingSlackEvent(SQLModel, table=True):
    """A thread reply, 👀 or card click naming a card ts not committed yet (Slack's event
    beat the answer to chat.postMessage): applied once the ts is committed, reported if
    it stays unknown (bot/conversations/early.py)."""

    __tablename__ = "pending_slack_event"
    id: Optional[int] = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    ts: str = Field(max_length=32)  # the card message it names
    kind: str = Field(max_length=16)  # "reply", "reaction" or "action"
    payload: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    received_at: Optional[datetime] = _utc_column()
    applied_at: Optional[datetime] = _utc_column()
    reported_at: Optional[datetime] = _utc_column()

    __table_args__ = (Index("ix_pending_slack_event_card", "channel", "ts"),)


class DeliveryFault(SQLModel, table=True):
    """A configuration fault that blocks delivery (a revoked token, the bot not in a lane's
    channel): alerted once, its jobs paused, probed until it clears."""

    __tablename__ = "delivery_fault"
    key: str = Field(primary_key=True, max_length=96)  # "slack:auth", "slack:channel:C0SALES", "twilio:auth"
    error: str = Field(max_length=64)  # the API's error name or code
    action: str = ""  # what to do about it, in people's words
    since: Optional[datetime] = _utc_column()
    probe_at: Optional[datetime] = _utc_column()  # when one paused job next tries
    cleared_at: Optional[datetime] = _utc_column()  # None while the fault holds


# The learning tables (lead-score and triage models, their training data and weekly runs) are
# defined beside these; importing them here registers them on SQLModel.metadata with the rest.
from bot.store.models_learning import (  # noqa: E402
    ScoreModel,
    ScoreRetrainSent,
    TriageExample,
    TriageModelRow,
    TriageRetrainWeek,
)
# The report's rollup tables (bot/store/session.py registers the hooks that keep them).
from bot.store import models_rollups  # noqa: E402,F401

__all__ = [
    "Account", "Contact", "Conversation", "DeliveryFault", "Event", "Inbound", "LaneState", "MemberState", "Message",
    "OutboxJob", "PendingSlackEvent", "ScoreModel", "ScoreRetrainSent", "SlackEventSeen", "TriageExample",
    "TriageModelRow", "TriageRetrainWeek", "UTCDateTime", "WeeklyReportSent",
]
