"""The report as Block Kit, readable on a phone: short sections, one fact a line, the most
important first. Pure: a `Report` in, blocks and a fallback text out.

Lane, ref, ad, outcome and contact names come from the lanes file or from customers:
each goes through `escape_mrkdwn`, so nothing in a report can mention anyone.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.reports.model import UNKNOWN_OUTCOME, Percentiles, Report, Speed
from bot.slack.text import escape_mrkdwn

TOP = 6  # rows per breakdown; the rest are summed as "others"
TOP_PEOPLE = 12
HEADER_LIMIT = 150


def report_blocks(report: Report, *, public: bool, chart_note: str | None = None) -> list[Block]:
    """The whole report. `chart_note` (e.g. "Chart in the thread") ends it when given."""
    blocks: list[Block] = [
        HeaderBlock(text=_clip(f"WhatsApp report — {report.query.period.label}", HEADER_LIMIT)),
        ContextBlock(elements=[MarkdownTextObject(text=_scope(report))]),
    ]
    if report.empty:
        blocks.append(_section(f"*No conversations started in {escape_mrkdwn(report.query.period.label)}.*"))
    else:
        blocks += [
            _section(_started(report)),
            _section(_outcomes(report)),
            *([_section(_score_bands(report))] if report.score_bands else []),
            _section(_speed(report)),
        ]
    blocks += [_section(_follow_through(report, report.query.now))]
    if report.people:
        blocks += [DividerBlock(), _section(_people(report))]
    if report.satisfaction_by_lane or report.satisfaction_by_rep:
        blocks += [_section(_satisfaction(report))]
    notes = ["Counts are of conversations started in the period; open ones have no outcome yet and are "
             "never counted as leads. p50/p90: half / nine in ten were faster."]
    if chart_note:
        notes.append(chart_note)
    elif not public:
        notes.append("Only you can see this. Add `public` to post it here, with a chart in its thread.")
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=" ".join(notes))]))
    return blocks


def report_text(report: Report) -> str:
    """The notification / fallback text."""
    if report.empty:
        return f"WhatsApp report — {report.query.period.label}: no conversations started."
    return (f"WhatsApp report — {report.query.period.label}: {report.started} started, "
            f"{report.qualified} qualified, {report.open_now} open now.")


def duration(seconds: int | None) -> str:
    """`45s`, `12m`, `3h 05m`, `2d 4h`; "—" for none."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h"


# -- sections ------------------------------------------------------------------------


def _scope(report: Report) -> str:
    query = report.query
    lanes = ", ".join(f"*{escape_mrkdwn(name)}*" for name in query.lanes) if query.lanes else "all lanes"
    rep = f" · <@{query.rep}>" if query.rep else ""
    return f"{lanes}{rep} · times in {escape_mrkdwn(query.period.tz)}"


def _started(report: Report) -> str:
    lines = [f"*{report.started} conversation{'s' if report.started != 1 else ''} started*"]
    lines.append("*By lane:* " + _breakdown(report.by_lane))
    lines.append("*By entry point:* " + _breakdown(report.by_ref))
    if report.by_ad:
        lines.append("*From ads:* " + _breakdown(report.by_ad))
    return "\n".join(lines)


def _outcomes(report: Report) -> str:
    marked = ", ".join(escape_mrkdwn(name) for name in report.qualifying) or "none marked in the lanes file"
    lines = [f"*Qualified leads: {report.qualified}* _(outcomes that qualify: {marked})_"]
    known = [(name, count) for name, count in report.outcomes if name != UNKNOWN_OUTCOME and count]
    unknown = dict(report.outcomes).get(UNKNOWN_OUTCOME, 0)
    if known:
        lines.append("*Outcomes:* " + " · ".join(f"{escape_mrkdwn(name)} {count}" for name, count in known))
    lines.append(f"*Still open (outcome unknown):* {unknown}")
    return "\n".join(lines)


def _score_bands(report: Report) -> str:
    """Lead-score bands against outcomes: how well the score foretold which leads qualified."""
    lines = ["*Lead score vs outcome* _(share qualified of those closed)_"]
    for row in report.score_bands:
        share = f"{row.share_qualified:.0%}" if row.share_qualified is not None else "—"
        lines.append(f"{row.band.capitalize()}: {row.count} · closed {row.closed} · qualified {row.qualified} ({share})")
    return "\n".join(lines)


def _speed(report: Report) -> str:
    sla = report.sla
    claim_extra = f" · {report.auto_assigned} auto-assigned" if report.auto_assigned else ""
    lines = [
        "*Speed* (p50 / p90, working time · wall time)",
        f"*Time to claim:* {_pair(report.claim)} _({report.claim.wall.count} claimed{claim_extra})_",
        f"*First reply:* {_pair(report.first_reply)} _({report.first_reply.wall.count} answered)_",
    ]
    if sla.share is not None:
        lines.append(f"*Within the reply SLA:* {sla.share:.0%} ({sla.within} of {sla.answered})")
    else:
        lines.append("*Within the reply SLA:* — _(no answered conversation in a lane with `reply_within`)_")
    if sla.unanswered:
        lines.append(f"*Not answered yet:* {sla.unanswered}")
    return "\n".join(lines)


def _pair(speed: Speed) -> str:
    if not speed.wall.count:
        return "—"
    return f"{_p(speed.work)} · {_p(speed.wall)}"


def _p(value: Percentiles) -> str:
    return "—" if not value.count else f"{duration(value.p50)} / {duration(value.p90)}"


def _follow_through(report: Report, now: datetime | None) -> str:
    lines = []
    if not report.empty:
        lines.append(f"*Follow-through:* {report.repings} re-pings · {report.reassignments} reassignments · "
                     f"{report.escalations} escalations")
    lines.append(f"*Right now:* {report.open_now} open · {report.unclaimed_now} unclaimed")
    waiting = report.oldest_waiting
    if waiting is not None and now is not None:
        who = f"conversation #{waiting.conversation_id}"  # never the customer's name or number (privacy)
        if waiting.permalink:
            who = f"<{waiting.permalink}|{who}>"
        owner = f"<@{waiting.owner}>" if waiting.owner else "unclaimed"
        waited = duration(max(0, int((now - waiting.since).total_seconds())))
        lines.append(f"*Oldest waiting:* {who} ({escape_mrkdwn(waiting.lane)}, {owner}) for {waited}")
    return "\n".join(lines)


def _people(report: Report) -> str:
    lines = ["*People* (owned · closed · median first reply · open now)"]
    for row in report.people[:TOP_PEOPLE]:
        lines.append(f"<@{row.user}> — {row.owned} · {row.closed} · {duration(row.median_first_reply)} · "
                     f"{row.open_now}")
    if len(report.people) > TOP_PEOPLE:
        lines.append(f"…and {len(report.people) - TOP_PEOPLE} more")
    return "\n".join(lines)


def _satisfaction(report: Report) -> str:
    lines = ["*Satisfaction* (customers' 1–5 answers · average)"]
    lines += [f"{escape_mrkdwn(lane)} — {count} · {average:.1f}" for lane, count, average in report.satisfaction_by_lane]
    lines += [f"<@{rep}> — {count} · {average:.1f}" for rep, count, average in report.satisfaction_by_rep[:TOP_PEOPLE]]
    return "\n".join(lines)


def _breakdown(rows: tuple[tuple[str, int], ...]) -> str:
    if not rows:
        return "—"
    shown = [f"{escape_mrkdwn(name)} {count}" for name, count in rows[:TOP]]
    rest = sum(count for _, count in rows[TOP:])
    if rest:
        shown.append(f"{len(rows) - TOP} others {rest}")
    return " · ".join(shown)


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=_clip(text, 3000)))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
