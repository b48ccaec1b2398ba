"""Use cases: they take and return domain objects and know nothing of Telegram."""
