"""The close modal as Block Kit, and the reading of its view_submission (pure)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack import ids
from bot.slack.modals import (
    CHOOSE_OUTCOME,
    MESSAGE_LIMIT,
    NOTE_LIMIT,
    STALE_FORM,
    UNKNOWN_OUTCOME,
    ClosePlan,
    close_modal,
    read_close_submission,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OUTCOMES = ("Qualified", "Non-fit", "Resolved", "No response")


def blocks_by_id(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {block["block_id"]: block for block in view["blocks"] if "block_id" in block}


def submitted(modal: dict[str, Any], outcome: str | None = None, *, note: str | None = None,
              message: str | None = None) -> dict[str, Any]:
    """The ``view`` of a view_submission for ``modal`` (the real payload's shape), with
    ``outcome`` as the selected option's value (None: nothing chosen)."""
    view = copy.deepcopy(json.loads((FIXTURES / "slack_view_submission.json").read_text())["payload"]["view"])
    view.update({k: modal[k] for k in ("callback_id", "private_metadata", "blocks", "title", "submit")})
    selected = None if outcome is None else {"text": {"type": "plain_text", "text": outcome}, "value": outcome}
    view["state"] = {"values": {
        ids.CLOSE_OUTCOME_BLOCK: {ids.CLOSE_OUTCOME: {"type": "static_select", "selected_option": selected}},
        ids.CLOSE_NOTE_BLOCK: {ids.CLOSE_NOTE: {"type": "plain_text_input", "value": note}},
        ids.CLOSE_MESSAGE_BLOCK: {ids.CLOSE_MESSAGE: {"type": "plain_text_input", "value": message}},
    }}
    return view


# -- the modal ----------------------------------------------------------------------


def test_the_modal_asks_for_an_outcome_and_offers_a_note_and_a_closing_message():
    view = close_modal(42, "Ana Souza (+5511987654321)", OUTCOMES)

    assert view["type"] == "modal" and view["callback_id"] == ids.CLOSE_VIEW
    assert view["title"]["text"] == "Close conversation" and view["submit"]["text"] == "Close"
    assert view["private_metadata"] == "42"
    blocks = blocks_by_id(view)
    outcome = blocks[ids.CLOSE_OUTCOME_BLOCK]
    assert outcome["type"] == "input" and outcome["optional"] is False
    assert outcome["element"]["type"] == "static_select" and outcome["element"]["action_id"] == ids.CLOSE_OUTCOME
    assert [o["value"] for o in outcome["element"]["options"]] == list(OUTCOMES)
    assert [o["text"]["text"] for o in outcome["element"]["options"]] == list(OUTCOMES)
    note = blocks[ids.CLOSE_NOTE_BLOCK]
    assert note["optional"] is True and note["label"]["text"] == "Note for the team"
    assert note["element"] == {"type": "plain_text_input", "action_id": ids.CLOSE_NOTE, "multiline": True,
                               "max_length": NOTE_LIMIT}
    message = blocks[ids.CLOSE_MESSAGE_BLOCK]
    assert message["optional"] is True and message["element"]["action_id"] == ids.CLOSE_MESSAGE
    assert "sent on WhatsApp" in message["label"]["text"]
    [context] = [b for b in view["blocks"] if b["type"] == "context"]
    assert "not messaged unless" in context["elements"][0]["text"]


def test_the_contact_is_escaped_so_it_cannot_mention_anyone():
    view = close_modal(7, "Eve <!channel> & <@U0AAA>", OUTCOMES)

    text = json.dumps(view)
    assert "<!channel>" not in text and "<@U0AAA>" not in text
    assert "Eve &lt;!channel&gt; &amp; &lt;@U0AAA&gt;" in view["blocks"][0]["text"]["text"]


@given(contact=st.text(min_size=1, max_size=4000), outcomes=st.lists(st.text(min_size=1, max_size=200), min_size=1,
                                                                      max_size=130))
def test_every_modal_stays_within_slacks_limits(contact, outcomes):
    if not any(o.strip() for o in outcomes):
        outcomes.append("Resolved")
    view = close_modal(2**40, contact, tuple(outcomes))

    assert len(view["title"]["text"]) <= 24 and len(view["private_metadata"]) <= 3000
    assert len(view["blocks"]) <= 100
    assert len(view["blocks"][0]["text"]["text"]) <= 3000
    options = blocks_by_id(view)[ids.CLOSE_OUTCOME_BLOCK]["element"]["options"]
    assert 1 <= len(options) <= 100
    assert all(len(o["value"]) <= 150 and len(o["text"]["text"]) <= 75 for o in options)
    assert len({o["value"] for o in options}) == len(options)


def test_without_outcomes_there_is_no_modal_to_open():
    with pytest.raises(ValueError):
        close_modal(1, "Ana", ())


@pytest.mark.parametrize("conversation_id", [0, -3])
def test_the_modal_needs_a_real_conversation_id(conversation_id):
    with pytest.raises(ValueError):
        close_modal(conversation_id, "Ana", OUTCOMES)


# -- the submission -----------------------------------------------------------------


def test_a_complete_submission_reads_as_a_plan():
    view = submitted(close_modal(42, "Ana", OUTCOMES), "Qualified", note="  Sent the quote \n",
                     message="Thanks, Ana!")

    assert read_close_submission(view, OUTCOMES) == (ClosePlan(42, "Qualified", "Sent the quote", "Thanks, Ana!"), {})


def test_empty_optional_fields_are_none():
    view = submitted(close_modal(42, "Ana", OUTCOMES), "Resolved", note="   ", message=None)

    assert read_close_submission(view, OUTCOMES) == (ClosePlan(42, "Resolved", None, None), {})


def test_a_missing_outcome_is_a_field_error():
    view = submitted(close_modal(42, "Ana", OUTCOMES), None, note="no outcome")

    assert read_close_submission(view, OUTCOMES) == (None, {ids.CLOSE_OUTCOME_BLOCK: CHOOSE_OUTCOME})


def test_an_outcome_block_missing_from_the_state_is_a_field_error():
    view = submitted(close_modal(42, "Ana", OUTCOMES), "Qualified")
    del view["state"]["values"][ids.CLOSE_OUTCOME_BLOCK]

    assert read_close_submission(view, OUTCOMES) == (None, {ids.CLOSE_OUTCOME_BLOCK: CHOOSE_OUTCOME})


@pytest.mark.parametrize("value", ["Won big", "qualified", "Qualified ", "", "x" * 151])
def test_an_outcome_that_was_not_offered_is_refused(value):
    view = submitted(close_modal(42, "Ana", OUTCOMES), value)

    plan, errors = read_close_submission(view, OUTCOMES)
    assert plan is None and errors[ids.CLOSE_OUTCOME_BLOCK] in (UNKNOWN_OUTCOME, CHOOSE_OUTCOME)


def test_a_long_outcome_round_trips_through_its_short_option_value():
    long = "Qualified — " + "x" * 200
    view = close_modal(5, "Ana", (long, "Resolved"))
    [value] = [o["value"] for o in blocks_by_id(view)[ids.CLOSE_OUTCOME_BLOCK]["element"]["options"]
               if o["value"] != "Resolved"]

    assert read_close_submission(submitted(view, value), (long, "Resolved"))[0] == ClosePlan(5, long, None, None)


@pytest.mark.parametrize("metadata", ["", "0", "-1", "1.5", "abc", "12 ", '{"conv": 1}', None, "9" * 40])
def test_private_metadata_that_is_not_a_positive_id_is_refused(metadata):
    view = submitted(close_modal(42, "Ana", OUTCOMES), "Qualified")
    view["private_metadata"] = metadata

    assert read_close_submission(view, OUTCOMES) == (None, {ids.CLOSE_OUTCOME_BLOCK: STALE_FORM})


def test_text_over_the_limits_is_a_field_error():
    view = submitted(close_modal(42, "Ana", OUTCOMES), "Qualified", note="n" * (NOTE_LIMIT + 1),
                     message="m" * (MESSAGE_LIMIT + 1))

    plan, errors = read_close_submission(view, OUTCOMES)
    assert plan is None and set(errors) == {ids.CLOSE_NOTE_BLOCK, ids.CLOSE_MESSAGE_BLOCK}


def test_a_view_without_state_asks_for_an_outcome():
    assert read_close_submission({"private_metadata": "3"}, OUTCOMES) == (None, {ids.CLOSE_OUTCOME_BLOCK: CHOOSE_OUTCOME})
