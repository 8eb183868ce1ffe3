"""WhatsApp ↔ Slack bridge: every WhatsApp conversation becomes a Slack thread in its lane."""
