"""The lanes file: parsing, every validation rule, line numbers in errors, loading."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import ConfigError
from bot.lanes import LanesConfig, load_lanes, parse_duration, parse_lanes
from tests.lanes.examples import (
    BASE,
    CONTRACT_EXAMPLE,
    DELETE,
    base,
    check_rule,
    line_of,
    problems_in,
    problems_of,
    set_at,
)

ROOT = Path(__file__).resolve().parent.parent.parent

# --- what parses ----------------------------------------------------------------------


def test_the_contract_example_parses() -> None:
    config = parse_lanes(BASE, source=CONTRACT_EXAMPLE)

    assert config.workspace.timezone == "Asia/Dubai"
    assert config.workspace.business_hours == "Sun-Thu 09:00-18:00"
    assert config.workspace.escalation_channel == "C0ESCALATE"
    assert config.workspace.note_prefix == "note:"
    assert config.default_lane.name == "support"
    sales = config.lane("sales")
    assert sales.channel == "C0SALES"
    assert sales.members == ("U0AAA", "U0BBB")
    assert sales.mention == "S0SALES"
    assert sales.assign == "round_robin"
    assert sales.claim_within == timedelta(minutes=5)
    assert sales.repings == 2
    assert sales.then == "reassign"
    assert sales.reply_within == timedelta(minutes=15)
    assert sales.keywords == ("price", "quote", "proposal", "سعر", "عرض سعر")
    assert config.entry_points[0].ref == "pricing"
    assert config.entry_points[0].label == "Paid media"
    assert config.entry_points[0].page == "https://example.com/pricing"
    assert "Tender readiness" in config.labels
    assert config.outcomes[-1] == "No response"


def test_the_example_file_at_the_repo_root_parses() -> None:
    config = load_lanes(ROOT / "lanes.example.toml")

    assert [lane.name for lane in config.lanes] == ["sales", "arabic_seo", "billing", "support"]
    assert config.default_lane.name == "support"
    assert config.workspace.timezone == "Asia/Dubai"
    assert config.workspace.business_hours == "Sun-Thu 09:00-18:00"
    assert {entry.ref: entry.lane for entry in config.entry_points} == {
        "pricing": "sales",
        "seo-audit": "arabic_seo",
        "tender": "sales",
    }
    assert "سيو" in config.lane("arabic_seo").keywords
    assert "تحسين محركات البحث" in config.lane("arabic_seo").keywords
    assert {"invoice", "فاتورة", "دفع"} <= set(config.lane("billing").keywords)
    assert all(entry.label in config.labels for entry in config.entry_points)


def test_optional_keys_take_their_defaults() -> None:
    config = parse_lanes({"workspace": {"default_lane": "a"}, "lanes": [{"name": "a", "channel": "C0A"}]})

    assert config.workspace.timezone == "UTC"
    assert config.workspace.note_prefix == "note:"
    assert config.workspace.escalation_channel is None
    lane = config.lane("a")
    assert (lane.members, lane.mention, lane.assign, lane.repings, lane.then) == ((), None, "manual", 0, "escalate")
    assert lane.claim_within is None and lane.reply_within is None and lane.keywords == ()
    assert config.entry_points == () and config.labels == () and config.outcomes == ()


def test_config_lookups() -> None:
    config = parse_lanes(BASE)

    assert isinstance(config, LanesConfig)
    assert config.has_lane("sales") and not config.has_lane("Sales")
    assert config.entry_point("PRICING").ref == "pricing"
    with pytest.raises(KeyError):
        config.lane("nope")
    with pytest.raises(KeyError):
        config.entry_point("nope")


# --- durations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30s", timedelta(seconds=30)),
        ("5m", timedelta(minutes=5)),
        ("2h", timedelta(hours=2)),
        ("1d", timedelta(days=1)),
        ("2s", timedelta(seconds=2)),
        ("90m", timedelta(minutes=90)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "5", "m", "0s", "0m", "-5m", "+5m", "1.5h", "5 m", " 5m", "5m ", "5m\n", "5M", "1w", "5min", "٥m", "1e3s",
     "99999999999999d"],
)  # fmt: skip
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_parse_duration_rejects_non_strings() -> None:
    with pytest.raises(ValueError):
        parse_duration(5)  # type: ignore[arg-type]


# --- every rule, one at a time -----------------------------------------------------------



RULES = [
    # (key path to change, new value, expected problem)
    (("colour",), "red", 'colour: unknown key'),
    (("workspace", "timzone"), "Asia/Dubai", "workspace.timzone: unknown key (did you mean 'timezone'?)"),
    (("lanes", 0, "chanel"), "C0X", "lanes[0].chanel: unknown key (did you mean 'channel'?)"),
    (("entry_points", 0, "url"), "x", "entry_points[0].url: unknown key"),
    (("labels", "name"), [], "labels.name: unknown key (did you mean 'names'?)"),
    (("outcomes", "extra"), 1, "outcomes.extra: unknown key"),
    (("workspace",), DELETE, "workspace: required table [workspace] is missing"),
    (("workspace",), "Asia/Dubai", "workspace: expected a table [workspace], got string"),
    (("workspace", "timezone"), "Mars/Olympus", "workspace.timezone: unknown time zone 'Mars/Olympus'"),
    (("workspace", "timezone"), "asia/dubai", "workspace.timezone: unknown time zone 'asia/dubai'"),
    (("workspace", "timezone"), "../../etc/passwd", "workspace.timezone: unknown time zone"),
    (("workspace", "timezone"), "Asia", "workspace.timezone: unknown time zone"),
    (("workspace", "timezone"), 4, "workspace.timezone: expected a string, got integer"),
    (("workspace", "business_hours"), ["Sun-Thu"], "workspace.business_hours: expected a string, got array"),
    (("workspace", "default_lane"), DELETE, "workspace.default_lane: required key is missing"),
    (("workspace", "default_lane"), "suport", "workspace.default_lane: no lane named 'suport' (lanes: sales, support)"),
    (("workspace", "escalation_channel"), "#escalations", "workspace.escalation_channel: not a Slack channel id: "
                                                          "'#escalations' (use the id, not the name)"),
    (("workspace", "escalation_channel"), "c0escalate", "workspace.escalation_channel: not a Slack channel id"),
    (("workspace", "note_prefix"), "", "workspace.note_prefix: must not be empty"),
    (("workspace", "note_prefix"), True, "workspace.note_prefix: expected a string, got boolean"),
    (("lanes",), DELETE, "lanes: at least one lane is required ([[lanes]])"),
    (("lanes",), [], "lanes: at least one lane is required ([[lanes]])"),
    (("lanes",), "sales", "lanes: expected an array of tables ([[lanes]]), got string"),
    (("lanes", 1), "support", "lanes[1]: expected a table [[lanes]], got string"),
    (("lanes", 0, "name"), DELETE, "lanes[0].name: required key is missing"),
    (("lanes", 0, "name"), " ", "lanes[0].name: must not be empty"),
    (("lanes", 2), {"name": "sales", "channel": "C0X"}, "lanes[2].name: duplicate lane name 'sales' (also lanes[0])"),
    (("lanes", 0, "channel"), DELETE, "lanes[0].channel: required key is missing"),
    (("lanes", 0, "channel"), "sales", "lanes[0].channel: not a Slack channel id: 'sales'"),
    (("lanes", 0, "channel"), "U0AAA", "lanes[0].channel: not a Slack channel id"),
    (("lanes", 0, "channel"), "C0SALES\n", "lanes[0].channel: not a Slack channel id"),
    (("lanes", 0, "members"), "U0AAA", "lanes[0].members: expected an array of strings, got string"),
    (("lanes", 0, "members", 1), "@bob", "lanes[0].members[1]: not a Slack user id: '@bob' (use the id, not the name)"),
    (("lanes", 0, "members", 1), "C0SALES", "lanes[0].members[1]: not a Slack user id"),
    (("lanes", 0, "members", 1), 7, "lanes[0].members[1]: expected a string, got integer"),
    (("lanes", 0, "members", 1), "U0AAA", "lanes[0].members[1]: duplicate 'U0AAA'"),
    (("lanes", 0, "mention"), "U0AAA", "lanes[0].mention: not a Slack user group id: 'U0AAA'"),
    (("lanes", 0, "assign"), "random", "lanes[0].assign: 'random' is not one of manual | round_robin | least_loaded"),
    (("lanes", 0, "then"), "panic", "lanes[0].then: 'panic' is not one of reassign | escalate"),
    (("lanes", 0, "claim_within"), "5 minutes", "lanes[0].claim_within: not a duration like 30s, 5m, 2h or 1d"),
    (("lanes", 0, "claim_within"), 300, "lanes[0].claim_within: expected a string, got integer"),
    (("lanes", 0, "reply_within"), "0m", "lanes[0].reply_within: not a duration"),
    (("lanes", 0, "repings"), -1, "lanes[0].repings: must not be negative"),
    (("lanes", 0, "repings"), "2", "lanes[0].repings: expected a whole number, got string"),
    (("lanes", 0, "repings"), 1.5, "lanes[0].repings: expected a whole number, got float"),
    (("lanes", 0, "repings"), True, "lanes[0].repings: expected a whole number, got boolean"),
    (("lanes", 0, "keywords"), "price", "lanes[0].keywords: expected an array of strings, got string"),
    (("lanes", 0, "keywords", 0), 3, "lanes[0].keywords[0]: expected a string, got integer"),
    (("lanes", 0, "keywords", 0), "  ", "lanes[0].keywords[0]: must not be empty"),
    (("entry_points",), {"ref": "x"}, "entry_points: expected an array of tables ([[entry_points]]), got table"),
    (("entry_points", 0), "pricing", "entry_points[0]: expected a table [[entry_points]], got string"),
    (("entry_points", 0, "ref"), DELETE, "entry_points[0].ref: required key is missing"),
    (("entry_points", 0, "ref"), "price list", "entry_points[0].ref: 'price list': use only letters, digits"),
    (("entry_points", 0, "ref"), "", "entry_points[0].ref: '': use only letters, digits"),
    (("entry_points", 0, "ref"), 1, "entry_points[0].ref: expected a string, got integer"),
    (("entry_points", 0, "lane"), DELETE, "entry_points[0].lane: required key is missing"),
    (("entry_points", 0, "lane"), "marketing", "entry_points[0].lane: no lane named 'marketing'"),
    (("entry_points", 0, "label"), "Paid Media", "entry_points[0].label: 'Paid Media' is not in labels.names"),
    (("entry_points", 0, "page"), ["x"], "entry_points[0].page: expected a string, got array"),
    (("labels",), ["Billing"], "labels: expected a table [labels], got array"),
    (("labels", "names"), DELETE, "labels.names: required key is missing"),
    (("labels", "names"), "Billing", "labels.names: expected an array of strings, got string"),
    (("labels", "names", 0), "", "labels.names[0]: must not be empty"),
    (("labels", "names", 0), "x" * 76, "labels.names[0]: longer than 75 characters (Slack's limit for option text)"),
    (("labels", "names", 1), "Support request", "labels.names[1]: duplicate 'Support request'"),
    (("labels", "names", 1), date(2024, 1, 1), "labels.names[1]: expected a string, got date/time"),
    (("outcomes", "names", 2), "Qualified", "outcomes.names[2]: duplicate 'Qualified'"),
    (("outcomes", "names", 2), "ق" * 76, "outcomes.names[2]: longer than 75 characters"),
    (("outcomes",), DELETE, None),  # optional
    (("entry_points",), DELETE, None),  # optional
    (("labels", "names", 0), "x" * 75, None),  # exactly the limit
    (("workspace", "escalation_channel"), DELETE, None),
    (("workspace", "timezone"), "UTC", None),
    (("lanes", 0, "channel"), "G0PRIVATE", None),
    (("lanes", 0, "members", 1), "W0ENTERPRISE", None),
    (("entry_points", 0, "ref"), "seo_audit-2", None),
    (("entry_points", 0, "label"), DELETE, None),
]


@pytest.mark.parametrize(("path", "value", "expected"), RULES, ids=[str((rule[0], "DELETE" if rule[1] is DELETE else rule[1]))[:60] for rule in RULES])
def test_each_rule(path: tuple[Any, ...], value: Any, expected: str | None) -> None:
    check_rule(path, value, expected)


def test_an_entry_label_is_free_when_there_is_no_labels_list() -> None:
    data = base()
    del data["labels"]
    data["entry_points"][0]["label"] = "Anything"

    assert parse_lanes(data).entry_points[0].label == "Anything"


def test_refs_are_unique_ignoring_case() -> None:
    data = base()
    data["entry_points"].append({"ref": "Pricing", "lane": "support"})

    assert problems_of(data) == [
        "entry_points[1].ref: duplicate ref 'Pricing' (also entry_points[0]; refs ignore case)"
    ]


def test_the_mapping_itself_must_be_a_table() -> None:
    assert problems_of(["lanes"]) == ["lanes file: expected a table, got array"]  # type: ignore[arg-type]


# --- every problem at once, with its line ------------------------------------------------

BROKEN = """\
[workspace]
timezone = "Mars/Olympus"
default_lane = "nowhere"
escalation_channel = "#escalations"

[[lanes]]
name = "sales"
channel = "sales"
members = ["U0AAA", "bob"]
assign = "random"
claim_within = "5 minutes"
repings = -1
then = "panic"
keywords = "price"
colour = "red"

[[lanes]]
name = "sales"
mention = "@sales-team"

[[entry_points]]
ref = "pricing"
lane = "sales"
label = "Paid Media"

[[entry_points]]
ref = "Pricing"
lane = "marketing"

[[entry_points]]
ref = "bad ref!"
lane = "sales"

[labels]
names = [
    "Paid media",
    "Paid media",
    "",
]

[outcomes]
names = "Qualified"
"""


def test_every_problem_is_reported_at_once_with_its_line() -> None:
    line = lambda needle, occurrence=0: line_of(BROKEN, needle, occurrence)  # noqa: E731
    channel_line = line('channel = "sales"')

    assert problems_in(BROKEN) == [
        f"workspace.timezone (line {line('timezone')}): unknown time zone 'Mars/Olympus' "
        "(use an IANA name like Asia/Dubai)",
        f"workspace.default_lane (line {line('default_lane')}): no lane named 'nowhere' (lanes: sales)",
        f"workspace.escalation_channel (line {line('escalation_channel')}): not a Slack channel id: '#escalations' "
        "(use the id, not the name)",
        f"lanes[0].channel (line {channel_line}): not a Slack channel id: 'sales'",
        f"lanes[0].members[1] (line {line('members')}): not a Slack user id: 'bob'",
        f"lanes[0].assign (line {line('assign')}): 'random' is not one of manual | round_robin | least_loaded",
        f"lanes[0].claim_within (line {line('claim_within')}): not a duration like 30s, 5m, 2h or 1d: '5 minutes'",
        f"lanes[0].repings (line {line('repings')}): must not be negative",
        f"lanes[0].then (line {line('then')}): 'panic' is not one of reassign | escalate",
        f"lanes[0].keywords (line {line('keywords')}): expected an array of strings, got string",
        f"lanes[0].colour (line {line('colour')}): unknown key",
        # a missing key is placed on its table's header
        f"lanes[1].channel (line {line('[[lanes]]', 1)}): required key is missing",
        f"lanes[1].name (line {line('name = ', 1)}): duplicate lane name 'sales' (also lanes[0])",
        f"lanes[1].mention (line {line('mention')}): not a Slack user group id: '@sales-team' "
        "(use the id, not the name)",
        f"entry_points[0].label (line {line('label = ')}): 'Paid Media' is not in labels.names",
        f"entry_points[1].ref (line {line('ref = ', 1)}): duplicate ref 'Pricing' "
        "(also entry_points[0]; refs ignore case)",
        f"entry_points[1].lane (line {line('marketing')}): no lane named 'marketing' (lanes: sales)",
        f"entry_points[2].ref (line {line('bad ref')}): 'bad ref!': use only letters, digits, '-' and '_'",
        # an item of a multi-line array is placed on its key's line
        f"labels.names[1] (line {line('names = [')}): duplicate 'Paid media'",
        f"labels.names[2] (line {line('names = [')}): must not be empty",
        f"outcomes.names (line {line('names = ', 1)}): expected an array of strings, got string",
    ]


def test_without_source_problems_carry_no_line() -> None:
    problems = problems_of(tomllib.loads(BROKEN))

    assert "workspace.timezone: unknown time zone 'Mars/Olympus' (use an IANA name like Asia/Dubai)" in problems
    assert not any("(line" in problem for problem in problems)


def test_a_key_in_an_inline_table_is_placed_on_the_nearest_located_key() -> None:
    text = '[workspace]\ndefault_lane = "a"\n\n[[lanes]]\nname = "a"\nchannel = "C0A"\nmembers = [{ id = "U0A" }]\n'

    assert problems_in(text) == ["lanes[0].members[0] (line 7): expected a string, got table"]


def test_a_key_that_cannot_be_located_carries_no_line() -> None:
    data = {"workspace": {"default_lane": "a"}, "lanes": [{"name": "a", "channel": "nope"}]}

    assert problems_of(data, source="# not the file these came from\n") == [
        "lanes[0].channel: not a Slack channel id: 'nope'"
    ]


def test_lines_survive_multi_line_values_comments_and_quoted_keys() -> None:
    text = '''\
# a comment with [[lanes]] and channel = "x"
[workspace]
default_lane = "a"
note_prefix = """
[[lanes]]
channel = "fake"
"""

[[lanes]]   # first lane
"name" = "a"
keywords = [
  "x = y", # comment ]
  "[[lanes]]",
]
channel = "bad"

[ lanes.extra ]
what = 1
'''
    assert problems_in(text) == [
        f"lanes[0].channel (line {line_of(text, 'channel = ', 2)}): not a Slack channel id: 'bad'",
        f"lanes[0].extra (line {line_of(text, 'lanes.extra')}): unknown key",
    ]


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_any_wrong_value_is_a_problem_never_a_crash(data: st.DataObject) -> None:
    toml_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=80),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
        max_leaves=10,
    )
    mapping = base()
    paths = _paths(mapping)
    path = data.draw(st.sampled_from(paths))
    set_at(mapping, path, data.draw(toml_values))

    try:
        parse_lanes(mapping, source=CONTRACT_EXAMPLE)
    except ConfigError as error:
        assert error.problems and all(isinstance(problem, str) for problem in error.problems)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    found = [prefix] if prefix else []
    for key, child in items:
        found += _paths(child, (*prefix, key))
    return found


# --- loading a file ----------------------------------------------------------------------


def test_load_lanes_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "lanes.toml"
    path.write_text(CONTRACT_EXAMPLE, encoding="utf-8")

    assert load_lanes(path) == parse_lanes(BASE)
    assert load_lanes(str(path)).default_lane.name == "support"


def test_load_lanes_names_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"

    with pytest.raises(ConfigError) as caught:
        load_lanes(path)

    assert caught.value.problems == [f"{path}: lanes file not found"]


def test_load_lanes_names_the_line_of_a_toml_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "lanes.toml"
    path.write_text('[workspace]\ndefault_lane = "a"\nname = \n', encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        load_lanes(path)

    [problem] = caught.value.problems
    assert problem.startswith(f"{path} (line 3): invalid TOML: ")
    assert "(at line" not in problem


def test_load_lanes_reports_validation_problems_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "lanes.toml"
    path.write_text(CONTRACT_EXAMPLE.replace('channel = "C0SUPPORT"', 'channel = "#support"'), encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        load_lanes(path)

    line = line_of(CONTRACT_EXAMPLE, 'channel = "C0SUPPORT"')
    assert caught.value.problems == [
        f"lanes[1].channel (line {line}): not a Slack channel id: '#support' (use the id, not the name)"
    ]


def test_load_lanes_rejects_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "lanes.toml"
    path.write_bytes(b'[workspace]\ndefault_lane = "\xff"\n')

    with pytest.raises(ConfigError, match="cannot read lanes file"):
        load_lanes(path)


def test_reply_settings_default_and_parse():
    from bot.lanes import parse_lanes as parse

    base = {"workspace": {"default_lane": "a"}, "lanes": [{"name": "a", "channel": "C0A"}]}
    plain = parse(base)
    assert plain.workspace.opt_out_words == ("STOP", "UNSUBSCRIBE", "إلغاء")
    assert plain.workspace.opt_in_words == ("START",)
    assert plain.lane("a").alerts_only is False and plain.lane("a").sign_replies is False

    custom = parse({"workspace": {"default_lane": "a", "opt_out_words": ["STOP", "توقف"], "opt_in_words": ["ابدأ"]},
                    "lanes": [{"name": "a", "channel": "C0A", "alerts_only": True, "sign_replies": True}]})
    assert custom.workspace.opt_out_words == ("STOP", "توقف") and custom.workspace.opt_in_words == ("ابدأ",)
    assert custom.lane("a").alerts_only and custom.lane("a").sign_replies


def test_reply_settings_of_the_wrong_type_are_reported():
    import pytest

    from bot.errors import ConfigError
    from bot.lanes import parse_lanes as parse

    with pytest.raises(ConfigError) as caught:
        parse({"workspace": {"default_lane": "a", "opt_out_words": "STOP"},
               "lanes": [{"name": "a", "channel": "C0A", "alerts_only": "yes"}]})
    text = "\n".join(caught.value.problems)
    assert "workspace.opt_out_words" in text and "lanes[0].alerts_only" in text


def test_ownership_settings_parse_and_decide_who_may_act():
    from bot.lanes import parse_lanes as parse

    config = parse({"workspace": {"default_lane": "a", "leads": ["U0LEAD"]},
                    "lanes": [{"name": "a", "channel": "C0A", "members": ["U0AAA"], "leads": ["U0ALEAD"],
                               "max_open": 3, "first_reply_claims": True}]})
    lane = config.lane("a")
    assert (lane.max_open, lane.first_reply_claims, lane.leads) == (3, True, ("U0ALEAD",))
    assert config.may_work("U0AAA", lane) and config.may_work("U0LEAD", lane) and config.may_work("U0ALEAD", lane)
    assert not config.may_work("U0OTHER", lane)
    assert config.is_lead("U0LEAD", lane) and not config.is_lead("U0AAA", lane)
    assert config.lanes_of("U0AAA") == (lane,) and config.lanes_of("U0OTHER") == ()
