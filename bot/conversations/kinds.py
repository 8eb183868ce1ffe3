"""Outbox job kinds, in one place: queued by intake, replies, ownership and timers, run by
the delivery worker's runners. Payloads are noted beside each kind."""

CARD = "slack.card"  # post the conversation's card (then its thread exists)
CARD_PERMALINK = "slack.card_permalink"  # fetch and store the card's permalink (after its ts is committed)
CARD_UPDATE = "slack.card_update"  # re-render the card from the database (chat.update)
CARD_MOVED = "slack.card_moved"  # payload {"channel", "ts", "to_lane"}: mark a card left behind by a lane move
POST_TEXT = "slack.text"  # the customer's text in the card's thread (split, with progress)
POST_MEDIA = "slack.media"  # payload {"index"}: one customer attachment into the thread
POST = "slack.post"  # payload {"channel": a channel or a user id (DM), "text"}: a message outside any thread
NOTE = "slack.note"  # payload {"text": mrkdwn built by us, untrusted parts escaped; optional "channel"/"thread_ts"}
EPHEMERAL = "slack.ephemeral"  # payload {"channel", "user", "text"}: an answer only that person sees
REACT = "slack.react"  # payload {"ts": a message in the card's channel, "name": emoji name}
HOME = "slack.home"  # payload {"user"}: republish that person's App Home
SEND = "twilio.send"  # a stored outbound message to WhatsApp
REPORT = "slack.report"  # payload: a /wa-report request (bot/delivery/report_jobs.py): build it, post it
REPORT_CHART = "slack.report_chart"  # the same request plus {"channel", "thread_ts"}: the chart into the report's thread
OUTBOUND_POST = "slack.outbound"  # a reply sent from a modal or a draft (template, saved reply): show it in the thread, keep its ts
KB_SUGGEST = "slack.kb_suggest"  # payload {"question"}: up to three matching kb/ articles and a Suggest reply button
DRAFT = "slack.draft"  # payload {"user", "channel", "kind": "kb"|"reply", "question"|"reply"}: a private draft with Send / Edit
FOLLOWUP_TEMPLATE = "twilio.followup_template"  # payload {"content_sid"}: the lane's follow-up template for the customer
ERASE = "slack.erase"  # payload {"channel", "thread_ts"} and/or {"files": [ids]}: delete the bot's posts and files, redact the card
