"""The long bad-input run: tests/test_fuzz.py's properties with many more cases (the test suite
runs 60 per property). Prints hypothesis' statistics: cases run per property, all must pass.

    .venv/bin/python benchmarks/fuzz_long.py [--cases 2000]    # per property; 5 properties = 10,000 cases
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "test_fuzz.py"),
         "--hypothesis-show-statistics", "-k", "not huge and not tricks"],
        cwd=ROOT, env={**os.environ, "NEUROKG_FUZZ_CASES": str(args.cases)}, capture_output=True, text=True,
    )
    counts = [int(n) for n in re.findall(r"(\d+) passing, 0 failing", result.stdout)]
    for line in result.stdout.splitlines():
        if "passing," in line or line.startswith("tests/") or " passed" in line or " failed" in line:
            print(line.strip())
    print(f"total: {sum(counts)} cases, exit code {result.returncode}")
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
