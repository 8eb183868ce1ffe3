"""What a person is told after acting on a card (ephemerally), and the notes those actions
leave in the card's thread: every ownership, move and close text in one place. Lane names,
labels and outcomes come from the lanes file and are escaped all the same."""

from __future__ import annotations

from bot.slack.text import escape_mrkdwn

GONE = "This conversation no longer exists."
CLOSED = "This conversation is closed."
ALREADY_YOURS = "You already own this conversation."
YOURS_NOW = "You own this conversation now."
NOBODY_OWNS = "Nobody owns this conversation."
RELEASED = "Released: it is unclaimed again."
LABEL_UNKNOWN = "That label is not in the lanes file."
STATUS_UNKNOWN = "That status cannot be chosen here."
CLAIM_FOR_STATUS = "Claim it first: only an owned conversation has that status."
CLAIM_FOR_FOLLOWUP = "Claim it first: follow-ups are for the owner."
FOLLOWUP_IN_PAST = "Choose a time in the future."
FOLLOWUP_UNKNOWN = "Choose one of the offered times."
LANE_UNKNOWN = "Choose another lane from the lanes file."
OUTCOME_UNKNOWN = "Choose an outcome from the lanes file."
STATUS_NAMES = {"claimed": "Claimed", "waiting": "Waiting for customer", "followup": "Follow-up needed"}


def claimed_by(owner: str | None) -> str:
    return f"Already claimed by <@{owner}>." if owner else CLOSED


def not_a_member(user: str, lane: str) -> str:
    return f"<@{user}> is not a member of the *{escape_mrkdwn(lane)}* lane."


def already_owns(user: str) -> str:
    return f"<@{user}> already owns it."


def reassigned(to_user: str) -> str:
    return f"Reassigned to <@{to_user}>."


def reassigned_note(by: str, to_user: str, was: str) -> str:
    return f":arrows_counterclockwise: <@{by}> reassigned this to <@{to_user}>{was}."


def already_labelled(label: str) -> str:
    return f"Already labelled *{escape_mrkdwn(label)}*."


def labelled(label: str) -> str:
    return f"Labelled *{escape_mrkdwn(label)}*."


def already_status(status: str) -> str:
    return f"Already *{STATUS_NAMES[status]}*."


def status_set(status: str) -> str:
    return f"Status: *{STATUS_NAMES[status]}*."


def followup_set(words: str) -> str:
    return f"Follow-up set: {words}."


def only_workers(lane: str, what: str) -> str:
    return f"Only members and leads of the *{escape_mrkdwn(lane)}* lane can {what}."


def only_managers(owner: str | None, lane: str, what: str) -> str:
    who = f"its owner (<@{owner}>)" if owner else "its owner"
    return f"Only {who} or a lead of the *{escape_mrkdwn(lane)}* lane can {what}."


def only_leads_move(lane: str) -> str:
    return f"Only a lead of the *{escape_mrkdwn(lane)}* lane can move it."


def moved_away_note(by: str, lane: str) -> str:
    return f":truck: <@{by}> moved this conversation to the *{escape_mrkdwn(lane)}* lane; it continues there."


def moved_here_note(by: str, lane: str) -> str:
    return f":truck: Moved here from *{escape_mrkdwn(lane)}* by <@{by}>."


def moved(lane: str) -> str:
    return f"Moved to *{escape_mrkdwn(lane)}*."


def closed_as(outcome: str) -> str:
    return f"Closed as *{escape_mrkdwn(outcome)}*."


def closed_note(actor: str, outcome: str, note: str | None) -> str:
    extra = "".join(f"\n>{escape_mrkdwn(line)}" for line in note.strip().splitlines()) if note else ""
    who = f"<@{actor}>" if actor.startswith(("U", "W")) else actor
    return f":lock: Closed by {who} — *{escape_mrkdwn(outcome)}*{extra}"


def confirm_offered() -> str:
    return "Ask the customer to confirm (Solved / I still need help)"


def confirmed_solved() -> str:
    return ":white_check_mark: The customer confirmed it is *solved*."


def reopened(owner: str | None) -> str:
    who = f"<@{owner}> " if owner else ""
    return (f":leftwards_arrow_with_hook: {who}the customer tapped *I still need help*: "
            "the conversation is open again.")


def rated(score: int) -> str:
    return f":star: The customer rated the help *{score}/5*."


ERASED_CARD = ":wastebasket: _This conversation's customer data was erased at their request._"


def wrote_to(number: str) -> str:
    """The card's line naming the number the customer wrote to (when there are several)."""
    return f"Wrote to: {escape_mrkdwn(number.removeprefix('whatsapp:'))} (replies leave from it)"


def now_writes_to(number: str, was: str) -> str:
    """The thread note when the customer writes to another of our numbers."""
    new, old = (escape_mrkdwn(n.removeprefix("whatsapp:")) for n in (number, was))
    return (f":telephone_receiver: The customer now writes to {new} (before: {old}); "
            f"replies leave from {new} from now on.")
