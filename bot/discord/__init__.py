"""The Discord adapter: bot factory, slash commands, autocomplete, embeds, views, translations
and error handling. Queries live in ``bot.core``; this package only translates and renders."""
