"""The scale benchmark runs end to end at a tiny factor: CI proves it works and writes its
results, with every page and query counts that do not grow with the data. Not a timed gate:
the timings of a tiny database on a CI machine say nothing."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from bench.pages import FLOOR, PAGES

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results.json"


def test_the_benchmark_runs_at_a_tiny_factor_and_writes_every_page():
    RESULTS.unlink(missing_ok=True)
    env = {
        **os.environ,
        # Its own Redis db (the tests' cache db), next to its own databases.
        "BENCH_REDIS_URL": os.environ.get("TEST_CACHE_URL", "redis://127.0.0.1:6379/14"),
    }
    command = [
        *(sys.executable, "-m", "bench.run"),
        *("--factor", "0.002", "--small-factor", "0.001"),
        *("--requests", "3", "--load-seconds", "2"),
        *("--db-prefix", "basework_benchsmoke"),
    ]
    # Its own process group: on a timeout, the measuring and gunicorn processes go too.
    bench = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = bench.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(bench.pid, signal.SIGKILL)
        stdout, stderr = bench.communicate()
    assert bench.returncode == 0, stdout + stderr

    results = json.loads(RESULTS.read_text())
    pages = {page.name for page in (FLOOR, *PAGES)}
    assert set(results["pages"]) == pages
    assert set(results["pages_small"]) == pages
    flat = {
        name: (row["queries"], results["pages_small"][name]["queries"])
        for name, row in results["pages"].items()
    }
    assert all(big == small for big, small in flat.values()), flat
    assert results["query_counts_flat"] is True
    assert all(row["status"] < 400 for row in results["pages"].values())
    assert results["summation"]["pdf_kb"].keys() == {"en", "es"}
    load = results["load"]
    assert load["errors"] == 0
    assert load["taps_sent"] == load["taps_counted"] > 0
    assert "| dashboard |" in stdout
