"""Synthetic CLiB boards of any size, made from realistic model names (fixed seed).

A synthetic board holds the seed board's 16 models plus generated ones, so the same queries
(``qwq-32b``, ``deepseek r1``, ``gemma-3-27b-it``) mean something at every size. Names are built
the way real ones are: a family and its organisation, a version, a size, a tail
(``-instruct``, ``-chat``, ``-it``) and sometimes a suffix (``-fp8``, ``-preview``, ``-awq``, a
date such as ``-0528``). No two names are equal case-insensitively (the board would be rejected).

The board is written as a real CLiB markdown table (heading, header row with the seed's
domains and the empty column, ``☛[去体验](url)`` links, ``(new)`` markers, ``/元`` for unknown
prices) so ``load_catalog`` parses it exactly as it parses the bundled board.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.core.board import parse_file
from bot.core.catalog import ALIASES_FILE, bundled_data_dir

SEED = 20250601
LINK = "☛[去体验](https://easyllm.site/static/modelcompare.html?type=open-source)"
TITLE = "（3）20B以上开源大模型排行榜"


@dataclass(frozen=True)
class Family:
    """How one family spells its models: ``{v}`` version, ``{s}``/``{S}`` size, ``{t}`` tier."""

    org: str
    templates: tuple[str, ...]
    versions: tuple[str, ...] = ("",)
    sizes: tuple[str, ...] = ("",)
    tiers: tuple[str, ...] = ("",)
    tails: tuple[str, ...] = ("",)


FAMILIES: tuple[Family, ...] = (
    Family("阿里巴巴", ("qwen{v}-{s}", "Qwen{v}-{S}", "qwen{v}-{t}"),
           ("1.5", "2", "2.5", "3"), ("0.5b", "1.5b", "3b", "7b", "14b", "32b", "72b", "110b",
                                      "235b-a22b", "30b-a3b"),
           ("max", "plus", "turbo", "long", "coder", "math", "vl"),
           ("-instruct", "-chat", "", "-Instruct")),
    Family("阿里巴巴", ("qwq-{s}", "QwQ-{S}"), sizes=("32b", "72b"), tails=("", "-preview")),
    Family("Meta", ("Llama-{v}-{S}", "Meta-Llama-{v}-{S}", "llama{v}-{s}"),
           ("2", "3", "3.1", "3.2", "3.3", "4"), ("1b", "3b", "8b", "11b", "70b", "90b", "405b"),
           tails=("-Instruct", "-instruct", "-chat", "")),
    Family("深度求索", ("DeepSeek-V{v}", "deepseek-v{v}", "DeepSeek-{t}"),
           ("2", "2.5", "3", "3.1", "3.2"), tiers=("R1", "R1-Zero", "Prover-V2", "Coder-V2"),
           tails=("", "-chat", "-base")),
    Family("深度求索", ("DeepSeek-R1-Distill-{t}-{S}",), sizes=("1.5b", "7b", "8b", "14b", "32b",
                                                                "70b"),
           tiers=("Qwen", "Llama")),
    Family("google", ("gemma-{v}-{s}", "Gemma-{v}-{S}"), ("1", "1.1", "2", "3", "3n"),
           ("1b", "2b", "4b", "7b", "9b", "12b", "27b"), tails=("-it", "-pt", "")),
    Family("google", ("gemini-{v}-{t}",), ("1.0", "1.5", "2.0", "2.5"),
           tiers=("pro", "flash", "flash-lite", "ultra", "flash-thinking")),
    Family("Mistral", ("Mistral-{t}-{S}", "mistral-{t}"),
           sizes=("7b", "12b", "22b", "24b", "123b"), tiers=("Small", "Medium", "Large", "Nemo"),
           tails=("-Instruct-2407", "-Instruct-2409", "-Instruct-2501", "-Instruct-2503",
                  "-Instruct-v0.3", "-latest", "")),
    Family("Mistral", ("Mixtral-{S}",), sizes=("8x7b", "8x22b"),
           tails=("-Instruct-v0.1", "-v0.1", "")),
    Family("智谱", ("glm-{v}-{s}", "GLM-{v}-{t}"), ("4", "4.5", "4.6", "z1"),
           ("9b", "32b", "106b"), ("Air", "Flash", "Plus", "Long", "Rumination"),
           ("-chat", "-0414", "")),
    Family("零一万物", ("Yi-{v}-{S}", "yi-{t}"), ("1", "1.5"), ("6b", "9b", "34b"),
           ("large", "lightning", "medium", "spark", "vision"), ("-Chat", "-chat", "")),
    Family("百川智能", ("Baichuan{v}-{S}", "Baichuan{v}-{t}"), ("2", "3", "4"), ("7b", "13b"),
           ("Turbo", "Air", "Pro"), ("-Chat", "")),
    Family("上海人工智能实验室", ("internlm{v}-{s}", "InternLM{v}-{S}"), ("2", "2.5", "3"),
           ("1.8b", "7b", "8b", "20b"), tails=("-chat", "-instruct", "")),
    Family("microsoft", ("Phi-{v}-{t}",), ("3", "3.5", "4"),
           tiers=("mini", "small", "medium", "mini-moe", "reasoning"),
           tails=("-4k-instruct", "-128k-instruct", "-instruct", "")),
    Family("腾讯", ("hunyuan-{t}", "Hunyuan-{S}"), sizes=("7b", "13b", "a13b"),
           tiers=("turbo", "large", "standard", "lite", "pro", "t1"), tails=("", "-latest")),
    Family("字节跳动", ("doubao-{v}-{t}", "Doubao-{v}-{t}"), ("1.5", "1.6", "seed-1.6"),
           tiers=("pro", "lite", "vision-pro", "thinking-pro"), tails=("-32k", "-256k", "")),
    Family("百度", ("ERNIE-{v}-{t}", "ernie-{v}-{t}"), ("3.5", "4.0", "4.5", "X1"),
           tiers=("Turbo", "8K", "128K", "Speed", "Lite"), tails=("", "-Preview", "-0329")),
    Family("月之暗面", ("moonshot-v{v}-{t}", "kimi-k{v}"), ("1", "1.5", "2"),
           tiers=("8k", "32k", "128k", "auto"), tails=("", "-preview", "-instruct")),
    Family("minimax", ("MiniMax-{t}", "abab{v}-chat"), ("5.5", "6", "6.5", "6.5s", "7"),
           tiers=("Text-01", "M1", "M2", "VL-01")),
    Family("阶跃星辰", ("step-{v}-{t}",), ("1", "1.5", "2", "3"),
           tiers=("8k", "32k", "256k", "mini", "flash")),
    Family("openai", ("gpt-{v}-{t}", "gpt-{v}"), ("3.5", "4", "4o", "4.1", "4.5", "5", "oss"),
           tiers=("mini", "turbo", "nano", "120b", "20b"),
           tails=("", "-2024-05-13", "-2024-08-06", "-2024-11-20", "-preview")),
    Family("anthropic", ("claude-{v}-{t}",), ("3", "3.5", "3.7", "4", "4.1"),
           tiers=("sonnet", "haiku", "opus"), tails=("", "-20240620", "-20241022", "-latest")),
    Family("nvidia", ("Llama-{v}-Nemotron-{S}", "Nemotron-{v}-{S}"), ("3.1", "3.3", "4"),
           ("8b", "49b", "51b", "70b", "253b", "340b"), tails=("-Instruct", "-Super", "-Ultra")),
    Family("NousResearch", ("Hermes-{v}-Llama-3.1-{S}", "Nous-Hermes-{v}-{S}"),
           ("2", "3", "4"), ("8b", "70b", "405b"), tails=("", "-DPO")),
    Family("小米", ("MiMo-{S}-{t}",), sizes=("7b",), tiers=("RL", "SFT", "Base", "VL")),
    Family("科大讯飞", ("Spark-{t}", "spark-{v}-{t}"), ("3.5", "4.0"),
           tiers=("Max", "Pro", "Lite", "Ultra", "X1")),
    Family("商汤", ("SenseChat-{v}", "SenseChat-{v}-{t}"), ("5", "5.5", "6"),
           tiers=("Turbo", "Vision", "128K")),
    Family("ibm", ("granite-{v}-{s}",), ("3.0", "3.1", "3.2", "3.3"), ("2b", "8b"),
           tails=("-instruct", "-base")),
    Family("cohere", ("command-{t}",), tiers=("r", "r-plus", "a", "r7b", "light"),
           tails=("", "-08-2024", "-03-2025")),
    Family("tii", ("falcon-{v}-{s}",), ("2", "3", "h1"), ("1b", "7b", "10b", "40b", "180b"),
           tails=("-instruct", "-chat", "")),
)

# Suffixes real names carry; a few are strong words the resolver weighs (fp8, preview, ...).
SUFFIXES = ("-fp8", "-awq", "-int4", "-gptq", "-preview", "-turbo", "-exp", "-thinking",
            "-128k", "-32k", "-0528", "-0324", "-1210", "-2501", "-v0.2", "-bf16", "-hf")
PRICES = ("0元", "0.5元", "1.02元", "1.26元", "1.45元", "2元", "2.2元", "3元", "4.13元", "5.8元",
          "6元", "8元", "12元", "16元", "21元", "32元", "60元")


def _size_upper(size: str) -> str:
    return size.replace("b", "B")  # 8x22b -> 8x22B, 235b-a22b -> 235B-a22B


def generate_names(count: int, *, seed: int = SEED,
                   reserved: set[str] | None = None) -> list[tuple[str, str]]:
    """``count`` distinct ``(name, org)`` pairs, none equal (case-insensitively) to ``reserved``."""
    rng = random.Random(seed)
    taken = {n.casefold() for n in (reserved or set())}
    out: list[tuple[str, str]] = []
    attempts = 0
    while len(out) < count:
        attempts += 1
        if attempts > count * 200:
            raise RuntimeError(f"could not make {count} distinct names")
        family = rng.choice(FAMILIES)
        template = rng.choice(family.templates)
        size = rng.choice(family.sizes)
        name = template.format(v=rng.choice(family.versions), s=size, S=_size_upper(size),
                               t=rng.choice(family.tiers))
        name += rng.choice(family.tails)
        extra = rng.random()
        for _ in range((extra < 0.35) + (extra < 0.08)):
            suffix = rng.choice(SUFFIXES)
            if suffix.casefold() not in name.casefold():
                name += suffix
        name = name.replace("--", "-").strip("-")
        if name.casefold() in taken:
            continue
        taken.add(name.casefold())
        out.append((name, family.org))
    return out


def _seed_rows() -> tuple[list[str], list[dict]]:
    """The bundled seed board: its header (domains) and its rows as plain values."""
    (board,) = parse_file(bundled_data_dir() / "v3.6" / "leaderboard-20b-open-source.md")
    rows = [
        {"name": e.name, "org": e.org or "", "is_new": e.is_new,
         "price": "/元" if e.price is None else f"{e.price:g}元",
         "total": e.total, "scores": [e.scores.get(d) for d in board.domains]}
        for e in board.models
    ]
    return board.domains, rows


def board_markdown(count: int, *, seed: int = SEED) -> str:
    """A CLiB table of ``count`` models (at least the seed's 16): the seed rows plus generated."""
    domains, rows = _seed_rows()
    rng = random.Random(seed + count)
    for name, org in generate_names(max(0, count - len(rows)), seed=seed,
                                    reserved={r["name"] for r in rows}):
        level = rng.uniform(20, 80)
        scores = [round(min(99.0, max(1.0, rng.gauss(level, 7))), 1) for _ in domains]
        rows.append({
            "name": name, "org": org, "is_new": rng.random() < 0.05,
            "price": "/元" if rng.random() < 0.08 else rng.choice(PRICES),
            "total": round(sum(scores) / len(scores), 1), "scores": scores,
        })
    rows.sort(key=lambda r: -(r["total"] or 0))

    def num(value: float | None) -> str:
        return "" if value is None else f"{value:.1f}"

    lines = [f"##### {TITLE}",
             "|排名|大模型|机构|输出价格|总分| |" + "|".join(domains) + "|",
             "|---|-----|---|-------|---| -|" + "|".join("---" for _ in domains) + "|"]
    for rank, row in enumerate(rows, start=1):
        marker = "(new)" if row["is_new"] else ""
        lines.append(
            f"|{rank}|{row['name']}{marker}{LINK}|{row['org']}|{row['price']}|"
            f"{num(row['total'])}| |" + "|".join(num(s) for s in row["scores"]) + "|"
        )
    return "\n".join(lines) + "\n"


def write_data_dir(directory: Path, count: int, *, seed: int = SEED) -> Path:
    """A data directory holding one synthetic board of ``count`` models and the seed aliases."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"leaderboard-synthetic-{count}.md").write_text(
        board_markdown(count, seed=seed), encoding="utf-8")
    shutil.copy(bundled_data_dir() / ALIASES_FILE, directory / ALIASES_FILE)
    return directory
