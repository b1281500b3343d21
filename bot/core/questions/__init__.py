"""Plain questions read into commands: ``understand(catalog, text)`` (``reader``)."""

from bot.core.questions.reader import MAX_QUESTION, understand
from bot.core.questions.reading import NotUnderstood, Reading, Understanding, command_text

__all__ = ["MAX_QUESTION", "NotUnderstood", "Reading", "Understanding", "command_text",
           "understand"]
