"""The pure core of modelbot: boards, catalog, domains, name resolution and queries.

Nothing in this package imports discord.py or touches the terminal: it takes typed requests and
returns typed results (pydantic models). The adapters in ``bot.discord`` and ``bot.cli`` only
translate input into requests and render results.
"""
