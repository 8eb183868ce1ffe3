"""Readiness shown: plain text for `python -m bot check --readiness`, Block Kit for
`/wa-report readiness`. The scores and sentences come from `bot.reports.readiness`."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.lanes import CHANNEL_ID
from bot.reports.readiness import (
    AT_RISK,
    MAX_BLOCKS,
    MAX_SCORE,
    MISSING,
    SLACK_MARKS,
    TEXT_MARKS,
    VISIBLE,
    LaneReadiness,
)
from bot.reports.readiness_text import LIST_LIMIT, count_noun
from bot.slack.text import SECTION_LIMIT, escape_mrkdwn


def readiness_text(results: Sequence[LaneReadiness], *, problems: Sequence[str] = ()) -> str:
    """Plain text for a terminal: one block per lane (`sales: 7/10`), each step with its mark
    and, under it, its next action; then what Slack couldn't tell."""
    width = max(len(mark) for mark in TEXT_MARKS.values())
    lines = ["Readiness (each step: 2 visible, 1 at risk, 0 missing)"]
    for result in results:
        lines += ["", f"{result.lane}: {result.total}/{MAX_SCORE}  (channel {result.channel})"]
        for step in result.steps:
            lines.append(f"  {TEXT_MARKS.get(step.score, '?'):<{width}}  {step.name}: {step.detail}")
            if step.action:
                lines.append(f"  {'':<{width}}  -> {step.action}")
    if problems:
        lines += ["", "Slack couldn't tell everything:"] + [f"  - {problem}" for problem in problems]
    return "\n".join(lines)


def readiness_blocks(results: Sequence[LaneReadiness], *, problems: Sequence[str] = ()) -> list[Block]:
    """A header, a legend, then per lane a divider and a section (`*sales* 7/10 #sales` and a line per
    step with its next action); at most `MAX_BLOCKS` blocks, each section within Slack's limit."""
    legend = (f"{SLACK_MARKS[VISIBLE]} visible (2)   {SLACK_MARKS[AT_RISK]} at risk (1)   "
              f"{SLACK_MARKS[MISSING]} missing (0)")
    blocks: list[Block] = [
        HeaderBlock(text="WhatsApp lanes: readiness"),
        ContextBlock(elements=[MarkdownTextObject(text=legend)]),
    ]
    tail: list[Block] = []
    if problems:
        shown = "\n".join(f"• {escape_mrkdwn(problem)}" for problem in problems[:LIST_LIMIT])
        more = f"\n…and {len(problems) - LIST_LIMIT} more" if len(problems) > LIST_LIMIT else ""
        tail.append(ContextBlock(elements=[MarkdownTextObject(
            text=_clip(f"Slack couldn't tell everything:\n{shown}{more}"))]))
    for index, result in enumerate(results):
        lane_blocks: list[Block] = [DividerBlock()]
        lane_blocks += [SectionBlock(text=MarkdownTextObject(text=text)) for text in _lane_sections(result)]
        room = MAX_BLOCKS - len(blocks) - len(tail) - 1  # keep one for "and N more lanes"
        if len(lane_blocks) > room:
            rest = len(results) - index
            blocks.append(ContextBlock(elements=[MarkdownTextObject(
                text=f"…and {count_noun(rest, 'more lane')}: run `python -m bot check --readiness` for all of them")]))
            break
        blocks += lane_blocks
    return blocks + tail


def _lane_sections(result: LaneReadiness) -> list[str]:
    """The lane's mrkdwn, packed into as few sections as fit Slack's limit."""
    channel = f" · <#{result.channel}>" if CHANNEL_ID.fullmatch(result.channel) else ""
    lines = [f"*{escape_mrkdwn(result.lane)}* · *{result.total}/{MAX_SCORE}*{channel}"]
    for step in result.steps:
        detail = step.detail_mrkdwn if step.detail_mrkdwn is not None else escape_mrkdwn(step.detail)
        line = f"{SLACK_MARKS.get(step.score, '')} *{escape_mrkdwn(step.name)}*: {detail}"
        if step.action:
            action = step.action_mrkdwn if step.action_mrkdwn is not None else escape_mrkdwn(step.action)
            line += f"\n      → {action}"
        lines.append(_clip(line))
    sections: list[str] = []
    for line in lines:
        if sections and len(sections[-1]) + 1 + len(line) <= SECTION_LIMIT:
            sections[-1] += "\n" + line
        else:
            sections.append(line)
    return sections


def _clip(text: str, limit: int = SECTION_LIMIT) -> str:
    """At most `limit` characters, cut before an escape or mention rather than inside one."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    opened = max(cut.rfind("&"), cut.rfind("<"))
    if opened > max(cut.rfind(";"), cut.rfind(">")):
        cut = cut[:opened]
    return cut + "…"
