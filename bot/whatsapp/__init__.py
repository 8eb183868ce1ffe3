"""The WhatsApp side (through Twilio): inbound forms, media, error codes, signed media links."""
