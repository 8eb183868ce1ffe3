"""Checks that catch real set-up mistakes: placeholders left from the examples (offline), and
what Slack and Twilio say about the token, the channels, the scopes and the sender (online)."""
