"""A synthetic CLiB release with hundreds of per-benchmark boards (fixed seed).

``write_release(folder, boards)`` copies the bundled v5.11.7 (its README and boards) and adds
per-benchmark boards until the release holds ``boards`` files under ``leaderboard/``, each in
ReLE's per-benchmark layout (``类别|机构|大模型|【X】准确率|平均耗时|平均消耗token|花费/千次（元）|
排名（准确率）``, ``/`` where nothing was measured) and listing the release's own models with
scores drawn around their total. Benchmark names follow CLiB's families (``2025高考数学``,
``CMB-临床``, ``CFLUE-注册会计师``, ``BFCL-V3``, ``C3``, ...), so fuzzy domain lookups mean what
they mean on the real folder.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from bot.core.board import parse_file
from bot.core.catalog import ALIASES_FILE, bundled_data_dir

SEED = 20260908
FAMILIES: dict[str, tuple[str, ...]] = {
    "2025高考": ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "政治", "数学文科",
                 "数学理科", "新课标I卷", "新课标II卷", "全国甲卷", "北京卷", "上海卷"),
    "CMB-": ("临床", "基础医学", "药学", "护理", "中医", "预防医学", "医学技术", "口腔",
             "麻醉", "儿科", "妇产科", "外科", "内科", "检验", "影像", "康复"),
    "CFLUE-": ("注册会计师", "证券从业", "基金从业", "期货从业", "银行从业", "保险从业",
               "税务师", "资产评估", "精算师", "经济师", "审计师", "理财规划", "反洗钱",
               "信用分析", "投资分析", "金融科技"),
    "C-Eval-": ("高等数学", "大学物理", "计算机组成", "操作系统", "计算机网络", "数据结构",
                "电气工程", "法学", "中国语言文学", "艺术学", "逻辑学", "马克思主义",
                "思想道德", "教师资格", "注册电气工程师", "注册计量师"),
    "MMLU-": ("abstract_algebra", "anatomy", "astronomy", "business_ethics", "college_biology",
              "college_chemistry", "econometrics", "formal_logic", "global_facts",
              "high_school_physics", "jurisprudence", "machine_learning", "marketing",
              "philosophy", "prehistory", "virology"),
    "法考-": ("刑法", "民法", "行政法", "刑诉", "民诉", "商经", "三国法", "理论法"),
}
SINGLES = ("BFCL-V3", "C3", "CLUEWSC", "CMRC2018", "DRCD", "GSM8K-zh", "MATH-zh", "HumanEval-zh",
           "MBPP-zh", "LiveCodeBench", "IFEval-zh", "TAU-bench", "AlignBench", "MT-Bench-zh")
HEADER = ("|类别|机构|大模型|【{name}】准确率|平均耗时|平均消耗token|花费/千次（元）|"
          "排名（准确率）|\n|---|---|-----|-------------------|-------|-----------|-----------|"
          "-----------|\n")


def benchmark_names(count: int) -> list[str]:
    """``count`` distinct benchmark names in CLiB's families (numbered rounds past the lists)."""
    base = list(SINGLES) + [f"{family}{topic}" for family, topics in FAMILIES.items()
                            for topic in topics]
    names = list(base)
    round_no = 2
    while len(names) < count:
        names += [f"{name}-R{round_no}" for name in base]
        round_no += 1
    return names[:count]


def _models() -> list[tuple[str, str, str, float]]:
    """(category, org, name, total) of every model of the bundled v5.11.7."""
    (board,) = parse_file(bundled_data_dir() / "v5.11.7" / "leaderboard" / "alldata.md")
    return [("开源" if "开源" in (e.org or "") else "商用", e.org or "", e.name, e.total or 50.0)
            for e in board.models]


def board_markdown(name: str, rng: random.Random) -> str:
    """One per-benchmark board of every model of the release."""
    rows = []
    for kind, org, model, total in _models():
        score = round(min(99.9, max(1.0, rng.gauss(total, 8.0))), 1)
        measured = rng.random() < 0.5
        latency = f"{rng.randint(5, 300)}s" if measured else "/"
        tokens = str(rng.randint(300, 20000)) if measured else "/"
        cost = f"{rng.uniform(0.5, 800):.1f}" if measured else "/"
        rows.append((score, kind, org, model, latency, tokens, cost))
    rows.sort(key=lambda r: -r[0])
    lines = [f"|{kind}|{org}|{model}|{score:.1f}%|{latency}|{tokens}|{cost}|{rank}|"
             for rank, (score, kind, org, model, latency, tokens, cost) in enumerate(rows, 1)]
    return "\n" + HEADER.format(name=name) + "\n".join(lines) + "\n"


def write_release(folder: Path, boards: int, *, seed: int = SEED) -> Path:
    """A copy of the bundled v5.11.7 grown to ``boards`` files under ``leaderboard/``."""
    source = bundled_data_dir() / "v5.11.7"
    shutil.copytree(source, folder, dirs_exist_ok=True)
    taken = {p.stem for p in (folder / "leaderboard").glob("*.md")}
    rng = random.Random(seed)
    names = [n for n in benchmark_names(boards + len(taken)) if n not in taken]
    for name in names[:max(0, boards - len(taken))]:
        (folder / "leaderboard" / f"{name}.md").write_text(board_markdown(name, rng),
                                                           encoding="utf-8")
    return folder


def write_data_dir(directory: Path, boards: int) -> Path:
    """A data folder holding the grown release as ``v5.11.7/`` and the bundled nicknames."""
    directory.mkdir(parents=True, exist_ok=True)
    write_release(directory / "v5.11.7", boards)
    shutil.copy(bundled_data_dir() / ALIASES_FILE, directory / ALIASES_FILE)
    return directory
