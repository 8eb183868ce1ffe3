"""A reply over WhatsApp's 1,600-character limit reaches the customer as several messages, in order."""

from __future__ import annotations

from tests.handlers.test_slack_replies import card, reply_event, send  # noqa: F401 - the card fixture


def test_a_long_reply_is_sent_in_parts_in_order(client, worker, fake_twilio, card):
    paragraphs = [f"Part {n}: " + "word " * 250 for n in range(1, 4)]  # ~1,260 characters each, 3,800 in all
    send(client, reply_event(card, "\n\n".join(paragraphs)))
    for _ in range(4):
        worker.run_due()

    bodies = [s["Body"] for s in fake_twilio.sent()]
    assert len(bodies) == 3 and all(len(body) <= 1600 for body in bodies)
    assert [body.split(":")[0] for body in bodies] == ["Part 1", "Part 2", "Part 3"]
