"""Where CLiB's files come from, as settings and messages name it: the default source, the
check that a source is an http(s) URL, and a URL as it may be shown (no secret in it).
Standard library only: the settings read it without loading the downloader."""

from __future__ import annotations

import re
import urllib.parse

DEFAULT_SOURCE = "https://raw.githubusercontent.com/jeinlee1991/chinese-llm-benchmark/main"
"""The raw files of CLiB's repository, branch main, on GitHub."""
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{0,15}://")


def normalise_source(url: str) -> str:
    """``url`` without trailing slashes; raises ``ValueError`` unless it is http(s). The
    message never repeats the value: it may be a token pasted in the wrong place."""
    url = url.strip().rstrip("/")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        scheme = _SCHEME.match(url)
        told = f" (it starts with {scheme.group(0)})" if scheme else ""
        raise ValueError(f"not an http(s) URL{told}")
    return url


def shown(url: str) -> str:
    """``url`` as it may be printed or logged: no user, password, query or fragment (a token
    pasted into a source URL stays secret)."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
