"""`make bench`: seed a large organization and a tiny one on PostgreSQL, measure every page at
both, build one week's summation, load-test the tap endpoint, print a table and write
bench/results.json (and docs/benchmarks.md with --write-docs).

    python -m bench.run [--factor 1] [--small-factor 0.01] [--requests 30] [--load-seconds 60]
                        [--reuse] [--write-docs]
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DOCS = ROOT / "docs" / "benchmarks.md"

TARGETS = {
    "median_ms": 50,
    "p95_ms": 100,
    "floor_ratio": 5,
    "queries": 15,
    "summation_s": 5,
    "taps_per_second": 300,
    "worker_rss_mb": 200,
}


def _db_name(factor: float) -> str:
    return "basework_bench_" + str(factor).replace(".", "_")


def _env(factor: float) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "BENCH_DATABASE_NAME": _db_name(factor),
    }


def _run(args: list[str], factor: float, capture: bool = True) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=_env(factor), capture_output=capture, text=True
    )
    if result.returncode != 0:
        sys.stderr.write((result.stdout or "") + (result.stderr or ""))
        raise SystemExit(f"bench: {' '.join(args)} failed")
    return result.stdout


def _json_line(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def seed(factor: float, reuse: bool) -> float | None:
    import psycopg

    name = _db_name(factor)
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return None
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    _run(["manage.py", "migrate", "-v0"], factor)
    started = time.perf_counter()
    _run(["manage.py", "seed_scale", "--factor", str(factor)], factor, capture=False)
    return round(time.perf_counter() - started, 1)


def _machine() -> str:
    cpus = os.cpu_count()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    python = platform.python_version()
    return f"{platform.system()} {platform.machine()}, {cpus} cores, {mem:.0f} GiB, Python {python}"


def table(results: dict) -> str:
    big, small = results["pages"], results["pages_small"]
    floor = big["floor"]["median_ms"] or 0.01
    lines = [
        "| page | median ms | p95 ms | × floor | queries | queries at small factor | ok |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in big.items():
        ratio = row["median_ms"] / floor
        flat = row["queries"] == small[name]["queries"]
        ok = (
            row["median_ms"] <= TARGETS["median_ms"]
            and row["p95_ms"] <= TARGETS["p95_ms"]
            and (name == "floor" or ratio <= TARGETS["floor_ratio"])
            and row["queries"] <= TARGETS["queries"]
            and flat
        )
        lines.append(
            f"| {name} | {row['median_ms']} | {row['p95_ms']} | {ratio:.1f} | {row['queries']} "
            f"| {small[name]['queries']} | {'yes' if ok else 'NO'} |"
        )
    s = results.get("summation")
    if s:
        lines.append("")
        lines.append(
            f"Summation week build with PDF: {s['seconds']} s (target ≤ {TARGETS['summation_s']}),"
            f" peak RSS {s['peak_rss_mb']} MB."
        )
    load = results.get("load")
    if load:
        lines.append(
            f"Tap load ({load['seconds']} s, gunicorn 2 workers, {load['threads']} client threads):"
            f" {load['taps_per_second']} taps/s (target ≥ {TARGETS['taps_per_second']}),"
            f" p99 {load['p99_ms']} ms, errors {load['errors']}, sent {load['taps_sent']},"
            f" counted {load['taps_counted']}, worker peak RSS {load['worker_peak_rss_mb']} MB"
            f" (target ≤ {TARGETS['worker_rss_mb']})."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=float, default=1.0)
    parser.add_argument("--small-factor", type=float, default=0.01)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--reuse", action="store_true", help="keep already seeded databases")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()

    results: dict = {
        "machine": _machine(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "make bench " + " ".join(sys.argv[1:]),
        "factor": args.factor,
        "small_factor": args.small_factor,
        "targets": TARGETS,
    }
    results["seed_seconds"] = {
        str(args.factor): seed(args.factor, args.reuse),
        str(args.small_factor): seed(args.small_factor, args.reuse),
    }
    measure = ["-m", "bench.measure", "--requests", str(args.requests)]
    results["pages"] = _json_line(_run(measure, args.factor))
    results["pages_small"] = _json_line(_run(measure, args.small_factor))
    results["query_counts_flat"] = all(
        results["pages"][n]["queries"] == results["pages_small"][n]["queries"]
        for n in results["pages"]
    )
    results["summation"] = _json_line(_run(["-m", "bench.summation"], args.factor))
    if args.load_seconds > 0:
        results["load"] = _json_line(
            _run(["-m", "bench.load", "--seconds", str(args.load_seconds)], args.factor)
        )

    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    text = table(results)
    print(text)
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")
    if args.write_docs:
        DOCS.write_text(
            "# Benchmarks\n\n"
            f"Latest run: {results['when']} on {results['machine']}.\n\n"
            f"Command: `{results['command']}` (PostgreSQL and Redis on loopback; factor "
            f"{args.factor} against {args.small_factor} for the query counts; seeding took "
            f"{results['seed_seconds']} s).\n\n"
            "Server time is measured in-process through the full middleware stack (Django's "
            "test client), over "
            f"{args.requests} requests after 5 warm-up requests.\n\n" + text + "\n"
        )
        print(f"written {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
