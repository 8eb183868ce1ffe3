"""Several workers on one database (several gunicorn processes): each job is delivered once."""

from __future__ import annotations

import threading

from bot.delivery.worker import DeliveryWorker
from tests.builders import inbound_form, signed_twilio_post


def test_workers_racing_over_the_outbox_deliver_each_message_exactly_once(client, deps, fake_slack):
    for contact in range(6):
        for n in range(3):
            form = inbound_form(f"c{contact} m{n}", sender=f"+97150000{contact:04d}")
            assert signed_twilio_post(client, "/twilio/whatsapp", form).status_code == 200

    workers = [DeliveryWorker(deps, batch=2) for _ in range(4)]
    barrier = threading.Barrier(len(workers))

    def run(worker: DeliveryWorker) -> None:
        barrier.wait()
        worker.run_due()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    DeliveryWorker(deps).run_due()  # anything a racing worker left for later

    texts = [c.params["text"] for c in fake_slack.posts() if c.params.get("thread_ts")]
    assert sorted(texts) == sorted(f"c{c} m{n}" for c in range(6) for n in range(3))
    cards = [c for c in fake_slack.posts() if not c.params.get("thread_ts")]
    assert len(cards) == 6
    for contact in range(6):
        mine = [t for t in texts if t.startswith(f"c{contact} ")]
        assert mine == [f"c{contact} m{n}" for n in range(3)]
