"""The outbox: jobs queued with the change that implies them, delivered in order, retried, never dropped."""
