"""Renderers that turn results into terminal text and JSON. They format; they never query."""
