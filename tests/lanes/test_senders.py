"""A lane's own WhatsApp number (`sender`): written either way, normalised, checked against
TWILIO_WHATSAPP_FROM with its line; lanes may share one."""

from __future__ import annotations

import tomllib

import pytest

from bot.errors import ConfigError
from bot.lanes import parse_lanes
from bot.lanes.senders import normalise_sender
from tests.lanes.examples import CONTRACT_EXAMPLE, line_of

KSA = "whatsapp:+966500000009"
UAE = "whatsapp:+971500000001"

WITH_SENDERS = CONTRACT_EXAMPLE.replace(
    'channel = "C0SUPPORT"\n',
    'channel = "C0SUPPORT"\nsender = "+966 50 000 0009"\n\n[[lanes]]\nname = "ksa_sales"\nchannel = "C0KSA"\n'
    'sender = "whatsapp:+966500000009"\n', 1)


def problems(text: str, senders: tuple[str, ...] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_lanes(tomllib.loads(text), source=text, senders=senders)
    return caught.value.problems


@pytest.mark.parametrize(("written", "stored"), [
    ("whatsapp:+966500000009", KSA), ("+966500000009", KSA), ("+966 50 000 0009", KSA),
    (" whatsapp: +971 50 000 0001 ", UAE), ("966500000009", None), ("whatsapp:+12", None), ("support", None),
])
def test_a_sender_is_a_whatsapp_number_written_as_twilio_does_or_bare(written: str, stored: str | None) -> None:
    assert normalise_sender(written) == stored


def test_lanes_keep_their_sender_and_may_share_one() -> None:
    lanes = parse_lanes(tomllib.loads(WITH_SENDERS), source=WITH_SENDERS, senders=(UAE, KSA))

    assert lanes.lane("support").sender == KSA and lanes.lane("ksa_sales").sender == KSA
    assert lanes.lane("sales").sender is None
    assert [lane.name for lane in lanes.lanes_for_sender(KSA)] == ["support", "ksa_sales"]
    assert lanes.lanes_for_sender(UAE) == () and lanes.lanes_for_sender(None) == ()


def test_a_sender_that_is_not_a_number_is_reported_with_its_line() -> None:
    text = WITH_SENDERS.replace('sender = "+966 50 000 0009"', 'sender = "0500000009"')

    [problem] = problems(text)

    assert problem.startswith(f"lanes[1].sender (line {line_of(text, '0500000009')}): not a WhatsApp number")


def test_a_sender_must_be_one_of_ours_when_the_settings_are_known() -> None:
    unchecked = parse_lanes(tomllib.loads(WITH_SENDERS), source=WITH_SENDERS)  # the settings unknown: no check
    assert unchecked.lane("support").sender == KSA

    found = problems(WITH_SENDERS, senders=(UAE,))

    assert found == [
        f"lanes[1].sender (line {line_of(WITH_SENDERS, 'sender =')}): {KSA} is not one of TWILIO_WHATSAPP_FROM's "
        f"senders ({UAE}): add it there or fix the number",
        f"lanes[2].sender (line {line_of(WITH_SENDERS, 'sender =', 1)}): {KSA} is not one of TWILIO_WHATSAPP_FROM's "
        f"senders ({UAE}): add it there or fix the number",
    ]
