"""Triage texts on the card and in its thread: the label's confidence, the request to pick a
label when the classifier is unsure, and the route's ping. Labels come from the lanes file and
are escaped."""

from __future__ import annotations

from bot.slack.text import escape_mrkdwn


def confidence(value: float) -> str:
    return f"{round(min(max(value, 0.0), 1.0) * 100)}%"


def label_with_confidence(label: str, value: float | None) -> str:
    return f"{label} ({confidence(value)})" if value is not None else label


def pick_label(value: float | None) -> str:
    """The card's notice below `review_below`."""
    sure = f" (confidence {confidence(value)})" if value is not None else ""
    return f":label: *Pick a label:* the triage is unsure{sure}. Choose the right one below; the team's labels train it."


def route_ping(target: str, label: str) -> str:
    """The thread note pinging a label route's user or user group on arrival."""
    who = f"<!subteam^{target}>" if target.startswith("S") else f"<@{target}>"
    return f"{who} a new conversation labelled *{escape_mrkdwn(label)}* (the lanes file's route for this label)."


def route_assigned(user: str, label: str) -> str:
    return f"Assigned to <@{user}>: the lanes file's route for *{escape_mrkdwn(label)}*."
