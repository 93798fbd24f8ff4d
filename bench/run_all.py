"""Run every benchmark in bench/ and list the result files they wrote.

Each benchmark is a script `bench/<name>.py` that writes `bench/results/<name>.json`.
Figures are summarised by hand in docs/performance.md with the command used.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def main() -> int:
    """Run the benchmarks one after another; stop at the first that fails."""
    scripts = sorted(p for p in BENCH.glob("*.py") if p.name != Path(__file__).name)
    for script in scripts:
        print(f"== {script.stem}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=ROOT)
        if result.returncode != 0:
            print(f"{script.stem} failed with status {result.returncode}", file=sys.stderr)
            return result.returncode
        print(f"   done in {time.perf_counter() - started:.1f} s", flush=True)
    for result_file in sorted((BENCH / "results").glob("*.json")):
        print(f"wrote {result_file.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
