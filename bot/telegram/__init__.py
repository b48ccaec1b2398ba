"""The thin Telegram layer: parse an update, call one service, render the reply."""
