"""Releases the test server can publish after v5.11.7: what CLiB's next release looks like."""

from __future__ import annotations

NEW_MODEL = "qwen4-max"
TOP_ROW = "|商用|阿里巴巴|qwen3.7-max|76.9%|51s|2920|99.0|1|"
COMMERCE_TOP = "|1|qwen3.7-max|阿里巴巴|36.0元|"
NOTE = "- [2026/9/8] v5.11.7版本"


def newer_release(files: dict[str, bytes], version: str = "v5.11.8",
                  day: str = "2026/9/12") -> dict[str, bytes]:
    """The next release: a README naming ``version``, a new model that leads the total
    (qwen4-max, 78.1 at 40元), kimi-k3 repriced from 100元 to 80元, gpt-5.2 gone."""
    out: dict[str, bytes] = {}
    for path, body in files.items():
        text = body.decode("utf-8")
        if path == "README.md":
            text = text.replace(NOTE, f"- [{day}] {version}版本\n  - 新增大模型：{NEW_MODEL}\n"
                                + NOTE, 1)
        text = "\n".join(line for line in text.split("\n") if "|gpt-5.2|" not in line)
        text = text.replace("|kimi-k3(new)|月之暗面|100.0元|", "|kimi-k3(new)|月之暗面|80.0元|")
        if path == "leaderboard/总分.md":
            text = text.replace(TOP_ROW, f"|商用|阿里巴巴|{NEW_MODEL}(new)|78.1%|40s|2500|90.0|1|\n"
                                + TOP_ROW)
        if path == "leaderboard/commerce1.md":
            row = (f"|1|{NEW_MODEL}(new)|阿里巴巴|40.0元|        78.1%| |        66.0%|"
                   "        90.0%|        90.0%|        86.0%|        86.0%|        72.0%|"
                   "        69.0%|        74.0%|\n")
            text = text.replace(COMMERCE_TOP, row + COMMERCE_TOP, 1)
        out[path] = text.encode("utf-8")
    return out


def with_malformed_board(files: dict[str, bytes], path: str = "leaderboard/commerce2.md"
                         ) -> tuple[dict[str, bytes], int]:
    """The files with a short row put into ``path`` as its line 5; (files, that line)."""
    lines = files[path].decode("utf-8").split("\n")
    lines.insert(4, "|4|broken-model|豆包|")
    return {**files, path: "\n".join(lines).encode("utf-8")}, 5
