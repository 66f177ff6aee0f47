"""Soak: the dashboard server under repeated uploads and downloads from a local browser; its memory stays flat.

    python benchmarks/soak.py [--minutes 3]

Loopback only; the loop is bounded by time and by count, and stops by itself. Prints the server's RSS over time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_support import browser_page, streamlit_process, wait_for_first_chart, wait_until_idle  # noqa: E402

MAX_ROUNDS = 500


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=3.0)
    args = parser.parse_args()
    samples: list[tuple[int, float, float]] = []
    with tempfile.TemporaryDirectory() as temp, streamlit_process() as (url, process):
        folder = Path(temp)
        started = time.monotonic()
        rounds = 0
        with browser_page(width=1280, height=1400) as page:
            while rounds < MAX_ROUNDS and time.monotonic() - started < args.minutes * 60:
                # A different pair of reviews every round, so the analysis cache keeps getting new entries.
                first, second = folder / f"a{rounds}.txt", folder / f"b{rounds}.txt"
                first.write_text(f"By Critic A{rounds}\n\nThe dancing is dazzling and the songs are great. "
                                 f"Round {rounds} of the soak.", encoding="utf-8")
                second.write_text(f"By Critic B{rounds}\n\nThe plot drags and the jokes fall flat. "
                                  f"Round {rounds}.", encoding="utf-8")
                page.goto(url)
                wait_for_first_chart(page)
                wait_until_idle(page)
                page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files([str(first), str(second)])
                page.wait_for_selector(f"text=Critic A{rounds}", timeout=30000)
                wait_until_idle(page)
                button = page.locator("[data-testid=stDownloadButton] button", has_text="Everything (JSON)")
                with page.expect_download(timeout=30000) as info:
                    button.click()
                info.value.path()
                rounds += 1
                if rounds % 5 == 1:
                    samples.append((rounds, time.monotonic() - started, rss_mb(process.pid)))
        samples.append((rounds, time.monotonic() - started, rss_mb(process.pid)))
    print("| round | seconds | server RSS (MB) |")
    print("|---|---|---|")
    for round_number, seconds, rss in samples:
        print(f"| {round_number} | {seconds:.0f} | {rss:.0f} |")
    settled = [rss for _, seconds, rss in samples if seconds > 30] or [samples[-1][2]]
    print(f"\nafter the first 30 s: min {min(settled):.0f} MB, max {max(settled):.0f} MB "
          f"(growth {max(settled) - min(settled):.0f} MB over {rounds} rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
