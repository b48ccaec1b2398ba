"""Plain data and pure rules: no I/O, no Telegram, no SQL."""
