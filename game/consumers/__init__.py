"""Websocket consumers: the thin edge between browsers and the game's services."""
