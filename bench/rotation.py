"""World Café rotation plans: time and repeated encounters against a random plan.

For a few room sizes (hosts stay, the others move), plans with three seeds and compares
the pairs who meet more than once with the median of five random balanced plans. Writes
bench/results/rotation.json. Goal: 200 people, 20 tables, 5 rounds in well under a second.

20 people at 4 tables with hosts is tight: from round 2 on, each table of 4 movers either
takes two movers who already sat together or one who comes back to the host (one per
table of round 1 is 4 movers, one of them from this very table), so 3 rounds repeat at
least 8 pairs.
"""

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from liant.analysis.rotation import plan_rotation, random_plan  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "rotation.json"
CASES = [(20, 4, 3), (60, 8, 4), (120, 12, 4), (200, 20, 5)]
SEEDS = (0, 1, 2)


def main() -> None:
    runs = []
    for people, tables, rounds in CASES:
        everyone = list(range(people))
        hosts, movers = everyone[:tables], everyone[tables:]
        timings, repeats = [], []
        for seed in SEEDS:
            start = time.perf_counter()
            plan = plan_rotation(movers, hosts, rounds, seed=seed)
            timings.append(time.perf_counter() - start)
            repeats.append(plan.repeated_pairs)
        baseline = [random_plan(movers, hosts, rounds, seed=s).repeated_pairs for s in range(5)]
        row = {
            "people": people,
            "tables": tables,
            "rounds": rounds,
            "median_s": round(statistics.median(timings), 3),
            "max_s": round(max(timings), 3),
            "repeated_pairs": repeats,
            "random_repeated_pairs_median": statistics.median(baseline),
        }
        runs.append(row)
        print(row)
    largest = runs[-1]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"runs": runs, "goal_200_under_1s": largest["max_s"] < 1}, indent=2)
    )
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
