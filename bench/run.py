"""`make bench`: seed a large organization and a small one on PostgreSQL, measure every page at
both, build one week's summation, load-test the tap endpoint, print a table and write
bench/results.json (and the table in docs/benchmarks.md with --write-docs).

    python -m bench.run [--factor 1] [--small-factor 0.01] [--requests 30] [--load-seconds 60]
                        [--reuse] [--write-docs] [--db-prefix basework_bench]
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
DOCS_START, DOCS_END = "<!-- bench:start -->", "<!-- bench:end -->"

TARGETS = {
    "median_ms": 50,
    "p95_ms": 100,
    "floor_ratio": 5,
    "queries": 15,
    "summation_s": 5,
    "taps_per_second": 300,
    "worker_rss_mb": 200,
}


def _db_name(prefix: str, factor: float) -> str:
    return f"{prefix}_" + str(factor).replace(".", "_")


def _env(db: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "BENCH_DATABASE_NAME": db,
    }


def _run(args: list[str], db: str, capture: bool = True) -> str:
    result = subprocess.run(
        [sys.executable, "-W", "ignore", *args],
        cwd=ROOT,
        env=_env(db),
        capture_output=capture,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write((result.stdout or "") + (result.stderr or ""))
        raise SystemExit(f"bench: {' '.join(args)} failed")
    return result.stdout or ""


def _json_line(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def seed(db: str, factor: float, reuse: bool) -> float | None:
    """Create, migrate and seed `db` at `factor`; with `reuse`, keep it if it exists.
    Returns the seconds seed_scale took (None when reused)."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as pg:
        exists = pg.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if exists and reuse:
            _run(["manage.py", "migrate", "-v0"], db)  # new indexes since it was seeded
            return None
        pg.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        pg.execute(f'CREATE DATABASE "{db}"')
    _run(["manage.py", "migrate", "-v0"], db)
    print(f"seeding {db} at factor {factor} ...", flush=True)
    started = time.perf_counter()
    _run(["manage.py", "seed_scale", "--factor", str(factor)], db, capture=False)
    return round(time.perf_counter() - started, 1)


def _machine() -> str:
    cpus = os.cpu_count()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    python = platform.python_version()
    return f"{platform.system()} {platform.machine()}, {cpus} cores, {mem:.0f} GiB, Python {python}"


def _load_average() -> float:
    return round(os.getloadavg()[0], 2)


def page_ok(name: str, row: dict, floor_ms: float, small_queries: int | None) -> bool:
    return (
        row["median_ms"] <= TARGETS["median_ms"]
        and row["p95_ms"] <= TARGETS["p95_ms"]
        and (name == "floor" or row["median_ms"] / floor_ms <= TARGETS["floor_ratio"])
        and row["queries"] <= TARGETS["queries"]
        and row["queries"] == small_queries
    )


def table(results: dict) -> str:
    big, small = results["pages"], results["pages_small"]
    floor = big["floor"]["median_ms"] or 0.01
    lines = [
        "| page | median ms | p95 ms | × floor | CPU ms | queries | at small factor | ok |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in big.items():
        small_queries = small.get(name, {}).get("queries")
        ok = page_ok(name, row, floor, small_queries)
        lines.append(
            f"| {name} | {row['median_ms']} | {row['p95_ms']} | {row['median_ms'] / floor:.1f} "
            f"| {row['cpu_median_ms']} | {row['queries']} | {small_queries} "
            f"| {'yes' if ok else 'NO'} |"
        )
    lines.append("")
    lines.append(
        f"Targets: median ≤ {TARGETS['median_ms']} ms, p95 ≤ {TARGETS['p95_ms']} ms, ≤ "
        f"{TARGETS['floor_ratio']} × the floor, ≤ {TARGETS['queries']} queries and the same "
        "count at both factors. CPU ms: this process's CPU time per request (median)."
    )
    s = results.get("summation")
    if s:
        lines.append("")
        lines.append(
            f"Summation week build with both PDFs ({s['week']}): {s['seconds']} s in a fresh "
            f"process, {s['warm_seconds']} s warm (target ≤ {TARGETS['summation_s']} s), "
            f"{s['queries']} queries, peak RSS {s['peak_rss_mb']} MB."
        )
    load = results.get("load")
    if load:
        lines.append("")
        lines.append(
            f"Tap load ({load['seconds']} s, gunicorn 2 workers, {load['threads']} client "
            f"threads): {load['taps_per_second']} taps/s (target ≥ "
            f"{TARGETS['taps_per_second']}), p99 {load['p99_ms']} ms, errors {load['errors']}, "
            f"sent {load['taps_sent']}, counted {load['taps_counted']}, worker peak RSS "
            f"{load['worker_peak_rss_mb']} MB (target ≤ {TARGETS['worker_rss_mb']})."
        )
    return "\n".join(lines)


def write_docs(results: dict, text: str) -> None:
    """Replace the generated part of docs/benchmarks.md (between the markers); the notes
    around it are written by hand."""
    seeds = ", ".join(
        f"factor {f}: {s} s" for f, s in results["seed_seconds"].items() if s is not None
    )
    block = (
        f"{DOCS_START}\n"
        f"Latest run: {results['when']} on {results['machine']}; load average "
        f"{results['load_average']['start']} at the start, {results['load_average']['end']} "
        f"at the end (the machine is shared).\n\n"
        f"Command: `{results['command']}`. Factor {results['factor']} against "
        f"{results['small_factor']} for the query counts"
        + (f"; seeding took {seeds}" if seeds else "")
        + f". Server time in-process through the whole middleware stack, {results['requests']} "
        "requests per page after 5 warm-up requests.\n\n" + text + f"\n{DOCS_END}"
    )
    current = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n\n"
    if DOCS_START in current:
        head, rest = current.split(DOCS_START, 1)
        current = head + block + rest.split(DOCS_END, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    DOCS.write_text(current)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=float, default=1.0)
    parser.add_argument("--small-factor", type=float, default=0.01)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--reuse", action="store_true", help="keep already seeded databases")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--db-prefix", default="basework_bench", help="database name prefix")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.load_seconds > 600:
        parser.error("--load-seconds: at most 600")

    big_db = _db_name(args.db_prefix, args.factor)
    small_db = _db_name(args.db_prefix, args.small_factor)
    results: dict = {
        "machine": _machine(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "make bench" + (f" ARGS='{' '.join(sys.argv[1:])}'" if sys.argv[1:] else ""),
        "factor": args.factor,
        "small_factor": args.small_factor,
        "requests": args.requests,
        "targets": TARGETS,
        "load_average": {"start": _load_average()},
    }
    results["seed_seconds"] = {
        str(args.factor): seed(big_db, args.factor, args.reuse),
        str(args.small_factor): seed(small_db, args.small_factor, args.reuse),
    }
    measure = ["-m", "bench.measure", "--requests", str(args.requests)]
    print("measuring pages ...", flush=True)
    results["pages"] = _json_line(_run(measure, big_db))
    results["pages_small"] = _json_line(_run(measure, small_db))
    results["query_counts_flat"] = all(
        row["queries"] == results["pages_small"][name]["queries"]
        for name, row in results["pages"].items()
    )
    print("building a summation ...", flush=True)
    results["summation"] = _json_line(_run(["-m", "bench.summation"], big_db))
    if args.load_seconds > 0:
        print(f"tap load for {args.load_seconds:g} s ...", flush=True)
        results["load"] = _json_line(
            _run(["-m", "bench.load", "--seconds", str(args.load_seconds)], big_db)
        )
    results["load_average"]["end"] = _load_average()

    args.results.write_text(json.dumps(results, indent=2) + "\n")
    text = table(results)
    print(text)
    print(f"\nwritten {args.results}")
    if args.write_docs:
        write_docs(results, text)
        print(f"written {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
