"""What people are told when delivery cannot go on: dead letters, configuration faults
(with the action to take), and Slack events that never matched a card."""

from __future__ import annotations

from bot.slack.text import escape_mrkdwn

# Slack's error → what to do, for faults that block the whole app.
_AUTH_ACTIONS = {
    "invalid_auth": "reinstall the app: Slack no longer accepts its token (SLACK_BOT_TOKEN)",
    "not_authed": "set SLACK_BOT_TOKEN: the bot sent no token",
    "token_revoked": "reinstall the app: the token was revoked",
    "token_expired": "reinstall the app: the token expired",
    "account_inactive": "reinstall the app: its bot user was deactivated (or the app was removed)",
    "team_access_not_granted": "grant the app access to this workspace (org admin), then reinstall it",
    "no_permission": "ask a workspace admin to allow the app (its token lacks permission), then reinstall it",
}


def slack_fault_action(error: str, *, channel: str | None = None, needed: str | None = None) -> str:
    """The action that clears a Slack configuration fault."""
    if error == "not_in_channel" and channel:
        return f"invite @WA Bridge to <#{channel}> (`/invite @WA Bridge` in the channel)"
    if error == "missing_scope":
        scope = f" `{escape_mrkdwn(needed)}`" if needed else ""
        return f"add the missing scope{scope} to the app (manifest.yml) and reinstall it"
    return _AUTH_ACTIONS.get(error, f"check the app's installation in Slack (Slack answered `{escape_mrkdwn(error)}`)")


def twilio_fault_action(code: str | None) -> str:
    if code in ("63007", "63001"):
        return "check the WhatsApp sender (TWILIO_WHATSAPP_FROM) in Twilio: it is not set up for WhatsApp"
    return "check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: Twilio rejected the credentials"


def fault_alert(*, service: str, error: str, action: str, what: str) -> str:
    """Once per outbreak, to the leads and the escalation channel."""
    return (f":rotating_light: *{service} delivery is paused* ({escape_mrkdwn(error)}): {what}. "
            f"*To fix it:* {action}. Everything held back is delivered by itself, once, "
            "as soon as the bot can reach it again.")


def dead_letter(*, what: str, why: str, action: str | None = None) -> str:
    """A job that will not succeed by retrying: what was not delivered and why."""
    todo = f" {action}." if action else ""
    return (f":warning: *Not delivered:* {what}. Slack answered `{escape_mrkdwn(why)}`.{todo} "
            "It is kept: after fixing, `python -m bot jobs retry --dead` sends it again.")


def dead_action(error: str, *, channel: str | None) -> str | None:
    if error == "channel_not_found" and channel:
        return (f"Check the lane's channel id in the lanes file, or invite the app if <#{channel}> is private")
    if error in ("is_archived", "channel_is_archived") and channel:
        return f"Unarchive <#{channel}> or point the lane at another channel"
    if error in ("msg_too_long", "invalid_blocks", "invalid_blocks_format", "invalid_arguments"):
        return "This is a bug in the bot: please report it with the job id"
    return None


def unmatched_event(*, kind: str, channel: str, minutes: int) -> str:
    """A reply, reaction or click on a message that never became a known card."""
    what = {"reply": "A thread reply", "reaction": "A :eyes: reaction", "action": "A click on a card"}.get(kind, kind)
    return (f":grey_question: {what} in <#{channel}> named a message that is not a WhatsApp card "
            f"(still unknown after {minutes} min), so nothing was done with it. If it was a reply "
            "to a customer, reply again in the conversation's current thread.")


def fault_cleared(*, service: str, error: str, resumed: int) -> str:
    return (f":white_check_mark: {service} delivery resumed (`{escape_mrkdwn(error)}` is gone); "
            f"{resumed} held-back job(s) are on their way.")
