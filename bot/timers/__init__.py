"""Escalation timers: re-ping, reassign, escalate, remind (coming with the timers issue)."""
