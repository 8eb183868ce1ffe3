"""The domain: what happens to a conversation — intake, replies, ownership, status, timing, Home data.

Entry points (handlers, timers, delivery) call these functions; they decide with `bot.routing`,
read and write through `bot.store`, and queue Slack and Twilio work in the outbox.
"""
