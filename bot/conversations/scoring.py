"""The lead score, live: re-scored in the transaction that stores each customer message (and
each rep reply, which starts the customer's reply clock), kept on the conversation, and acted
on once per band (a first score only when it is hot or warm).

The scorer is pure (`bot.routing.scoring`); this reads the stored messages, picks the scorer
every process shares (the newest adopted model in the database, else the lanes file's
weights), records a `scored` event per change of band, queues the card's re-render when the
score or band changes, and carries out the band's action the first time the conversation
enters that band: hot pings the lane and assigns where the lane assigns automatically, warm
posts the qualification checklist, nurture sets a follow-up, cold only marks the card.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from bot.conversations.assignment import give_to, pick_owner
from bot.conversations.changes import lane_people, refresh_homes
from bot.conversations.kinds import CARD, CARD_UPDATE, NOTE
from bot.conversations.schedule import reschedule
from bot.lanes import Lane, LanesConfig
from bot.routing.scoring import (
    Message, Scorer, ScoreResult, ScoringConfig, TrainedModel, compute_signals, find_crossing, missing_items,
    score_signals,
)  # fmt: skip
from bot.slack import score_notes
from bot.slack.notes import local_time
from bot.store import Session, repo
from bot.store.models import Conversation

log = logging.getLogger(__name__)

ACTOR = "score"  # the actor of what scoring does, in the audit log
# A conversation's first score is where it starts, not a crossing: only hot and warm act on it
# (a first "price?" is not yet a lead to nurture or to mark down).
FIRST_SCORE_ACTS = ("hot", "warm")
NURTURE_FOLLOWUP = "nurture:followup"  # in score_acted once the nurture follow-up is set
# Hot leads first: the outbox's priority of a card (thread posts and everything else: 0).
CARD_PRIORITY = {"hot": 4, "warm": 3, "nurture": 2, "cold": 1}
_models: dict[str, TrainedModel] = {}  # parsed models by digest: the database says which one is current
_models_lock = threading.Lock()


@dataclass(frozen=True)
class Rescored:
    score: int
    band: str
    old_band: str | None
    acted: str | None  # the band whose action fired now, if any


def lines_to_messages(lines: list[repo.SaidLine], start: datetime | None) -> list[Message]:
    """Stored messages as the scorer reads them: customer or rep, minutes after the first message."""
    first = start or next((line.at for line in lines if line.at is not None), None)
    messages = []
    for line in lines:
        minutes = (line.at - first).total_seconds() / 60 if line.at is not None and first is not None else None
        messages.append(Message("customer" if line.direction == "in" else "rep", line.body, minutes))
    return messages


def current_model(session: Session) -> TrainedModel | None:
    """The newest adopted model, parsed once per process (a new digest in the database replaces it)."""
    digest = repo.current_model_digest(session=session)
    if digest is None:
        return None
    with _models_lock:
        model = _models.get(digest)
    if model is None:
        blob = repo.model_blob(session=session, digest=digest)
        if blob is None:
            return None
        model = TrainedModel.from_json(blob)
        with _models_lock:
            _models[digest] = model
    return model


def scorer_for(session: Session, lanes: LanesConfig, lane: str | None) -> Scorer:
    model = current_model(session)
    return model if model is not None else ScoringConfig.of(lanes.scoring).weights_for(lane)


def score_of(session: Session, conversation: Conversation, lanes: LanesConfig) -> ScoreResult:
    assert conversation.id is not None
    lines = repo.said_lines(session=session, conversation_id=conversation.id)
    messages = lines_to_messages(lines, None)
    scorer = scorer_for(session, lanes, conversation.lane)
    return score_signals(compute_signals(messages), scorer, lanes.scoring.thresholds_for(conversation.lane))


def rescore(*, session: Session, conversation: Conversation, lanes: LanesConfig, now: datetime) -> Rescored | None:
    """Score the conversation as stored now; record, show and act on what changed. The caller commits."""
    if conversation.id is None or conversation.status == "closed":
        return None
    session.flush()
    result = score_of(session, conversation, lanes)
    old_score, old_band = conversation.score, conversation.score_band
    reasons = list(result.reasons)
    conversation.score, conversation.score_band, conversation.score_reasons = result.score, result.band, reasons
    session.add(conversation)
    if (result.score, result.band) != (old_score, old_band):
        _show(session, conversation, now)
    acted = None
    if find_crossing(old_band, result.band) is not None:
        repo.add_event(session=session, kind="scored", at=now, conversation_id=conversation.id, actor=ACTOR,
                       data={"from": old_band, "to": result.band, "score": result.score, "reasons": reasons})
        done = list(conversation.score_acted or [])
        first = old_band is None and result.band not in FIRST_SCORE_ACTS  # a baseline, not a crossing
        if not first and result.band not in done and lanes.has_lane(conversation.lane):
            conversation.score_acted = [*done, result.band]
            _act(session, conversation, lanes, lanes.lane(conversation.lane), result, now)
            acted = result.band
    if result.band == "nurture" and lanes.has_lane(conversation.lane):
        _nurture_followup(session, conversation, lanes, lanes.lane(conversation.lane), now)
    if result.band != old_band:
        _prioritise(session, conversation, old_band, result.band)
    return Rescored(result.score, result.band, old_band, acted)


def _act(session: Session, conversation: Conversation, lanes: LanesConfig, lane: Lane, result: ScoreResult,
         now: datetime) -> None:
    log.info("conversation %s: %s lead (%s)", conversation.id, result.band, result.score)
    repo.add_event(session=session, kind="score_action", at=now, conversation_id=conversation.id, actor=ACTOR,
                   data={"band": result.band, "score": result.score})
    if result.band == "hot":
        _hot(session, conversation, lanes, lane, result, now)
    elif result.band == "warm":
        questions = [item.question for item in missing_items(result.signals)]
        _note(session, conversation, score_notes.qualification_checklist(result.score, questions), now)
    elif result.band == "nurture":
        _nurture(session, conversation, lanes, lane, result, now)
    # cold: the card shows "low priority" and the no-response close comes sooner (schedule.close_after_of)


def _hot(session: Session, conversation: Conversation, lanes: LanesConfig, lane: Lane, result: ScoreResult,
         now: datetime) -> None:
    """Ping the lane in the thread (out of hours only where the lane allows it) and assign automatically."""
    if conversation.owner is None and lane.assign != "manual" and lane.members:
        decision = pick_owner(session=session, lane=lane)
        if decision.owner is not None:
            give_to(session=session, conversation=conversation, owner=decision.owner, lanes=lanes, now=now,
                    via="assigned")
            repo.add_event(session=session, kind="assigned", at=now, conversation_id=conversation.id, actor=ACTOR,
                           data={"to": decision.owner, "reason": f"hot lead; {decision.reason}"})
            refresh_homes(session, conversation, lane_people(lanes, conversation), now)  # no longer unclaimed
            reschedule(session=session, conversation=conversation, lanes=lanes, now=now)
    in_hours = lanes.calendar(lane).is_open(now) or lane.after_hours_pings or lane.after_hours_hot
    _note(session, conversation, score_notes.hot_lead(lane.members, lane.mention, result.score, result.reasons,
                                                      ping=in_hours, owner=conversation.owner), now)


def _nurture(session: Session, conversation: Conversation, lanes: LanesConfig, lane: Lane, result: ScoreResult,
             now: datetime) -> None:
    every = score_notes.duration_words(lane.nurture_every.total_seconds())
    _note(session, conversation, score_notes.nurture_followup(result.score, every), now)


def _nurture_followup(session: Session, conversation: Conversation, lanes: LanesConfig, lane: Lane,
                      now: datetime) -> None:
    """A nurture lead waiting for the customer gets one follow-up on the lane's cadence (`nurture_every`):
    the owner's "Remind me", set by the score. A lead still waiting for the team's answer gets it once
    the rep has replied (a follow-up must not hide an unanswered customer)."""
    done = list(conversation.score_acted or [])
    if ("nurture" not in done or NURTURE_FOLLOWUP in done or conversation.owner is None
            or conversation.status != "waiting"):
        return
    at = now + lane.nurture_every
    conversation.status, conversation.followup_at = "followup", at
    conversation.score_acted = [*done, NURTURE_FOLLOWUP]
    repo.add_event(session=session, kind="followup_set", at=now, conversation_id=conversation.id, actor=ACTOR,
                   data={"from": "waiting", "at": at.isoformat(), "why": "nurture lead"})
    _show(session, conversation, now)
    reschedule(session=session, conversation=conversation, lanes=lanes, now=now)
    _note(session, conversation, score_notes.followup_set(conversation.owner, local_time(at, lanes.workspace.timezone)),
          now)


def _show(session: Session, conversation: Conversation, now: datetime) -> None:
    """Queue the card's re-render, unless a card post or re-render still to run will show the latest rows."""
    assert conversation.id is not None
    session.flush()
    if conversation.thread_ts is None or repo.card_update_pending(session=session, conversation_id=conversation.id):
        return
    repo.queue_job(session=session, kind=CARD_UPDATE, conversation_id=conversation.id, now=now)


def _prioritise(session: Session, conversation: Conversation, old_band: str | None, band: str) -> None:
    """A new conversation's card goes before other conversations' thread posts, hot before warm
    before cold; a lead that becomes hot has its waiting jobs (the text, the card update, the ping)
    go before them too. (The outbox keeps each conversation's order and lets no job starve:
    `repo.due_jobs`.)"""
    assert conversation.id is not None
    if old_band is None:
        kinds: tuple[str, ...] | None = (CARD,)
    elif band == "hot":
        kinds = None
    else:
        return
    repo.raise_priority(session=session, conversation_id=conversation.id, kinds=kinds,
                        priority=CARD_PRIORITY.get(band, 1))


def _note(session: Session, conversation: Conversation, text: str, now: datetime) -> None:
    repo.queue_job(session=session, kind=NOTE, conversation_id=conversation.id, payload={"text": text}, now=now)
