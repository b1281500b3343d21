"""The mutation score from mutmut's results, per module and in all.

    mutmut results --all true | python .ci/mutation_score.py
    python .ci/mutation_score.py --survivors < results.txt   # and list the mutants that lived

A mutant is killed when a test failed or it ran past its time limit (an infinite loop is a
bug the tests caught: mutmut's "timeout"). Everything else counts against the score: survived,
no tests (no test runs the mutated function), suspicious, not checked.

The score of ``bot/core`` excludes the mutants ``docs/mutation.md`` lists as equivalent (they
cannot change behaviour, so no test can kill them); the raw figure is printed beside it.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

KILLED = {"killed", "timeout"}
_LINE = re.compile(r"^\s*(?P<name>\S+?): (?P<status>.+?)\s*$")
_MODULE = re.compile(r"^(?P<module>.+?)\.x[_ǁ]")
_EQUIVALENT = re.compile(r"`(?P<name>bot\.[^`]+__mutmut_\d+)`")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "mutation.md"


def equivalent_mutants() -> set[str]:
    """The mutants docs/mutation.md lists as equivalent: the names in backquotes in its
    "Equivalent mutants" section (the survivors judged harmless elsewhere still count)."""
    if not DOCS.is_file():
        return set()
    text = DOCS.read_text(encoding="utf-8")
    start = text.find("\n## Equivalent mutants")
    if start < 0:
        return set()
    end = text.find("\n## ", start + 1)
    return set(_EQUIVALENT.findall(text[start:end if end >= 0 else None]))


def main(argv: list[str]) -> int:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    lived: dict[str, list[str]] = defaultdict(list)
    equivalent = equivalent_mutants()
    excused: Counter[str] = Counter()
    for line in sys.stdin:
        match = _LINE.match(line)
        if not match:
            continue
        name, status = match.group("name"), match.group("status")
        module_match = _MODULE.match(name)
        module = module_match.group("module") if module_match else name
        if status not in KILLED and name in equivalent:
            excused[module] += 1
            status = "equivalent"
        by_module[module][status] += 1
        if status not in KILLED and status != "equivalent":
            lived[module].append(f"{name}: {status}")
    if not by_module:
        print("no mutmut results on standard input (run `mutmut run` first)")
        return 1
    width = max(len(m) for m in by_module)
    totals: Counter[str] = Counter()
    print(f"{'module':<{width}}  killed/total  score  (equivalent)")
    for module in sorted(by_module):
        counts = by_module[module]
        totals.update(counts)
        killed = sum(counts[s] for s in KILLED)
        total = sum(counts.values()) - counts["equivalent"]
        score = 100 * killed / total if total else 100.0
        extra = f"  ({counts['equivalent']})" if counts["equivalent"] else ""
        print(f"{module:<{width}}  {killed:>6}/{total:<6}  {score:5.1f}%{extra}")
    packages: dict[str, Counter[str]] = defaultdict(Counter)
    for module, counts in by_module.items():
        packages[module.rsplit(".", 1)[0]].update(counts)
    for package in sorted(packages):
        counts = packages[package]
        killed = sum(counts[s] for s in KILLED)
        total = sum(counts.values())
        counted = total - counts["equivalent"]
        print(f"{package:<{width}}  {killed:>6}/{counted:<6}  {100 * killed / counted:5.1f}%"
              f"  (raw {killed}/{total} = {100 * killed / total:.1f}%)")
    killed = sum(totals[s] for s in KILLED)
    total = sum(totals.values())
    counted = total - totals["equivalent"]
    print(f"{'all':<{width}}  {killed:>6}/{counted:<6}  {100 * killed / counted:5.1f}%"
          f"  (raw {killed}/{total} = {100 * killed / total:.1f}%, "
          f"{totals['equivalent']} equivalent, {totals['timeout']} timeouts counted killed)")
    if "--survivors" in argv:
        for module in sorted(lived):
            for entry in lived[module]:
                print(entry)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
