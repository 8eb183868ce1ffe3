"""Slack job runners run by the worker against the fake Slack: ephemeral answers to clicks."""

from __future__ import annotations

from sqlmodel import select

from bot.conversations.cards import tell
from bot.store.models import OutboxJob
from tests.factories import NOW


def test_an_ephemeral_answer_is_sent_after_the_ack_to_that_person_only(db, deps, worker, fake_slack) -> None:  # type: ignore[no-untyped-def]
    db.transaction(lambda session: tell(session=session, channel="C0SALES", user="U0AAA", text="Claimed by <@U0BBB>.",
                                        now=NOW))
    assert fake_slack.calls("chat.postEphemeral") == []  # nothing before the worker runs

    worker.run_due()

    [call] = fake_slack.calls("chat.postEphemeral")
    assert (call.params["channel"], call.params["user"], call.params["text"]) == ("C0SALES", "U0AAA",
                                                                                 "Claimed by <@U0BBB>.")


def test_an_ephemeral_answer_to_someone_no_longer_in_the_channel_is_dropped_not_retried(db, deps, worker, fake_slack) -> None:  # type: ignore[no-untyped-def]
    fake_slack.fail_ok_false("chat.postEphemeral", error="user_not_in_channel")
    db.transaction(lambda session: tell(session=session, channel="C0SALES", user="U0GONE", text="x", now=NOW))

    worker.run_due()

    with db.session() as session:
        assert [job.state for job in session.exec(select(OutboxJob)).all()] == ["done"]
