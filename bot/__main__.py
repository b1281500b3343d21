"""``python -m bot`` is ``modelbot``."""

from bot.cli import main

raise SystemExit(main())
