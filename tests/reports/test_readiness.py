"""Readiness: each lane's five steps scored 2 / 1 / 0 with the next action, and what Slack says."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.lanes import LanesConfig, parse_lanes
from bot.reports.readiness import (
    MAX_BLOCKS,
    STEP_NAMES,
    LaneReadiness,
    SlackFacts,
    Step,
    score_lanes,
)
from bot.reports.readiness_view import readiness_blocks, readiness_text
from bot.reports.slack_facts import gather_facts
from bot.slack.text import SECTION_LIMIT

BOT = "U0BOT0001"  # FakeSlack's bot user
LABELS = ["Paid media", "Tender readiness", "Billing"]


def sales(**changes: Any) -> dict[str, Any]:
    lane = {"name": "sales", "channel": "C0SALES", "members": ["U0AAA", "U0BBB"], "claim_within": "5m",
            "reply_within": "15m", "repings": 2, "then": "reassign", "keywords": ["price"]}
    return {key: value for key, value in (lane | changes).items() if value is not None}


def pricing(**changes: Any) -> dict[str, Any]:
    entry = {"ref": "pricing", "lane": "sales", "page": "https://example.com/pricing",
             "preset": "Hi, I'd like a quote (ref: pricing)", "label": "Paid media"}
    return {key: value for key, value in (entry | changes).items() if value is not None}


def config(lanes: list[dict[str, Any]] | None = None, entry_points: list[dict[str, Any]] | None = None,
           labels: list[str] | None = LABELS, **workspace: Any) -> LanesConfig:
    lanes = lanes if lanes is not None else [sales()]
    mapping: dict[str, Any] = {
        "workspace": {"default_lane": lanes[0]["name"], "escalation_channel": "C0ESCALATE"} | workspace,
        "lanes": lanes,
        "entry_points": entry_points if entry_points is not None else [pricing()],
    }
    if labels is not None:
        mapping["labels"] = {"names": labels}
    return parse_lanes({k: {kk: vv for kk, vv in v.items() if vv is not None} if isinstance(v, dict) else v
                        for k, v in mapping.items()})


def ready_facts(*users: str, channel: str = "C0SALES") -> SlackFacts:
    users = users or ("U0AAA", "U0BBB")
    return SlackFacts(channel_members={channel: frozenset(users) | {BOT}},
                      users=dict.fromkeys(users, "active"), bot_user=BOT)


def only_aaa_in_channel() -> SlackFacts:
    return replace(ready_facts("U0AAA"), users={"U0AAA": "active", "U0BBB": "active"})


def step(lanes: LanesConfig, name: str, facts: SlackFacts | None = None) -> Step:
    (result,) = score_lanes(lanes, facts or ready_facts())
    return next(s for s in result.steps if s.name == name)


# --- a ready lane, totals ---------------------------------------------------------------


def test_a_ready_lane_scores_ten_with_nothing_to_do():
    (result,) = score_lanes(config(), ready_facts())

    assert result.lane == "sales" and result.channel == "C0SALES"
    assert [s.name for s in result.steps] == list(STEP_NAMES)
    assert [s.score for s in result.steps] == [2, 2, 2, 2, 2]
    assert result.total == 10
    assert all(s.action is None for s in result.steps)


def test_the_total_adds_up_the_steps_per_lane_in_file_order():
    support = {"name": "support", "channel": "C0SUPPORT", "members": ["U0AAA"]}
    lanes = config([sales(), support])
    facts = SlackFacts(channel_members={"C0SALES": frozenset({"U0AAA", "U0BBB", BOT}), "C0SUPPORT": frozenset({BOT})},
                       users={"U0AAA": "active", "U0BBB": "active"}, bot_user=BOT)

    results = score_lanes(lanes, facts)

    assert [r.lane for r in results] == ["sales", "support"]
    assert [r.total for r in results] == [10, 1]  # support: labels defined (1); U0AAA is not in the channel (0)
    assert [r.total for r in results] == [sum(s.score for s in r.steps) for r in results]
    assert [r.lane for r in score_lanes(lanes, facts, only={"support"})] == ["support"]


# --- 1. entry points --------------------------------------------------------------------


def test_entry_points_missing_when_no_ref_routes_to_the_lane():
    s = step(config(entry_points=[]), "Entry points")

    assert s.score == 0
    assert "only by keywords and as the default lane" in s.detail
    assert s.action == 'Add an `[[entry_points]]` with `lane = "sales"` and a `page`'


def test_entry_points_at_risk_when_a_ref_has_no_page():
    s = step(config(entry_points=[pricing(), pricing(ref="tender", page=None, preset="(ref: tender)")]), "Entry points")

    assert s.score == 1
    assert "`tender` has no page" in s.detail
    assert s.action == "Add a `page` to entry point `tender`"


def test_entry_points_visible_when_every_ref_has_a_page():
    s = step(config(), "Entry points")

    assert (s.score, s.action) == (2, None)
    assert "`pricing`" in s.detail


def test_entry_points_visible_with_a_click_to_chat_link_instead_of_a_page():
    lanes = config(entry_points=[pricing(), pricing(ref="tender", page=None, preset="(ref: tender)")])
    (result,) = score_lanes(lanes, ready_facts(), sender="whatsapp:+971501234567")
    s = next(s for s in result.steps if s.name == "Entry points")

    assert (s.score, s.action) == (2, None)
    assert "click-to-chat link" in s.detail and "`tender`" in s.detail



def test_a_lanes_own_number_makes_its_click_to_chat_link_work_without_the_workspace_sender():
    lanes = config(lanes=[sales() | {"sender": "whatsapp:+966501234567"}],
                   entry_points=[pricing(), pricing(ref="tender", page=None, preset="(ref: tender)")])
    (result,) = score_lanes(lanes, ready_facts(), sender=None)
    s = next(s for s in result.steps if s.name == "Entry points")

    assert (s.score, s.action) == (2, None)
    assert "click-to-chat link" in s.detail

# --- 2. preset messages -----------------------------------------------------------------


def test_presets_missing_when_no_ref_has_one_or_there_is_no_ref():
    assert step(config(entry_points=[pricing(preset=None)]), "Preset messages").action == \
        "Add a `preset` to entry point `pricing`"
    assert step(config(entry_points=[pricing(preset=None)]), "Preset messages").score == 0
    no_ref = step(config(entry_points=[]), "Preset messages")
    assert no_ref.score == 0 and "`preset`" in (no_ref.action or "")


def test_presets_at_risk_when_some_ref_lacks_one_or_its_preset_misses_the_ref():
    some = step(config(entry_points=[pricing(), pricing(ref="tender", preset=None)]), "Preset messages")
    astray = step(config(entry_points=[pricing(preset="Hi, I'd like a quote")]), "Preset messages")

    assert some.score == 1 and some.action == "Add a `preset` to entry point `tender`"
    assert astray.score == 1 and astray.action == "Put `ref: pricing` in the `preset` of entry point `pricing`"


def test_presets_visible_when_every_preset_carries_its_ref():
    s = step(config(entry_points=[pricing(), pricing(ref="tender", preset="A tender [ref:TENDER]")]), "Preset messages")

    assert (s.score, s.action) == (2, None)


# --- 3. labels --------------------------------------------------------------------------


def test_labels_missing_without_a_labels_table():
    s = step(config(labels=None, entry_points=[pricing(label=None)]), "Labels")

    assert s.score == 0 and s.action == "Add `[labels] names = [...]` to the lanes file"


def test_labels_at_risk_when_reps_label_by_hand():
    unlabelled = step(config(entry_points=[pricing(), pricing(ref="tender", label=None)]), "Labels")
    no_ref = step(config(entry_points=[]), "Labels")

    assert unlabelled.score == 1 and unlabelled.action == "Set a `label` on entry point `tender`"
    assert "by hand" in unlabelled.detail
    assert no_ref.score == 1 and no_ref.action == "Add an entry point for lane `sales` with a `label`"


def test_labels_visible_when_every_ref_sets_one():
    s = step(config(), "Labels")

    assert (s.score, s.action) == (2, None)
    assert "`pricing` -> `Paid media`" in s.detail


# --- 4. owners --------------------------------------------------------------------------


@pytest.mark.parametrize(("members", "facts", "score", "action"), [
    ([], ready_facts(), 0, "Add `members` to lane `sales`"),
    (["U0AAA"], ready_facts("U0AAA"), 1, "Add a second person to the `members` of lane `sales`"),
    (["U0AAA", "U0BBB"], only_aaa_in_channel(), 1, "Invite <@U0BBB> to <#C0SALES>"),
    (["U0AAA", "U0BBB"], replace(ready_facts(), users={"U0AAA": "active", "U0BBB": "deleted"}),
     1, "Replace <@U0BBB> in the `members` of lane `sales`"),
    (["U0AAA", "U0BBB"], replace(ready_facts(), users={"U0AAA": "bot", "U0BBB": "not_found"}),
     0, "Replace <@U0BBB>, <@U0AAA> in the `members` of lane `sales`"),
    (["U0AAA", "U0BBB"], replace(ready_facts(), channel_members={"C0SALES": frozenset({BOT})}),
     0, "Invite <@U0AAA>, <@U0BBB> to <#C0SALES>"),
    (["U0AAA", "U0BBB"], replace(ready_facts(), channel_members={"C0SALES": frozenset({"U0AAA", "U0BBB"})}),
     1, "Invite the bot <@U0BOT0001> to <#C0SALES>"),
    (["U0AAA", "U0BBB"], SlackFacts(), 1, "Let the bot read <#C0SALES> (invite it; scopes `channels:read`, "
                                          "`groups:read`, `users:read`) and check again"),
    (["U0AAA", "U0BBB"], ready_facts(), 2, None),
], ids=["no-members", "one-member", "not-in-channel", "deactivated", "none-active", "none-in-channel",
        "bot-outside", "unknown", "ready"])
def test_owners(members, facts, score, action):
    s = step(config([sales(members=members)]), "Owners", facts)

    assert (s.score, s.action) == (score, action)


def test_owners_detail_names_who_is_missing_and_what_slack_could_not_tell():
    facts = SlackFacts(channel_members={"C0SALES": None}, users={"U0AAA": "deleted"}, bot_user=BOT)

    s = step(config(), "Owners", facts)

    assert s.score == 1
    assert "<@U0AAA> is deactivated" in s.detail
    assert "couldn't read who is in <#C0SALES>" in s.detail and "couldn't check <@U0BBB>" in s.detail


# --- 5. follow-up cadence ---------------------------------------------------------------


def test_cadence_missing_without_claim_or_reply_deadlines():
    s = step(config([sales(claim_within=None, reply_within=None, repings=None, then=None)]), "Follow-up cadence")

    assert s.score == 0
    assert s.action == "Set `claim_within` and `reply_within` for lane `sales`"
    assert "closes after 7d" in s.detail


def test_cadence_at_risk_with_one_deadline():
    s = step(config([sales(reply_within=None)]), "Follow-up cadence")

    assert s.score == 1 and s.action == "Set `reply_within` for lane `sales`"
    assert "claim within 5m, 2 re-pings then reassign" in s.detail


def test_cadence_visible_with_both_and_shows_close_after():
    s = step(config([sales(close_after="3d")]), "Follow-up cadence")

    assert (s.score, s.action) == (2, None)
    assert "reply within 15m" in s.detail and "closes after 3d" in s.detail


def test_an_alerts_only_lane_needs_no_reply_deadline():
    s = step(config([sales(reply_within=None, alerts_only=True)]), "Follow-up cadence")

    assert (s.score, s.action) == (2, None)


def test_escalations_that_reach_nobody_put_the_cadence_at_risk():
    lanes = config([sales(then="escalate")], escalation_channel=None)
    with_leads = config([sales(then="escalate", leads=["U0LEAD"])], escalation_channel=None)

    s = step(lanes, "Follow-up cadence")

    assert s.score == 1 and s.action == "Set `escalation_channel` in `[workspace]`"
    assert "escalations reach nobody" in s.detail
    assert step(with_leads, "Follow-up cadence").score == 2


# --- rendering --------------------------------------------------------------------------


def test_the_text_shows_each_lane_score_marks_and_next_actions():
    lanes = config([sales(reply_within=None)])
    facts = replace(only_aaa_in_channel(), problems=("Slack answered ratelimited for U0CCC (users.info)",))

    text = readiness_text(score_lanes(lanes, facts), problems=facts.problems)

    assert "sales: 8/10" in text
    assert "  ok       Entry points:" in text
    assert "  at risk  Owners: <@U0BBB> is not in <#C0SALES>" in text
    assert "-> Invite <@U0BBB> to <#C0SALES>" in text
    assert "-> Set `reply_within` for lane `sales`" in text
    assert "Slack answered ratelimited for U0CCC" in text


def blocks_json(results, **kwargs) -> list[dict[str, Any]]:
    blocks = [block.to_dict() for block in readiness_blocks(results, **kwargs)]
    json.dumps(blocks)  # serialisable
    return blocks


def assert_within_limits(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= MAX_BLOCKS
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= SECTION_LIMIT
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150


def test_the_blocks_are_block_kit_within_slack_limits():
    lanes = config([sales(reply_within=None)])
    blocks = blocks_json(score_lanes(lanes, only_aaa_in_channel()), problems=["Slack answered x for C0OTHER"])

    assert blocks[0]["type"] == "header"
    assert_within_limits(blocks)
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert sections[0].startswith("*sales* · *8/10* · <#C0SALES>")
    assert ":large_yellow_circle: *Owners*" in sections[0]
    assert "→ Invite <@U0BBB> to <#C0SALES>" in sections[0]
    assert "Slack answered x for C0OTHER" in json.dumps(blocks)


def test_many_lanes_and_long_lists_still_fit():
    many = [sales(name=f"lane{i}", channel=f"C0LANE{i}", members=[f"U0M{i}{j}" for j in range(40)])
            for i in range(60)]
    refs = [pricing(ref=f"ref{i}-{'x' * 40}", lane="lane0", page=None) for i in range(300)]
    results = score_lanes(config(many, refs), SlackFacts())

    blocks = blocks_json(results, problems=[f"problem {i}" for i in range(100)])

    assert_within_limits(blocks)
    assert "more lanes" in json.dumps(blocks)


def test_text_from_the_lanes_file_cannot_mention_anyone_in_slack():
    hostile = "<!channel> & <@U0EVIL>"
    lanes = config([sales(name=hostile, members=["U0AAA", "U0BBB"], reply_within=None)],
                   [pricing(lane=hostile, label="<!here>"), pricing(ref="tender", lane=hostile, page=None,
                                                                      label=None)],
                   labels=LABELS + ["<!here>"])
    facts = only_aaa_in_channel()
    made_up = LaneReadiness("<#C0EVIL>", (Step("<!everyone>", 0, "<@U0EVIL>", "<!subteam^S0EVIL>"),), 0, "#nope")

    dumped = json.dumps(blocks_json(score_lanes(lanes, facts) + (made_up,)))

    for mention in ("<!channel>", "<!here>", "<@U0EVIL>", "<#C0EVIL>", "<!everyone>", "<!subteam"):
        assert mention not in dumped
    assert "&lt;!channel&gt; &amp; &lt;@U0EVIL&gt;" in dumped
    assert "Invite <@U0BBB> to <#C0SALES>" in dumped  # the lanes file's own ids still mention


# --- what Slack says (gather_facts against the fake) ------------------------------------


def two_lanes() -> LanesConfig:
    billing = {"name": "billing", "channel": "C0BILLING", "members": ["U0EEE", "U0AAA"]}
    return config([sales(members=["U0AAA", "U0BBB", "U0CCC", "U0GONE"]), billing])


def test_gather_facts_reads_channel_members_by_page_and_each_member_once(fake_slack):
    fake_slack.add_channel("C0SALES", "sales", members=["U0AAA", "U0BBB", "U0CCC", BOT, "U0OTHER"])
    fake_slack.add_user("U0BBB", deleted=True)
    fake_slack.add_user("U0CCC", is_bot=True)
    fake_slack.fail_ok_false("users.info", error="user_not_found")  # the first user asked: U0AAA

    facts = gather_facts(fake_slack.client(), two_lanes(), page_size=2)

    pages = fake_slack.calls("conversations.members")
    assert [c.params["channel"] for c in pages] == ["C0SALES"] * 3 + ["C0BILLING"]
    assert all(c.params["limit"] == "2" for c in pages) and "cursor" in pages[1].params
    assert facts.members_of("C0SALES") == frozenset({"U0AAA", "U0BBB", "U0CCC", BOT, "U0OTHER"})
    assert facts.members_of("C0BILLING") == frozenset()
    assert facts.bot_user == BOT
    asked = [c.params["user"] for c in fake_slack.calls("users.info") + fake_slack.failed_calls("users.info")]
    assert sorted(asked) == ["U0AAA", "U0BBB", "U0CCC", "U0EEE", "U0GONE"]
    assert facts.users == {"U0AAA": "not_found", "U0BBB": "deleted", "U0CCC": "bot", "U0GONE": "active",
                           "U0EEE": "active"}
    assert facts.problems == ()


def test_gather_facts_turns_slack_errors_into_unknowns_and_problem_lines(fake_slack):
    fake_slack.fail_ok_false("conversations.members", error="not_in_channel")
    fake_slack.fail("users.info", times=1, status=500)

    facts = gather_facts(fake_slack.client(), two_lanes())

    assert facts.members_of("C0SALES") is None
    assert facts.members_of("C0BILLING") == frozenset()
    assert facts.status_of("U0AAA") == "unknown" and facts.status_of("U0BBB") == "active"
    assert facts.problems[0] == "Slack answered not_in_channel for C0SALES (conversations.members)"
    assert "U0AAA (users.info)" in facts.problems[1]
    (result, _) = score_lanes(two_lanes(), facts)
    assert result.steps[3].score == 1  # couldn't be checked: at risk, not missing


def test_gather_facts_stops_asking_when_slack_refuses_the_token(fake_slack):
    facts = gather_facts(fake_slack.client(token="xoxb-wrong"), two_lanes())

    assert len(fake_slack.failed_calls()) == 1 and fake_slack.calls() == []
    assert facts.problems == ("Slack answered invalid_auth for auth.test: check SLACK_BOT_TOKEN",)
    assert set(facts.users.values()) == {"unknown"}
    assert all(members is None for members in facts.channel_members.values())


def test_gather_facts_survives_an_unreachable_slack():
    client = WebClient(token="xoxb-test", base_url="http://127.0.0.1:9/api/", timeout=2)

    facts = gather_facts(client, two_lanes())

    assert len(facts.problems) == 1 and facts.problems[0].startswith("couldn't reach Slack at http://127.0.0.1:9/api/")
    assert facts.bot_user is None and set(facts.users.values()) == {"unknown"}
