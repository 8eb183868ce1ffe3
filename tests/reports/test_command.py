"""parse_command(): the text of `/wa-report`, as Slack sends it (escaped), into a request or a usage line."""

from __future__ import annotations

import copy
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.lanes import LanesConfig, parse_lanes
from bot.reports.command import ReadinessRequest, ReportRequest, Usage, parse_command, usage
from bot.reports.model import Period
from bot.reports.period import parse_period
from tests.conftest import LANES

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # Monday 23 Nov 2026, 10:00 in Dubai


def make_lanes() -> LanesConfig:
    data: dict[str, Any] = copy.deepcopy(LANES)
    data["workspace"]["leads"] = ["U0LEAD"]
    data["lanes"] += [
        {"name": "Arabic SEO", "channel": "C0SEO", "members": ["U0EEE"]},
        {"name": "arabic", "channel": "C0ARABIC", "members": ["U0FFF"], "leads": ["U0GGG"]},
        {"name": "R&D", "channel": "C0RND"},
    ]
    return parse_lanes(data)


LANES_CONFIG = make_lanes()


def parse(text: str) -> ReportRequest | ReadinessRequest | Usage:
    return parse_command(text, LANES_CONFIG, now=NOW)


def report(text: str) -> ReportRequest:
    result = parse(text)
    assert isinstance(result, ReportRequest), result
    return result


def problem(text: str) -> str:
    """The first line of the usage shown for `text`: what was wrong."""
    result = parse(text)
    assert isinstance(result, Usage), result
    said, _, line = result.text.partition("\n")
    assert line.startswith("Usage: `/wa-report [period] [lane] [@rep] [public]`")
    return said


def dubai(text: str | None) -> Period:
    return parse_period(text, tz="Asia/Dubai", now=NOW, week_start=6)


# -- reports -------------------------------------------------------------------------------


def test_nothing_is_the_last_7_days_of_every_lane_privately() -> None:
    request = report("")
    assert request.public is False
    assert request.query.lanes == () and request.query.rep is None
    assert request.query.now == NOW
    assert request.query.period == dubai("7d")
    assert request.query.period.label == "last 7 days (17–23 Nov 2026)"


def test_period_uses_the_workspace_zone_and_its_week_start() -> None:
    # Sun-Thu business hours: weeks start on Sunday
    period = report("this-week").query.period
    assert (period.first_day, period.last_day) == (date(2026, 11, 22), date(2026, 11, 23))
    assert period.tz == "Asia/Dubai"
    assert period.label == "this week (22–23 Nov 2026)"


def test_week_starts_from_the_lanes_file() -> None:
    data: dict[str, Any] = copy.deepcopy(LANES)
    data["workspace"]["week_starts"] = "Mon"
    period = parse_command("this-week", parse_lanes(data), now=NOW)
    assert isinstance(period, ReportRequest)
    assert period.query.period.first_day == date(2026, 11, 23)


@pytest.mark.parametrize(
    "text",
    [
        "30d sales <@U0AAA|aisha> public",
        "public <@U0AAA> sales 30d",
        "<@U0AAA|aisha> public 30d SALES",
        "Sales   30D\tPUBLIC  <@U0AAA>",
    ],
)
def test_tokens_in_any_order_and_case(text: str) -> None:
    request = report(text)
    assert request.public is True
    assert request.query.lanes == ("sales",)
    assert request.query.rep == "U0AAA"
    assert request.query.period == dubai("30d")


def test_several_lanes_in_the_lanes_files_order_each_once() -> None:
    assert report("support sales support").query.lanes == ("sales", "support")
    assert report("billing, sales").query.lanes == ("sales", "billing")


def test_a_lane_of_several_words_longest_name_first() -> None:
    assert report("arabic seo").query.lanes == ("Arabic SEO",)
    assert report("ARABIC SEO 7d").query.lanes == ("Arabic SEO",)
    assert report("7d arabic").query.lanes == ("arabic",)
    assert report("arabic sales").query.lanes == ("sales", "arabic")
    assert report("arabic arabic seo").query.lanes == ("Arabic SEO", "arabic")


def test_a_lane_by_its_channel() -> None:
    assert report("<#C0SEO|arabic-seo> 7d").query.lanes == ("Arabic SEO",)
    assert report("<#C0SALES>").query.lanes == ("sales",)
    assert problem("<#C0OTHER|random>") == "<#C0OTHER> is not a lane's channel."


def test_a_lane_name_that_slack_escaped() -> None:
    assert report("r&amp;d").query.lanes == ("R&D",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", "today"),
        ("YESTERDAY", "yesterday"),
        ("14d", "14d"),
        ("last-week", "last-week"),
        ("this-month", "this-month"),
        ("last-month", "last-month"),
        ("2026-11-01..2026-11-15", "2026-11-01..2026-11-15"),
        ("2026-11-05", "2026-11-05"),
    ],
)
def test_every_period_form(text: str, expected: str) -> None:
    assert report(f"sales {text}").query.period == dubai(expected)


@pytest.mark.parametrize("text", ["<@U0AAA|aisha>", "<@U0AAA>", "<@U0AAA|Aisha Khan>", "<@U0AAA> <@U0AAA|aisha>"])
def test_a_rep_escaped_by_slack(text: str) -> None:
    assert report(text).query.rep == "U0AAA"


@pytest.mark.parametrize("user", ["U0LEAD", "U0GGG", "U0EEE"])  # workspace lead, lane lead, member
def test_leads_and_members_of_any_lane_are_reps(user: str) -> None:
    assert report(f"<@{user}>").query.rep == user


def test_an_enterprise_user_id() -> None:
    data: dict[str, Any] = copy.deepcopy(LANES)
    data["lanes"][0]["members"] = ["W0AAA"]
    result = parse_command("<@W0AAA|aisha>", parse_lanes(data), now=NOW)
    assert isinstance(result, ReportRequest) and result.query.rep == "W0AAA"


# -- readiness ----------------------------------------------------------------------------


def test_readiness() -> None:
    assert parse("readiness") == ReadinessRequest((), False)
    assert parse("Readiness sales") == ReadinessRequest(("sales",), False)
    assert parse("arabic seo readiness public billing") == ReadinessRequest(("billing", "Arabic SEO"), True)


def test_readiness_takes_no_period_or_rep() -> None:
    assert problem("readiness 7d") == "Readiness is the state now: it takes no period (`7d`)."
    assert problem("readiness <@U0AAA>") == "Readiness is per lane, not per person."
    assert problem("readiness foo") == "I don't know the period or lane `foo`."


# -- usage --------------------------------------------------------------------------------


def test_help_is_the_usage_alone() -> None:
    result = parse("help")
    assert result == usage(LANES_CONFIG)
    assert isinstance(result, Usage)
    assert result.text == (
        "Usage: `/wa-report [period] [lane] [@rep] [public]` — e.g. `/wa-report 30d sales`, "
        "`/wa-report this-week @Aisha public`, `/wa-report 2026-11-01..2026-11-15`, `/wa-report readiness`. "
        "Periods: `today`, `yesterday`, `7d`, `30d` (any `1d`–`366d`), `this-week`, `last-week`, "
        "`this-month`, `last-month`, `2026-11-01..2026-11-15`, `2026-11-01`. "
        "Lanes: sales, billing, support, Arabic SEO, arabic, R&amp;D."
    )


def test_an_unknown_word() -> None:
    assert problem("foo") == "I don't know the period or lane `foo`."
    assert problem("sales foo 7d bar") == "I don't know the periods or lanes `foo`, `bar`."
    assert problem("seo") == "I don't know the period or lane `seo`."


def test_a_plain_at_name_is_not_a_person() -> None:
    assert problem("@aisha 7d") == "`@aisha` is plain text: pick the person from Slack's autocomplete as you type @."


def test_a_user_in_no_lane() -> None:
    assert problem("<@U0ZZZ|zed>") == "<@U0ZZZ> is not a member of any lane."


def test_one_rep_only() -> None:
    assert problem("<@U0AAA> <@U0BBB|bob>") == "Give one person, not <@U0AAA> and <@U0BBB>."


def test_one_period_only() -> None:
    assert problem("7d sales 30d") == "Give one period, not `7d` and `30d`."
    assert problem("today today") == "Give one period, not `today` and `today`."


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2026-11-15..2026-11-01", "Period `2026-11-15..2026-11-01`: it ends (Sun 1 Nov 2026) before it starts "
         "(Sun 15 Nov 2026)."),
        ("2025-01-01..2026-11-01", "Period `2025-01-01..2026-11-01`: that is 670 days; at most 366."),
        ("400d", "Period `400d`: days go from 1d to 366d."),
        ("2026-02-30", "Period `2026-02-30`: 2026-02-30 is not a date."),
        ("7days", "Period `7days`: not a period I know."),
    ],
)
def test_a_bad_period_says_why(text: str, said: str) -> None:
    assert problem(f"sales {text}") == said


def test_several_problems_at_once() -> None:
    said = problem("foo @bob <@U0ZZZ>")
    assert said == (
        "I don't know the period or lane `foo`. "
        "`@bob` is plain text: pick the person from Slack's autocomplete as you type @. "
        "<@U0ZZZ> is not a member of any lane."
    )


# -- hostile text -------------------------------------------------------------------------

_ENTITY = re.compile(r"<[!@#]")


def assert_harmless(text: str) -> None:
    """Nothing between the usage's backticks can mention anyone or close the code span early."""
    result = parse(text)
    assert isinstance(result, Usage)
    said = result.text.partition("\n")[0]
    allowed = {m for m in re.findall(r"<@U0ZZZ>|<@U0AAA>|<@U0BBB>|<#C0OTHER>", said)}
    stripped = said
    for entity in allowed:
        stripped = stripped.replace(entity, "")
    assert not _ENTITY.search(stripped), said
    assert said.count("`") % 2 == 0, said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("<!channel>", "I don't know the period or lane `&lt;!channel&gt;`."),
        ("<!here|here> 7d", "I don't know the period or lane `&lt;!here|here&gt;`."),
        ("<!subteam^S0ABC|@team>", "I don't know the period or lane `&lt;!subteam^S0ABC|@team&gt;`."),
        ("&lt;!channel&gt;", "I don't know the period or lane `&lt;!channel&gt;`."),
        ("`<!channel>`", "I don't know the period or lane `&lt;!channel&gt;`."),
        ("x`&lt;@U0AAA&gt;`", "I don't know the period or lane `x&lt;@U0AAA&gt;`."),
        ("@`<!everyone>`", "I don't know the periods or lanes `@`, `&lt;!everyone&gt;`."),
        ("@<!everyone>x", "I don't know the periods or lanes `@`, `&lt;!everyone&gt;`, `x`."),
        ("a&amp;b", "I don't know the period or lane `a&amp;b`."),
    ],
)
def test_hostile_words_are_quoted_harmlessly(text: str, said: str) -> None:
    assert problem(text) == said
    assert_harmless(text)


def test_words_typed_as_code_are_read_without_the_backticks() -> None:
    assert report("`7d` `sales`").query.lanes == ("sales",)
    assert report("```").query.period == dubai("7d")


def test_a_long_word_is_cut() -> None:
    said = problem("x" * 500)
    assert said == f"I don't know the period or lane `{'x' * 39}…`."


@given(st.text(alphabet=st.sampled_from(list("<>!@#&`|^ ;ltgampUC0chanelr7d\n")), max_size=60))
def test_no_text_can_mention_anyone(text: str) -> None:
    result = parse(text)
    if isinstance(result, Usage):
        assert_harmless(text)


@pytest.mark.parametrize("text, expected", [
    ("last 7d", "7d"), ("last 30 days", "30d"), ("past 14 days", "14d"), ("10 days", "10d"),
    ("last week", "last-week"), ("This Month", "this-month"), ("last month", "last-month"),
])
def test_periods_as_people_type_them(text: str, expected: str) -> None:
    assert report(text).query.period == dubai(expected)


def test_the_slack_fixture_text_reads_as_last_7_days_of_a_lane() -> None:
    # Slack's own example payload: "last 7d <#C0WASUPPORT|wa-support>" (here the support lane's channel).
    support = next(lane for lane in LANES_CONFIG.lanes if lane.name == "support")

    request = report(f"last 7d <#{support.channel}|wa-support>")

    assert request.query.period == dubai("7d") and request.query.lanes == ("support",)
