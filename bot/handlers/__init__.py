"""The edges: Twilio webhooks, Slack listeners, health. Parse, verify, call a service, answer."""
