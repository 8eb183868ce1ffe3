"""The App Home tab as Block Kit: a pure function of HomeData and the time."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.conversations.home import LIST_LIMIT
from bot.slack.home import HomeData, HomeItem
from bot.slack import ids
from bot.slack.home import (
    MAX_BLOCKS, MINE_EMPTY, NO_LANES, UNCLAIMED_EMPTY, item_line, render_home, waiting_words,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def item(n: int = 1, **changes: object) -> HomeItem:
    fields: dict[str, object] = dict(
        conversation_id=n, contact_name="Ana Souza", contact_number="+5511987654321", lane="sales",
        status="claimed", score=87, permalink=f"https://acme.slack.com/archives/C0SALES/p17000000000{n:02d}",
        waiting_since=NOW - timedelta(hours=2, minutes=5),
    )
    fields.update(changes)
    return HomeItem(**fields)  # type: ignore[arg-type]


def texts(view: dict) -> list[str]:
    """Every text of the view, block by block (section, header and context texts)."""
    out = []
    for block in view["blocks"]:
        if "text" in block:
            out.append(block["text"]["text"])
        out += [element["text"] for element in block.get("elements", []) if "text" in element]
    return out


def button(view: dict) -> dict:
    [found] = [b["accessory"] for b in view["blocks"] if b.get("accessory", {}).get("action_id") == ids.HOME_AWAY]
    return found


def test_an_empty_home_says_so_for_both_lists_and_offers_to_go_away():
    view = render_home(HomeData(away=False, lanes=("sales",)), now=NOW)

    assert view["type"] == "home"
    all_text = texts(view)
    assert "My open conversations" in all_text and "Unclaimed in my lanes" in all_text
    assert MINE_EMPTY in all_text and UNCLAIMED_EMPTY in all_text
    assert button(view)["value"] == "away" and button(view)["text"]["text"] == "Set yourself away"


def test_an_away_rep_is_offered_to_come_back():
    view = render_home(HomeData(away=True), now=NOW)

    assert button(view)["value"] == "back" and button(view)["text"]["text"] == "I'm back"
    assert any("You're away" in text for text in texts(view))


def test_a_rep_in_no_lane_is_told_why_nothing_unclaimed_is_shown():
    assert NO_LANES in texts(render_home(HomeData(away=False), now=NOW))


def test_an_item_shows_contact_lane_status_score_waiting_time_and_link():
    line = item_line(item(), NOW)

    assert line == ("*Ana Souza* +5511987654321 · sales · Claimed · score 87 · waiting 2 h 5 min · "
                    "<https://acme.slack.com/archives/C0SALES/p1700000000001|Open>")


def test_an_item_without_score_permalink_name_or_unanswered_message_says_less():
    line = item_line(item(contact_name=None, score=None, permalink=None, waiting_since=None,
                          status="unclaimed"), NOW)

    assert line == "*+5511987654321* · sales · Unclaimed · score —"


def test_a_hostile_contact_name_and_number_cannot_mention_or_link():
    hostile = item(contact_name="<!channel> *Boss* <@U0AAA> & <https://evil.example|click>",
                   contact_number="<!here>")
    line = item_line(hostile, NOW)

    assert "<!channel>" not in line and "<@U0AAA>" not in line and "<!here>" not in line
    assert "&lt;!channel&gt;" in line and "&amp;" in line and "&lt;!here&gt;" in line
    assert line.count("<") == 1  # only our own link


@pytest.mark.parametrize("permalink", [
    "javascript:alert(1)", "https://acme.slack.com/x|Pwned", "https://acme.slack.com/<!channel>", "",
])
def test_a_permalink_that_could_break_the_link_is_not_linked(permalink):
    line = item_line(item(permalink=permalink), NOW)

    assert "|Open>" not in line and "<" not in line


def test_an_ampersand_in_a_permalink_is_escaped_inside_the_link():
    line = item_line(item(permalink="https://acme.slack.com/archives/C0/p1?thread_ts=1.2&cid=C0"), NOW)

    assert line.endswith("<https://acme.slack.com/archives/C0/p1?thread_ts=1.2&amp;cid=C0|Open>")


def test_a_long_contact_name_is_shortened():
    line = item_line(item(contact_name="&" * 500), NOW)

    assert len(line) < 400 and "…" in line


@pytest.mark.parametrize("delta, words", [
    (timedelta(seconds=20), "waiting under 1 min"),
    (timedelta(minutes=1), "waiting 1 min"),
    (timedelta(minutes=59, seconds=59), "waiting 59 min"),
    (timedelta(hours=1), "waiting 1 h"),
    (timedelta(hours=2, minutes=5), "waiting 2 h 5 min"),
    (timedelta(days=1), "waiting 1 d"),
    (timedelta(days=3, hours=4, minutes=30), "waiting 3 d 4 h"),
    (-timedelta(minutes=5), "waiting under 1 min"),  # a clock ahead of ours
])
def test_waiting_time_in_words(delta, words):
    assert waiting_words(NOW - delta, NOW) == words


def test_waiting_time_is_counted_from_now():
    since = NOW - timedelta(minutes=30)
    later = NOW + timedelta(hours=1)

    assert "waiting 30 min" in item_line(item(waiting_since=since), NOW)
    assert "waiting 1 h 30 min" in item_line(item(waiting_since=since), later)


def test_capped_lists_say_how_many_more():
    data = HomeData(away=False, mine=[item(n) for n in range(1, LIST_LIMIT + 1)], mine_more=7,
                    unclaimed=[item(n, status="unclaimed") for n in range(1, LIST_LIMIT + 1)], unclaimed_more=1,
                    lanes=("sales",))
    view = render_home(data, now=NOW)

    assert "…and 7 more" in texts(view) and "…and 1 more" in texts(view)
    assert MINE_EMPTY not in texts(view)
    assert len(view["blocks"]) <= MAX_BLOCKS
    assert sum(1 for b in view["blocks"] if b["type"] == "section" and "accessory" not in b) == 2 * LIST_LIMIT


def test_no_more_line_when_everything_fits():
    view = render_home(HomeData(away=False, mine=[item()], lanes=("sales",)), now=NOW)

    assert not any(text.startswith("…and") for text in texts(view))


def test_lists_longer_than_slack_allows_are_refused():
    data = HomeData(away=False, mine=[item(n) for n in range(1, 101)])

    with pytest.raises(ValueError):
        render_home(data, now=NOW)


def test_rendering_is_pure():
    data = HomeData(away=False, mine=[item()], unclaimed=[item(2, status="unclaimed")], lanes=("sales",))

    assert json.dumps(render_home(data, now=NOW)) == json.dumps(render_home(data, now=NOW))


@given(name=st.text(max_size=400), number=st.text(min_size=1, max_size=40), lane=st.text(min_size=1, max_size=80))
def test_any_untrusted_text_stays_inside_slack_limits_and_mentions_nobody(name, number, lane):
    line = item_line(item(contact_name=name or None, contact_number=number, lane=lane, permalink=None), NOW)

    assert len(line) <= 3000
    assert "<" not in line and ">" not in line
