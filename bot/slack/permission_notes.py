"""What people are told when the permission rules (bot/conversations/permissions.py) or the
privacy tools say no. Plain mrkdwn; lane names are escaped."""

from __future__ import annotations

from bot.slack.text import escape_mrkdwn


def reply_not_sent(lane: str, *, external: bool = False) -> str:
    if external:
        return (":lock: Not sent to the customer: people from another Slack organisation cannot write to "
                "customers from this workspace. Your message is kept in the thread as an internal note.")
    return (f":lock: Not sent to the customer: only the members and leads of the *{escape_mrkdwn(lane)}* lane "
            "(and the conversation's owner) reply to customers. Your message is kept in the thread as an "
            "internal note; ask a lead to add you to the lane if you should reply.")


EXTERNAL_ACTION = "People from another Slack organisation cannot change conversations in this workspace."
REPORT_REFUSED = ("Sorry, reports are for the members and leads of a lane. Ask a lead to add you to "
                  "your lane in the lanes file if you need them.")
REPORT_PUBLIC_WHERE = ("`public` reports are posted only in a lane's channel or the weekly report's channel; "
                       "run the command there, or leave out `public` to see it just for you.")
REPORT_NOT_YOUR_LANES = "You can see reports for the lanes you lead: {lanes}."
REPORT_ONLY_YOURS = "Lane members see their own numbers: this report covers your conversations only."
ERASE_REFUSED = "Only lane leads and workspace leads can erase a customer's data."
ERASE_QUEUED = ("The customer's data is being erased: their name, number and messages are removed from the "
                "database, and the bot's posts about them are deleted from Slack in a moment.")
ERASE_NOT_A_CARD = "Use this shortcut on a customer's card or on a message in its thread."


def not_your_lanes(lanes: tuple[str, ...]) -> str:
    return REPORT_NOT_YOUR_LANES.format(lanes=", ".join(f"*{escape_mrkdwn(name)}*" for name in lanes))
