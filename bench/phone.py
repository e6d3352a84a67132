"""The phone-side budget: tonight's serve page and today's run as a phone loads them from
gunicorn (DEBUG off, whitenoise's compressed manifest storage): the bytes transferred, every
asset included (budget: under 60 KB), and Lighthouse's mobile performance score (≥ 0.95).

    BENCH_DATABASE_NAME=basework_phone .venv/bin/python -m bench.phone

Needs Lighthouse from npm (pinned: `npm i -E lighthouse@12.2.3` in LIGHTHOUSE_DIR, default
.lighthouse/) and Debian's Chromium at /usr/bin/chromium. Prints JSON."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.phone_settings")
os.environ.setdefault("BENCH_DATABASE_NAME", "basework_phone")
ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_DIR = Path(os.environ.get("LIGHTHOUSE_DIR", ROOT / ".lighthouse"))
BUDGET_BYTES = 60 * 1024


def _prepare_database() -> None:
    import psycopg

    name = os.environ["BENCH_DATABASE_NAME"]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ}
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def _seed() -> dict:
    """A serve tonight with the usual bag types, a driver with five stops; two sessions."""
    import django

    django.setup()
    from distribution.factories import (
        BagTypeFactory,
        ContactFactory,
        DeliveryRequestFactory,
        ServeFactory,
        SiteFactory,
    )
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from distribution.models import BagType, DeliveryRequest, Serve

    today = timezone.localdate()
    serve = Serve.objects.filter(date=today).first() or ServeFactory(
        site=SiteFactory(name="Central Square"), date=today
    )
    if not BagType.objects.exists():
        for n, name in enumerate(("Groceries", "No-cook bag", "Hygiene kit", "Baby"), start=1):
            BagTypeFactory(name=name, sort_order=n)
    organizer, _ = User.objects.get_or_create(email="phone-organizer@example.org")
    driver, _ = User.objects.get_or_create(
        email="phone-driver@example.org", defaults={"is_driver": True}
    )
    if not DeliveryRequest.objects.filter(driver=driver, date=today).exists():
        for n in range(5):
            DeliveryRequestFactory(
                contact=ContactFactory(name=f"Stop {n + 1}"),
                driver=driver,
                status="assigned",
                address=f"{n + 1}0 Bowdoin St",
                date=today,
                position=n,
            )

    def session_for(user) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["seen"] = int(time.time()) + 3600
        session.save()
        return session.session_key

    return {
        "serve page": (
            reverse("distribution:serve_detail", args=[serve.pk]),
            session_for(organizer),
        ),
        "driver's run": (reverse("distribution:run"), session_for(driver)),
    }


def _transferred(url: str, session: str) -> dict:
    """Bytes on the wire (headers and compressed bodies) for one first visit, worker blocked
    so only the page and its assets count."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        context = browser.new_context(
            service_workers="block", viewport={"width": 360, "height": 740}
        )
        context.add_cookies([{"name": "sessionid", "value": session, "url": url}])
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="networkidle")
        sizes = [(r.url, r.sizes()) for r in finished]
        browser.close()
    total = sum(s["responseBodySize"] + s["responseHeadersSize"] for _url, s in sizes)
    files = {
        url.split("/", 3)[-1]: s["responseBodySize"] + s["responseHeadersSize"] for url, s in sizes
    }
    return {"bytes": total, "under_budget": total < BUDGET_BYTES, "files": files}


def _lighthouse(url: str, session: str) -> float:
    out = LIGHTHOUSE_DIR / "report.json"
    subprocess.run(
        [
            str(LIGHTHOUSE_DIR / "node_modules/.bin/lighthouse"),
            url,
            "--chrome-path=/usr/bin/chromium",
            "--chrome-flags=--headless=new --no-sandbox",
            "--only-categories=performance",
            f"--extra-headers={json.dumps({'Cookie': f'sessionid={session}'})}",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ],
        check=True,
    )
    return json.loads(out.read_text())["categories"]["performance"]["score"]


def main() -> None:
    _prepare_database()
    pages = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.phone", "--seed"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    port = 8765
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT,
    )  # fmt: skip
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        for name, (path, session) in pages.items():
            url = f"http://127.0.0.1:{port}{path}"
            results[name] = _transferred(url, session)
            results[name]["lighthouse_performance"] = _lighthouse(url, session)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    if "--seed" in sys.argv:
        print(json.dumps(_seed()))
    else:
        main()
