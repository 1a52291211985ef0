"""Time to suggest groups for 100, 500 and 2,000 French cards (goal: 500 cards < 2 s).

Cards are generated deterministically from the themed cards of the clustering tests, with
varied openings and endings, as a large room would write them. Writes
bench/results/clustering.json with the median, min and max of 5 runs per size.
"""

import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from liant.analysis.clustering import suggest_groups  # noqa: E402
from liant.analysis.tests.test_clustering import THEMES  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "clustering.json"
OPENINGS = ["", "Franchement, ", "Pour moi : ", "Au quotidien, ", "Souvent ", "Clairement "]
ENDINGS = ["", " !", " depuis des mois", " dans notre service", " et ça fatigue", " (vécu)"]
REPEATS = 5


def cards(n: int) -> list[str]:
    rng = random.Random(n)
    pool = [text for items in THEMES.values() for text in items]
    return [f"{rng.choice(OPENINGS)}{rng.choice(pool)}{rng.choice(ENDINGS)}" for _ in range(n)]


def main() -> None:
    results = []
    for n in (100, 500, 2000):
        texts = cards(n)
        suggest_groups(texts[:50])  # warm the lemmatiser's dictionaries
        timings, groups = [], 0
        for _ in range(REPEATS):
            start = time.perf_counter()
            groups = len(suggest_groups(texts, "fr"))
            timings.append(time.perf_counter() - start)
        row = {
            "cards": n,
            "median_s": round(statistics.median(timings), 3),
            "min_s": round(min(timings), 3),
            "max_s": round(max(timings), 3),
            "groups": groups,
        }
        results.append(row)
        print(row)
    five_hundred = next(r for r in results if r["cards"] == 500)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"runs": results, "goal_500_under_2s": five_hundred["median_s"] < 2}, indent=2)
    )
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
