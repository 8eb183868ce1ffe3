"""WhatsApp's customer service window: free text is accepted only within 24 hours of the
customer's last message; after that only approved templates go out.

The window belongs to a customer and one of our numbers. Callers pass the customer's last
message to the number they send from: a conversation's `last_inbound_at` is the last message
to its current sender, which is the number its replies leave from (`conversations.senders`)."""

from __future__ import annotations

from datetime import datetime, timedelta

WINDOW = timedelta(hours=24)


def window_closes(last_inbound: datetime | None) -> datetime | None:
    """When the window to answer closes (None: the customer never wrote, so it is closed)."""
    return last_inbound + WINDOW if last_inbound is not None else None


def is_open(last_inbound: datetime | None, now: datetime) -> bool:
    return last_inbound is not None and now - last_inbound <= WINDOW
