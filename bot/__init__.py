"""parentbot: a Telegram bot that runs the parent-teacher talks of a primary school."""

__version__ = "0.1.0"
