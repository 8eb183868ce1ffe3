"""What the bot shows in Slack: escaping and splitting customer text, ids, Block Kit cards."""
