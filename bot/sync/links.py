"""Where a release's files are: the README's links to ``leaderboard/*.md``, a listing of the
``leaderboard/`` folder, and the URLs both resolve to under the source. Standard library only.

A source (``BASE_URL``) is where the repository's raw files live, the README at
``BASE_URL/README.md`` and the boards at ``BASE_URL/leaderboard/X.md``, as in the repository.
Only plain file names are taken from links and listings (``X.md``, percent-decoded): nothing
with a ``/``, ``\\`` or ``..`` in it, nothing hidden, so no link can write outside the release.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from typing import Any

from bot.core.release import BOARDS_FOLDER
from bot.core.upstream import DEFAULT_SOURCE, normalise_source, shown

__all__ = ["DEFAULT_SOURCE", "normalise_source", "shown"]  # their home is bot.core.upstream

README = "README.md"

# [text](target "title"), <a href="target">. Each pattern consumes what it scans and never
# backtracks over more than a bounded stretch, so a README full of "](" or "href=" costs time
# linear in its length (the README is read on every sync, before any board).
_MARKDOWN_TARGET = re.compile(r"\]\(\s*(?:<(?P<angle>[^>\n]*)(?P<closed>>?)|(?P<target>[^)\s]*))")
_LINK_END = re.compile(r"\s*(?:\"[^\"\n)]*\"\s*|'[^'\n)]*'\s*)?\)")
_HTML_LINK = re.compile(r"href\s*=\s*([\"'])(?P<target>[^\"']*)(?P<closed>[\"']?)",
                        re.IGNORECASE)
_RAW_GITHUB = re.compile(
    r"^https://raw\.githubusercontent\.com/(?P<owner>[^/]+)/(?P<repo>[^/]+)/(?P<ref>[^/]+)$")
_UNSAFE = re.compile(r"[\\/\x00-\x1f\x7f]")


def board_path(name: str) -> str:
    """The path of board ``name`` inside a release: ``leaderboard/X.md``."""
    return f"{BOARDS_FOLDER}/{name}"


def url_of(source: str, path: str) -> str:
    """The URL of ``path`` (``README.md``, ``leaderboard/X.md``) under ``source``, quoted."""
    return f"{source}/{urllib.parse.quote(path)}"


def safe_name(name: str) -> str | None:
    """``name`` if it is a plain Markdown file name (``总分.md``), else None."""
    name = name.strip()
    if (not name.lower().endswith(".md") or name.startswith(".") or _UNSAFE.search(name)
            or name in (".", "..") or len(name.encode()) > 200):
        return None
    return name


def _board_name(target: str, source: str) -> str | None:
    """The file name a link target names under ``leaderboard/``, or None for any other link."""
    target = target.strip().split("#", 1)[0].split("?", 1)[0]
    if target.startswith(source + "/"):
        target = target[len(source) + 1:]
    elif "://" in target or target.startswith(("/", "mailto:")):
        blob = _blob_prefix(source)
        if blob is None or not target.startswith(blob):
            return None
        target = target[len(blob):]
    target = urllib.parse.unquote(target).removeprefix("./")
    folder, slash, name = target.partition("/")
    if not slash or folder != BOARDS_FOLDER:
        return None
    return safe_name(name)


def _blob_prefix(source: str) -> str | None:
    """``https://github.com/O/R/blob/REF/`` for a raw GitHub source: READMEs link there too."""
    match = _RAW_GITHUB.match(source)
    if match is None:
        return None
    return "https://github.com/{owner}/{repo}/blob/{ref}/".format(**match.groupdict())


def _markdown_targets(text: str) -> list[str]:
    """The targets of the Markdown links of ``text``, in order."""
    found = []
    for match in _MARKDOWN_TARGET.finditer(text):
        target = match.group("angle") if match.group("angle") is not None else \
            match.group("target")
        if match.group("angle") is not None and not match.group("closed"):
            continue
        # the title, if any, and the closing parenthesis: a look that stops at the first
        # quote, newline or parenthesis, so no stretch of text is read for two links
        if target and _LINK_END.match(text, match.end()):
            found.append(target)
    return found


def _html_targets(text: str) -> list[str]:
    """The targets of the ``href="..."`` attributes of ``text``, in order."""
    return [m.group("target") for m in _HTML_LINK.finditer(text)
            if m.group("closed") == m.group(1) and m.group("target")]


def readme_links(text: str, source: str) -> list[str]:
    """The board file names the README links to (``leaderboard/X.md``), in order, once each.
    Time linear in the length of ``text``."""
    found: list[str] = []
    for target in [*_markdown_targets(text), *_html_targets(text)]:
        name = _board_name(target, source)
        if name is not None:
            found.append(name)
    return list(dict.fromkeys(found))


def default_listing(source: str) -> str | None:
    """GitHub's contents API for the ``leaderboard/`` folder of a raw GitHub source; None for
    any other source (a listing URL must then be given)."""
    match = _RAW_GITHUB.match(source)
    if match is None:
        return None
    return ("https://api.github.com/repos/{owner}/{repo}/contents/" + BOARDS_FOLDER
            + "?ref={ref}").format(**match.groupdict())


def api_list(body: bytes, kind: str, items: str) -> list[Any]:
    """The JSON list a GitHub API answer (or a plain listing) holds. Raises ``ValueError``
    naming GitHub's own message when it sent an error object (a rate limit, a bad ref)."""
    try:
        payload: Any = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a JSON {kind} ({exc})") from None
    if isinstance(payload, dict) and "message" in payload:  # GitHub's error object
        raise ValueError(str(payload["message"])[:200])
    if not isinstance(payload, list):
        raise ValueError(f"not a JSON list of {items}")
    return payload


def listing_names(body: bytes) -> list[str]:
    """The Markdown files a listing names: GitHub's contents API (objects with ``name`` and
    ``type``) or a plain JSON list of names. Raises ``ValueError`` for anything else."""
    names: list[str] = []
    for item in api_list(body, "listing", "files"):
        if isinstance(item, dict):
            if item.get("type", "file") != "file" or not isinstance(item.get("name"), str):
                continue
            item = item["name"]
        if isinstance(item, str) and (name := safe_name(item)) is not None:
            names.append(name)
    return sorted(dict.fromkeys(names))
