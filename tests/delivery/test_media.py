"""Customer attachments: fetched from Twilio with the account's credentials (and only there),
uploaded into the thread; a failed download leaves a visible note, never a silent gap."""

from __future__ import annotations

from datetime import timedelta

from tests.builders import inbound_form, signed_twilio_post

JPEG = b"\xff\xd8\xff\xe0fake-jpeg-bytes"


def send_media(client, url, content_type="image/jpeg", body="Foto do produto"):  # type: ignore[no-untyped-def]
    form = inbound_form(body, NumMedia="1", MediaUrl0=url, MediaContentType0=content_type, MessageType="image")
    assert signed_twilio_post(client, "/twilio/whatsapp", form).status_code == 200


def test_an_image_is_downloaded_with_credentials_and_uploaded_into_the_thread(client, worker, fake_slack, fake_twilio, db):
    send_media(client, fake_twilio.add_media(JPEG, "image/jpeg"))
    worker.run_due()

    [upload] = fake_slack.uploads()
    assert upload.content == JPEG
    assert upload.channel_id == "C0SUPPORT"  # no keyword matched: the default lane
    [card] = [c for c in fake_slack.posts() if not c.params.get("thread_ts")]
    assert upload.thread_ts == card.ts
    api, cdn = fake_twilio.media_requests()
    assert api.authorization and not cdn.authorization


def test_a_voice_note_keeps_its_type_in_the_file_name(client, worker, fake_slack, fake_twilio):
    send_media(client, fake_twilio.add_media(b"OggS...", "audio/ogg"), content_type="audio/ogg", body="")
    worker.run_due()

    [upload] = fake_slack.uploads()
    assert upload.filename.endswith(".ogg")


def test_a_download_that_keeps_failing_leaves_a_visible_note_with_the_media_type(client, worker, fake_slack, fake_twilio, clock):
    url = fake_twilio.add_media(JPEG, "image/jpeg")
    fake_twilio.media_fail(status=404, times=10)
    send_media(client, url, body="")
    for _ in range(6):
        worker.run_due()
        clock.advance(timedelta(minutes=5))

    assert fake_slack.uploads() == []
    notes = [c.params["text"] for c in fake_slack.posts() if c.params.get("thread_ts")]
    assert len(notes) == 1 and "image/jpeg" in notes[0]


def test_a_transient_404_is_retried_and_then_the_file_arrives(client, worker, fake_slack, fake_twilio, clock):
    fake_twilio.media_fail(status=404, times=1)
    send_media(client, fake_twilio.add_media(JPEG, "image/jpeg"), body="")
    worker.run_due()
    assert fake_slack.uploads() == []

    clock.advance(timedelta(seconds=10))
    worker.run_due()
    assert [u.content for u in fake_slack.uploads()] == [JPEG]


def test_credentials_are_never_sent_to_a_url_outside_the_account(client, worker, fake_slack, fake_twilio):
    foreign = fake_twilio.url + "/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/MM1/Media/ME1"
    send_media(client, foreign, body="")
    worker.run_due()

    assert fake_twilio.media_requests() == []
    notes = [c.params["text"] for c in fake_slack.posts() if c.params.get("thread_ts")]
    assert len(notes) == 1 and "not fetched" in notes[0]
