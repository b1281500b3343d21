"""Where a release's files are: README links, listings, URLs (standard library only)."""

from __future__ import annotations

import json

import pytest

from bot.sync.links import (
    DEFAULT_SOURCE,
    default_listing,
    listing_names,
    normalise_source,
    readme_links,
    safe_name,
    url_of,
)
from tests.paths import CURRENT_DIR

SOURCE = "http://127.0.0.1:8000/clib"


def test_the_bundled_readme_links_its_boards():
    """The real README's links to leaderboard/*.md, in order, once each."""
    text = (CURRENT_DIR / "README.md").read_text(encoding="utf-8")
    assert readme_links(text, DEFAULT_SOURCE) == [
        "总分.md", "通用能力.md", "专业能力.md", "reasonmodel.md", "commerce1.md",
        "commerce2.md", "commerce3.md", "opensource1.md", "opensource2.md", "opensource3.md",
        "表格总结.md"]


@pytest.mark.parametrize(("link", "name"), [
    ("[a](leaderboard/coding.md)", "coding.md"),
    ("[a](./leaderboard/coding.md#top)", "coding.md"),
    ("[a](leaderboard/%E6%80%BB%E5%88%86.md)", "总分.md"),
    ("[a](<leaderboard/x y.md> \"title\")", "x y.md"),
    ('<a href="leaderboard/coding.md">', "coding.md"),
    (f"[a]({SOURCE}/leaderboard/coding.md)", "coding.md"),
])
def test_links_to_boards(link, name):
    """Relative, encoded, titled, HTML and absolute-under-the-source links all count."""
    assert readme_links(link, SOURCE) == [name]


@pytest.mark.parametrize("link", [
    "[a](leaderboard/../../etc/passwd.md)",
    "[a](leaderboard/sub/x.md)",
    "[a](leaderboard/.hidden.md)",
    "[a](leaderboard/pic.png)",
    "[a](CHANGELOG.md)",
    "[a](https://example.org/leaderboard/x.md)",
    "[a](/leaderboard/x.md)",
    "[a](leaderboard/a%2F..%2Fb.md)",
])
def test_links_that_name_no_board_of_the_release(link):
    """Nothing outside leaderboard/, nothing that could write outside the release."""
    assert readme_links(link, SOURCE) == []


def test_github_page_links_count_for_a_github_source():
    """READMEs on GitHub link to the blob pages of their own repository."""
    link = ("[a](https://github.com/jeinlee1991/chinese-llm-benchmark/blob/main/leaderboard/"
            "coding.md)")
    assert readme_links(link, DEFAULT_SOURCE) == ["coding.md"]
    assert readme_links(link, SOURCE) == []


def test_listing_of_github_and_plain_lists():
    """GitHub's contents API (files only) or a plain list of names; unsafe names dropped."""
    github = [{"name": "b.md", "type": "file"}, {"name": "pic", "type": "dir"},
              {"name": "a.md", "type": "file"}, {"name": "x.png", "type": "file"}]
    assert listing_names(json.dumps(github).encode()) == ["a.md", "b.md"]
    assert listing_names(json.dumps(["c.md", "../d.md", "e.md"]).encode()) == ["c.md", "e.md"]


@pytest.mark.parametrize(("body", "reason"), [
    (b"<html>", "not a JSON listing"),
    (b'{"message": "API rate limit exceeded"}', "API rate limit exceeded"),
    (b'{"a": 1}', "not a JSON list of files"),
])
def test_a_listing_that_is_none(body, reason):
    """An HTML page, GitHub's error object or any other JSON is refused with a reason."""
    with pytest.raises(ValueError, match=reason):
        listing_names(body)


def test_default_listing_is_githubs_contents_api():
    assert default_listing(DEFAULT_SOURCE) == (
        "https://api.github.com/repos/jeinlee1991/chinese-llm-benchmark/contents/leaderboard"
        "?ref=main")
    assert default_listing(SOURCE) is None


def test_urls_are_quoted_under_the_source():
    assert url_of(SOURCE, "leaderboard/总分.md") == \
        f"{SOURCE}/leaderboard/%E6%80%BB%E5%88%86.md"


@pytest.mark.parametrize("url", ["ftp://x/y", "raw.githubusercontent.com/x", "http://", ""])
def test_a_source_must_be_http(url):
    with pytest.raises(ValueError, match="not an http"):
        normalise_source(url)


def test_sources_lose_trailing_slashes():
    assert normalise_source(" https://example.org/clib/ ") == "https://example.org/clib"


def test_safe_names():
    assert safe_name("总分.md") == "总分.md"
    assert safe_name("a\\b.md") is None and safe_name("x" * 300 + ".md") is None


def test_a_name_may_take_200_bytes():
    """The limit counts bytes (a Chinese character takes three): 200 are kept, 201 not."""
    assert safe_name("x" * 197 + ".md") == "x" * 197 + ".md"
    assert safe_name("x" * 198 + ".md") is None
    assert safe_name("总" * 65 + "xx.md") == "总" * 65 + "xx.md"  # 195 + 5 bytes
    assert safe_name("总" * 66 + ".md") is None  # 198 + 3 bytes


def test_a_folder_in_the_listing_is_no_board():
    """A folder named like a board (leaderboard/old.md/) is not fetched."""
    listing = [{"name": "old.md", "type": "dir"}, {"name": "new.md", "type": "file"},
               {"name": "tip.md"}]
    assert listing_names(json.dumps(listing).encode()) == ["new.md", "tip.md"]


@pytest.mark.parametrize(("text", "names"), [
    ("[a](leaderboard/x.md", []),  # never closed
    ('[a](leaderboard/x.md "title")', ["x.md"]),
    ("[a](leaderboard/x.md 'it\"s')", ["x.md"]),
    ('[a](leaderboard/x.md "no close)', []),
    ("[a](<leaderboard/x.md", []),
    ("[a](<leaderboard/x.md>)", ["x.md"]),
    ('href="leaderboard/x.md', []),
    ("href=\"leaderboard/x.md'", []),
    ("HREF = 'leaderboard/x.md'", ["x.md"]),
    ("[a]( leaderboard/x.md )", ["x.md"]),
])
def test_a_link_counts_only_when_it_is_closed(text, names):
    assert readme_links(text, SOURCE) == names


@pytest.mark.parametrize("junk", ["](" * 24_000, "](<" * 16_000, '](x "' * 10_000,
                                  'href="' * 8_000, "[a](x " * 8_000])
def test_a_readme_full_of_link_openings_still_gives_its_links(junk):
    """48 KB of what starts links and never finishes one (text that cost the old pattern
    ~50 s): the links around it are found, in order (its time: benchmarks/hostile_sources.py)."""
    text = "[a](leaderboard/a.md)\n" + junk + "\n[b](leaderboard/b.md)\n"
    assert readme_links(text, SOURCE) == ["a.md", "b.md"]
