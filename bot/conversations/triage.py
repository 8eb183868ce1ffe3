"""Triage at intake: the classifier labels and routes a new conversation; its label's route may
ping someone in the thread and give the conversation to its owner. A person's label is kept as
training data (`learn_label`).

The classifier (`bot.routing.categories`) is fitted once per process and label set: on the shipped
seed set and the lanes file's examples.
"""

from __future__ import annotations

from datetime import datetime

from bot.conversations.assignment import give_to
from bot.conversations.kinds import CARD_UPDATE, NOTE
from bot.lanes import LanesConfig
from bot.routing import RouteDecision, route
from bot.routing.categories import Triager, TriageModel, build, label_config, labels_of
from bot.slack import triage_notes
from bot.store import Session, repo
from bot.store.models import Conversation


_STORED: dict[int, TriageModel] = {}  # adopted models by version, loaded once per process


def triager_for(lanes: LanesConfig) -> Triager:
    """The seed classifier for the lanes file's labels (the fit is cached per label set and examples)."""
    return build(labels_of(lanes), label_config(lanes))


def current_triager(*, session: Session, lanes: LanesConfig) -> Triager:
    """The newest adopted model (`python -m bot retrain --triage`) if there is one, else the seed's."""
    version = repo.latest_triage_version(session=session)
    if version is None:
        return triager_for(lanes)
    if version not in _STORED:
        data = repo.triage_model_bytes(session=session, version=version)
        if data is None:
            return triager_for(lanes)
        _STORED[version] = TriageModel.from_bytes(data)
    return Triager(_STORED[version], labels_of(lanes), label_config(lanes))


def route_new(*, session: Session, text: str, lanes: LanesConfig, to: str | None = None) -> RouteDecision:
    """Lane, label, confidence and reasons for a new conversation's first message, written to `to`."""
    return route(text, lanes, current_triager(session=session, lanes=lanes), to=to)


def on_open(*, session: Session, conversation: Conversation, decision: RouteDecision, lanes: LanesConfig,
            now: datetime) -> None:
    """Keep the triage on the conversation; the label's route assigns (`ping_on_open` pings, once the
    card is queued)."""
    entry = lanes.entry_point(decision.entry_ref) if decision.entry_ref is not None else None
    guessed = decision.label is not None and (entry is None or entry.label is None)
    conversation.label_confidence = decision.confidence if guessed else None  # None: not the classifier's
    conversation.label_review = decision.needs_review
    session.add(conversation)
    if decision.label is None or decision.needs_review:
        return  # an unsure label routes nowhere special until a person picks it
    if decision.assign is not None and conversation.owner is None:
        give_to(session=session, conversation=conversation, owner=decision.assign, lanes=lanes, now=now,
                via="assigned")
        repo.add_event(session=session, kind="assigned", at=now, conversation_id=conversation.id,
                       data={"to": decision.assign, "reason": f'route for "{decision.label}"'})
        conversation.route_reason = f"{conversation.route_reason}; owner: {decision.assign} by the label's route"


def ping_on_open(*, session: Session, conversation: Conversation, decision: RouteDecision, now: datetime) -> None:
    """The label's route pings its user or user group in the new card's thread (after the card's job)."""
    if decision.label is not None and not decision.needs_review and decision.ping is not None:
        repo.queue_job(session=session, kind=NOTE, conversation_id=conversation.id,
                       payload={"text": triage_notes.route_ping(decision.ping, decision.label)}, now=now)


def learn_label(*, session: Session, conversation: Conversation, label: str, user: str, now: datetime) -> None:
    """A person set (or confirmed) `label`: keep it as training data and stop asking for review."""
    assert conversation.id is not None
    text = repo.first_customer_text(session=session, conversation_id=conversation.id)
    if text is not None:
        repo.keep_example(session=session, conversation_id=conversation.id, text=text, label=label, by=user,
                          source="person", now=now)
    asked = conversation.label_review
    conversation.label_confidence, conversation.label_review = None, False  # a person's label: no score
    session.add(conversation)
    if asked and conversation.label == label:  # confirmed as it was: the card must drop its question
        repo.queue_job(session=session, kind=CARD_UPDATE, conversation_id=conversation.id, now=now)
