"""The terminal adapter: ``modelbot ask | console | parse | sync | run``.

Exit status: 0 answered, 2 a user error (bad command, unknown model, malformed board), 1 a bug.
Errors never print a traceback: user errors print their message, bugs an id to find the
traceback in the log.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import tomllib
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from bot import i18n
from bot.core.answer import answer
from bot.core.board import parse_file
from bot.core.catalog import Catalog
from bot.core.commands import command_name, parse_command_line
from bot.core.datafolder import data_files, load_data, read_data_folder, release_info
from bot.core.errors import BoardError, UserError
from bot.core.models import Board
from bot.core.questions.entry import Asked, read_line
from bot.core.release import Release, SkippedFile
from bot.core.results import Result
from bot.log import setup_logging
from bot.render.context import RenderContext
from bot.render.payload import bug_payload, error_payload, result_payload
from bot.render.questions import read_as_line, with_understood
from bot.render.text import format_error, format_parse, format_result
from bot.settings import DEFAULT_CONFIG, ConfigError, Settings
from bot.sync.command import add_parser as add_sync_parser

log = logging.getLogger(__name__)

EXIT_OK, EXIT_BUG, EXIT_USER = 0, 1, 2


class _Answer:
    """One command's outcome: its exit status, its JSON object, its text and its result."""

    def __init__(
        self, status: int, payload: dict[str, Any], text: str, result: Result | None = None
    ) -> None:
        self.status, self.payload, self.text, self.result = status, payload, text, result


def answer_line(catalog: Catalog, line: str, lang: str) -> _Answer:
    """Run one typed command, or one plain question, against the catalog, whatever happens."""
    asked: Asked | None = None
    try:
        asked = read_line(catalog, line)
        if asked.error is not None:
            raise asked.error
        assert asked.request is not None
        _request, result = answer(asked.request, catalog)
        text = format_result(result, RenderContext(lang))
        return _Answer(EXIT_OK, with_understood(result_payload(result), asked),
                       _headed(asked, lang, text), result)
    except UserError as error:
        command = asked.command if asked else command_name(line)
        return _Answer(EXIT_USER, with_understood(error_payload(command, error, lang), asked),
                       _headed(asked, lang, format_error(error, lang)))
    except Exception:
        error_id = uuid.uuid4().hex[:8]
        log.exception("bug %s answering %r", error_id, line)
        return _Answer(EXIT_BUG, bug_payload(asked.command if asked else None, error_id, lang),
                       i18n.t(lang, "error.internal", error_id=error_id))


def _headed(asked: Asked | None, lang: str, text: str) -> str:
    head = read_as_line(asked, lang)
    return text if head is None else f"{head}\n{text}"


def _emit(result: _Answer, as_json: bool, out: TextIO, err: TextIO) -> None:
    if as_json:
        out.write(json.dumps(result.payload, ensure_ascii=False) + "\n")
    else:
        (out if result.status == EXIT_OK else err).write(result.text + "\n")
    out.flush()


def _worst(statuses: Iterable[int]) -> int:
    statuses = list(statuses)
    if EXIT_BUG in statuses:
        return EXIT_BUG
    return EXIT_USER if EXIT_USER in statuses else EXIT_OK


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one command, or one per line of standard input with ``-``."""
    lang = args.lang or settings.language
    catalog = _catalog(settings)
    if args.command == ["-"]:
        if args.chart is not None:
            sys.stderr.write("error: --chart takes one command, not a batch\n")
            return EXIT_USER
        statuses: list[int] = []
        used: set[int] = set()  # the streams text answers went to
        for line in sys.stdin:
            if not line.strip():  # a blank line (a trailing one, say) is no command
                continue
            result = answer_line(catalog, line.rstrip("\r\n"), lang)
            if not args.json:
                # a blank line between two answers on the same stream (errors go to stderr)
                stream = sys.stdout if result.status == EXIT_OK else sys.stderr
                if id(stream) in used:
                    stream.write("\n")
                used.add(id(stream))
            _emit(result, args.json, sys.stdout, sys.stderr)
            statuses.append(result.status)
        return _worst(statuses)
    # `modelbot ask /best 医疗 budget:5` arrives split by the shell: quote the words back
    words = args.command
    line = words[0] if len(words) == 1 else " ".join(_requote(w) for w in words)
    if args.chart is not None and (refusal := _no_chart(line, lang)) is not None:
        sys.stderr.write(refusal + "\n")  # before answering: the answer would be half the job
        return EXIT_USER
    result = answer_line(catalog, line, lang)
    _emit(result, args.json, sys.stdout, sys.stderr)
    if args.chart is not None and result.result is not None:
        return _write_chart(result.result, args.chart, lang, settings)
    return result.status


def _write_chart(result: Result, path: Path, lang: str, settings: Settings) -> int:
    from bot.render.charts import CHARTS, chart_for  # matplotlib loads only when asked

    font = str(settings.charts.font) if settings.charts.font else None
    png = chart_for(result, lang, font)
    if png is None:
        sys.stderr.write(i18n.t(lang, "chart.none", command=result.command,
                                commands=", ".join(f"/{c}" for c in CHARTS)) + "\n")
        return EXIT_USER
    try:
        path.write_bytes(png)
    except OSError as error:
        sys.stderr.write(f"error: {path}: {error.strerror or error}\n")
        return EXIT_USER
    sys.stderr.write(i18n.t(lang, "chart.written", path=str(path)) + "\n")
    return EXIT_OK


def _no_chart(line: str, lang: str) -> str | None:
    """Why ``--chart`` cannot be honoured for this command, or None (also when the command
    itself is malformed: answering it says what is wrong)."""
    from bot.render.charts import CHARTS  # a tuple of names: matplotlib is not imported

    try:
        command, _ = parse_command_line(line)
    except UserError:
        return None
    if command in CHARTS:
        return None
    return i18n.t(lang, "chart.none", command=command, commands=", ".join(f"/{c}" for c in CHARTS))


def _requote(word: str) -> str:
    if not word or any(c.isspace() for c in word):
        return json.dumps(word, ensure_ascii=False)
    return word


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    """An interactive prompt for the same commands, with line editing and history."""
    lang = args.lang or settings.language
    catalog = _catalog(settings)
    interactive = sys.stdin.isatty()
    if interactive:
        with contextlib.suppress(ImportError):  # not on every platform
            import readline  # noqa: F401  (importing it gives input() line editing)
        sys.stdout.write(i18n.t(lang, "console.welcome") + "\n")
    while True:
        try:
            line = input("modelbot> " if interactive else "")
        except EOFError:
            if interactive:  # Ctrl-D: leave the shell's prompt on a line of its own
                sys.stdout.write("\n")
            return EXIT_OK
        except KeyboardInterrupt:
            sys.stdout.write("\n")
            return EXIT_OK
        text = line.strip()
        if not text:
            continue
        if text.casefold() in ("quit", "exit", ":q", "/quit", "/exit"):
            return EXIT_OK
        if text.casefold() in ("help", "/help", "?"):
            sys.stdout.write(i18n.t(lang, "console.help") + "\n")
            continue
        if text.casefold().startswith(":lang"):
            lang = _switch_lang(text[5:].strip(), lang)
            continue
        _emit(answer_line(catalog, text, lang), False, sys.stdout, sys.stdout)


def _board_payload(board: Board) -> dict[str, Any]:
    models = []
    for entry in board.models:
        item = entry.model_dump(mode="json", exclude={"board", "line", "measures"})
        if entry.measures is not None:
            item["measures"] = entry.measures.model_dump(mode="json")
        models.append(item)
    return {"title": board.title, "domains": board.domains, "models": models}


def _read_for_parse(paths: Sequence[Path]) -> tuple[list[Board], list[Release], list[SkippedFile]]:
    """The boards of the given files and folders in the order read, the releases they make
    (the files together are one release, each folder its own), and the files skipped."""
    boards: list[Board] = []
    releases: list[Release] = []
    skipped: list[SkippedFile] = []
    for folder in (p for p in paths if p.is_dir()):
        found, left_out = read_data_folder(folder)
        releases += found
        skipped += left_out
        boards += [b for path in data_files(folder) for b in parse_file(path)]
    files = [p for p in paths if not p.is_dir()]
    from_files: list[Board] = []
    for path in files:
        found_boards = parse_file(path)
        from_files += found_boards
        if not found_boards:
            skipped.append(SkippedFile(path=str(path), reason="no leaderboard table"))
    if from_files:
        releases.append(Release(release_info(files, None), tuple(from_files)))
    return boards + from_files, releases, skipped


def _switch_lang(wanted: str, lang: i18n.Lang) -> i18n.Lang:
    """``:lang zh`` switches; ``:lang`` alone says which is on; anything else is refused."""
    if not wanted:
        sys.stdout.write(i18n.t(lang, "console.lang", lang=lang) + "\n")
        return lang
    if wanted.casefold() not in i18n.LANGS:
        sys.stdout.write(i18n.t(lang, "console.lang_unknown", value=wanted[:20]) + "\n")
        return lang
    return i18n.to_lang(wanted.casefold(), lang)


def cmd_parse(args: argparse.Namespace, settings: Settings) -> int:
    """Parse board files (or data folders) and print what was read, what was skipped and where
    boards of one release disagree (``--json`` for the contract's shape)."""
    try:
        boards, releases, skipped = _read_for_parse(args.files)
    except BoardError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_USER
    disagreements = [d for r in releases for d in r.disagreements]
    if args.json:
        payload = {
            "boards": [_board_payload(b) for b in boards],
            "skipped": [s.model_dump(mode="json") for s in skipped],
            "disagreements": [d.model_dump(mode="json") for d in disagreements],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_parse(boards, skipped, disagreements,
                                      args.lang or settings.language) + "\n")
    if not boards:
        sys.stderr.write("error: no leaderboard table (a header row with 大模型) found\n")
        return EXIT_USER
    return EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Discord bot (needs a token)."""
    if settings.token is None:
        sys.stderr.write(i18n.t(settings.language, "run.no_token") + "\n")
        return EXIT_USER
    from bot.discord.process import run_gateway  # discord.py is imported only to run the bot

    return run_gateway(settings)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve Discord's HTTP interactions endpoint (needs the token and the public key)."""
    if settings.token is None:
        sys.stderr.write(i18n.t(settings.language, "run.no_token") + "\n")
        return EXIT_USER
    if settings.discord.public_key is None:
        sys.stderr.write(i18n.t(settings.language, "serve.no_public_key") + "\n")
        return EXIT_USER
    from bot.discord.process import run_http  # discord.py and aiohttp's server only here

    return run_http(settings)


def _catalog(settings: Settings) -> Catalog:
    return load_data(settings.data)  # data.dir, or the bundled data and the synced releases


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``modelbot``."""
    parser = argparse.ArgumentParser(
        prog="modelbot",
        description="Choose an LLM from the CLiB / ReLE Chinese leaderboard, in Discord or here.",
    )
    parser.add_argument("--config", type=Path, help="TOML settings file (default: config.toml)")
    levels = ["DEBUG", "INFO", "WARNING", "ERROR"]
    parser.add_argument("--log-level", choices=levels)
    sub = parser.add_subparsers(dest="action", metavar="{ask,console,parse,sync,run,serve}")
    # --log-level after the subcommand too (`modelbot ask --log-level DEBUG ...`); SUPPRESS
    # keeps one given before it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--log-level", choices=levels, default=argparse.SUPPRESS)

    def add(name: str, text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=text)

    ask = add("ask", 'answer one command or plain question, e.g. ask "/best 医疗 budget:5" or '
              'ask "医疗 5元以内最好的是哪个"')
    ask.add_argument("--json", action="store_true", help="print the JSON contract")
    ask.add_argument("--lang", choices=list(i18n.LANGS), help="reply language")
    ask.add_argument("command", nargs="+",
                     help='the command or question, or "-" for one per stdin line')
    ask.add_argument("--chart", type=Path, metavar="FILE",
                     help="also write the chart of /compare, /value or /model to FILE (PNG)")
    ask.set_defaults(handler=cmd_ask)

    console = add("console", "an interactive prompt for the same commands")
    console.add_argument("--lang", choices=list(i18n.LANGS))
    console.set_defaults(handler=cmd_console)

    parse = add("parse", "read board files or data folders and print what they hold, "
                "what was skipped and where boards disagree")
    parse.add_argument("--json", action="store_true")
    parse.add_argument("--lang", choices=list(i18n.LANGS))
    parse.add_argument("files", nargs="+", type=Path, metavar="FILE_OR_FOLDER")
    parse.set_defaults(handler=cmd_parse)

    add_sync_parser(sub)  # modelbot sync: bot/sync/command.py

    run = add("run", "run the Discord bot over the gateway (needs DISCORD_TOKEN)")
    run.set_defaults(handler=cmd_run)
    serve = add("serve", "serve Discord's HTTP interactions endpoint (needs DISCORD_TOKEN and "
                "discord.public_key)")
    serve.set_defaults(handler=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``modelbot`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # only the bot logs in: ask, console, parse and sync never read token_file
        settings = Settings.load(args.config, token=args.action in (None, "run", "serve"))
    except (OSError, ValidationError, ValueError) as error:  # missing, unreadable or invalid
        lang = _config_lang(args.config)
        sys.stderr.write(i18n.t(lang, "config.invalid", detail=_short(error, lang)) + "\n")
        return EXIT_USER
    runs_bot = args.action in ("run", "serve") or (
        args.action is None and settings.token is not None)
    # the terminal commands keep stdout and stderr for answers: only warnings unless asked,
    # and a bug's traceback only at DEBUG (the user sees the apology with its id)
    level = args.log_level or (settings.log_level if runs_bot else "WARNING")
    setup_logging(level, tracebacks=runs_bot or level == "DEBUG")
    if args.action is None:
        if settings.token is not None:
            args.handler = cmd_run
        else:
            sys.stderr.write(i18n.t(settings.language, "run.console_fallback") + "\n")
            args.handler, args.lang = cmd_console, None
    try:
        return int(args.handler(args, settings))
    except BrokenPipeError:
        # the reader went away (`modelbot ask ... | head -1`): nothing is wrong with the answer
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except BoardError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except Exception:
        error_id = uuid.uuid4().hex[:8]
        log.exception("bug %s", error_id)
        sys.stderr.write(i18n.t(settings.language, "error.internal", error_id=error_id) + "\n")
        return EXIT_BUG


def _short(error: Exception, lang: str) -> str:
    """What is wrong with the configuration, in words: the setting and the reason, without
    pydantic's own phrasing ("Value error, ...", "Extra inputs are not permitted")."""
    if isinstance(error, ConfigError):
        return i18n.t(lang, error.key, **error.params)
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "settings"
        if first["type"] == "extra_forbidden":
            return i18n.t(lang, "config.unknown_key", key=key)
        reason = str(first["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        return i18n.t(lang, "config.bad_value", key=key, reason=reason)
    return str(error)


def _config_lang(config: Path | None) -> i18n.Lang:
    """The language to refuse a configuration in, since the settings themselves failed: the
    environment's, else the file's, else English."""
    chosen = os.environ.get("MODELBOT_LANGUAGE")
    if chosen is None:
        with contextlib.suppress(OSError, ValueError), \
                (config or DEFAULT_CONFIG).open("rb") as handle:
            chosen = tomllib.load(handle).get("language")
    return "zh" if chosen == "zh" else "en"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
