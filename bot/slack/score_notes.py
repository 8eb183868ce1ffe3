"""What lead scoring writes: the card's score line, the band actions' thread notes, and the
retraining summary posted to the leads. Reasons come from the scorer (`bot.routing.scoring`),
built from the customer's words, so they are escaped wherever they land in mrkdwn."""

from __future__ import annotations

from collections.abc import Sequence

from bot.slack.text import escape_mrkdwn
from bot.slack.timer_notes import mention

BAND_WORDS = {"hot": "Hot", "warm": "Warm", "nurture": "Nurture", "cold": "Cold"}
BAND_EMOJI = {"hot": ":fire:", "warm": ":sunny:", "nurture": ":seedling:", "cold": ":snowflake:"}
LOW_PRIORITY = ":snowflake: *Low priority* (cold lead): closes sooner when the customer goes quiet."


def score_field(score: int | None, band: str | None) -> str | None:
    """The card's Score field: `82 · Hot`; None when there is no score yet."""
    if score is None:
        return None
    return f"{score} · {BAND_WORDS[band]}" if band in BAND_WORDS else str(score)


def reasons_line(reasons: Sequence[str]) -> str | None:
    """The card's context line: the two or three signals that moved the score most."""
    if not reasons:
        return None
    return "Score: " + "; ".join(escape_mrkdwn(reason) for reason in reasons[:3])


def _why(score: int, reasons: Sequence[str]) -> str:
    shown = "; ".join(escape_mrkdwn(reason) for reason in reasons[:3])
    return f"score {score}" + (f" ({shown})" if shown else "")


def hot_lead(members: tuple[str, ...], group: str | None, score: int, reasons: Sequence[str], *,
             ping: bool, owner: str | None) -> str:
    """The hot lead's ping in its thread; `ping` False outside working hours (no mention then)."""
    who = mention(members, group) if ping else "Team"
    quiet = "" if ping else " (outside working hours: nobody is pinged)"
    taken = f" It is <@{owner}>'s." if owner else " Who takes it?"
    return f":fire: {who} hot lead, {_why(score, reasons)}.{taken}{quiet}"


def assigned_hot(owner: str) -> str:
    return f":fire: Hot lead given to <@{owner}> (the lane assigns automatically)."


def qualification_checklist(score: int, questions: Sequence[str]) -> str:
    """The warm lead's checklist: only what is still missing."""
    if not questions:
        return f":sunny: Warm lead ({score}): budget, timeline, decision maker and scope are all known. Propose a next step."
    lines = "\n".join(f"• {escape_mrkdwn(question)}" for question in questions)
    return f":sunny: Warm lead ({score}). To qualify it, find out:\n{lines}"


def nurture_followup(score: int, every: str) -> str:
    return (f":seedling: Nurture lead ({score}): not ready yet. While you wait for the customer's answer, "
            f"a follow-up is set {every} after your reply.")


def followup_set(owner: str, when: str) -> str:
    """`when` is `notes.local_time(…)`, already safe mrkdwn."""
    return f":seedling: <@{owner}> nurture lead: follow-up set for {when}."


def duration_words(seconds: float) -> str:
    days, hours = divmod(round(seconds / 3600), 24)
    if days and not hours:
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{round(seconds / 3600)} h" if seconds >= 3600 else f"{max(1, round(seconds / 60))} min"


def retrained(verdict: str, lines: Sequence[str]) -> str:
    """The retraining summary for the leads: the verdict, then AUC and the calibration table."""
    body = "\n".join(escape_mrkdwn(line) for line in lines)
    return f":bar_chart: *Lead score retrained*: {escape_mrkdwn(verdict)}\n```{body}```"
