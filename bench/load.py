"""Load test of the tap endpoint: gunicorn (2 workers) on loopback, client threads posting
taps for a bounded time; reports taps/s, p99 latency, errors, taps sent versus taps counted,
and the workers' peak RSS.

Run as `python -m bench.load --seconds 60` with BENCH_DATABASE_NAME set; prints JSON."""

import argparse
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
ROOT = Path(__file__).resolve().parent.parent
WARMUP_SECONDS = 3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--floor", action="store_true", help="load the floor page instead: this machine's ceiling"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from bench.pages import FLOOR, TAP, find_targets, tap_cleanup, tap_count

    page = FLOOR if args.floor else TAP
    user = User.objects.get(email=f"{page.user}@example.org")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["seen"] = int(time.time()) + 3600  # no session refresh writes during the run
    session.save()
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked secret
    targets = find_targets()
    path = page.url(targets)
    before = tap_count(targets)

    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # same process group: whatever stops this run stops gunicorn too
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        latencies: list[float] = []
        errors: list[str] = []
        sent = warm_sent = 0
        lock = threading.Lock()

        def worker(stop_at: float, timed: bool) -> None:
            nonlocal sent, warm_sent
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            headers = {
                "Cookie": f"sessionid={session.session_key}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Content-Type": "application/x-www-form-urlencoded",
                "Host": "127.0.0.1",
            }
            while time.time() < stop_at:
                body = page.body(targets) if page.method == "post" else None
                start = time.perf_counter()
                try:
                    conn.request(page.method.upper(), path, body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    ok = 200 <= response.status < 300
                    status = str(response.status)
                except (OSError, http.client.HTTPException) as exc:
                    ok, status = False, type(exc).__name__
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    if not timed:  # warm-up: counted as sent, not timed
                        warm_sent += ok
                        if not ok:
                            errors.append(status)
                    elif ok:
                        latencies.append(elapsed)
                        sent += 1
                    else:
                        latencies.append(elapsed)
                        errors.append(status)

        def run(seconds: float, timed: bool) -> float:
            stop_at = time.time() + seconds
            threads = [
                threading.Thread(target=worker, args=(stop_at, timed)) for _ in range(args.threads)
            ]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return time.perf_counter() - started

        # Warm-up: each worker opens its database connection and loads templates and
        # catalogs on its first requests; those are not what a busy Saturday looks like.
        run(min(WARMUP_SECONDS, args.seconds / 4), timed=False)
        duration = run(args.seconds, timed=True)
        rss = [_peak_rss_mb(pid) for pid in _children(server.pid)]
    finally:
        server.terminate()  # the master stops its workers
        server.wait(timeout=30)

    counted = tap_count(targets) - before
    tap_cleanup(targets)  # tonight's serve as it was, for the next run
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0
    print(
        json.dumps(
            {
                "seconds": round(duration, 1),
                "workers": 2,
                "threads": args.threads,
                "taps_sent": sent + warm_sent,
                "taps_counted": counted,
                "warm_up_taps": warm_sent,
                "errors": len(errors),
                "error_kinds": sorted(set(errors))[:5],
                "taps_per_second": round(sent / duration, 1) if duration else 0,
                "p99_ms": round(p99, 2),
                "worker_peak_rss_mb": round(max(rss), 1) if rss else None,
            }
        )
    )


if __name__ == "__main__":
    main()
