"""A local fake of SMS Gateway for Android's local-server API on 127.0.0.1: the endpoint the
real `android-sms-gateway` client calls (POST /messages, Basic auth), with a way to make it
fail, and a helper that posts webhooks signed the way the phone signs them."""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

LOGIN, PASSWORD = "sms", "phone-password"


class FakeGateway:
    def __init__(self):
        self.received: list[dict] = []  # every message accepted, in order
        self.requests = 0
        self.fail_next: list[int] = []  # status codes to answer before accepting again
        self.lock = threading.Lock()

    def handle(self, handler: BaseHTTPRequestHandler) -> tuple[int, dict]:
        expected = "Basic " + base64.b64encode(f"{LOGIN}:{PASSWORD}".encode()).decode()
        if handler.headers.get("Authorization") != expected:
            return 401, {"message": "unauthorized"}
        if handler.path.split("?")[0] != "/messages":
            return 404, {"message": "not found"}
        length = int(handler.headers.get("Content-Length") or 0)
        message = json.loads(handler.rfile.read(length))
        with self.lock:
            self.requests += 1
            if self.fail_next:
                return self.fail_next.pop(0), {"message": "gateway error"}
            if any(m["id"] == message.get("id") for m in self.received):
                return 409, {"message": "message with this id already exists"}
            self.received.append(message)
        recipients = [
            {"phoneNumber": p, "state": "Pending", "error": None} for p in message["phoneNumbers"]
        ]
        return 202, {"id": message["id"], "state": "Pending", "recipients": recipients}


@pytest.fixture
def gateway(settings):
    fake = FakeGateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            status, body = fake.handle(self)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TEXT_BACKEND = "android"
    settings.TEXT_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}"
    settings.TEXT_GATEWAY_LOGIN, settings.TEXT_GATEWAY_PASSWORD = LOGIN, PASSWORD
    yield fake
    server.shutdown()
    server.server_close()


def signed(body: dict | bytes, *, secret="test-webhook-signing-key", at=None) -> dict:  # noqa: S107
    """What the phone sends: the raw body, X-Timestamp, X-Signature = hex HMAC-SHA256 of
    body + timestamp under the webhook signing key."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    timestamp = str(int(at if at is not None else time.time()))
    signature = hmac.new(secret.encode(), raw + timestamp.encode(), hashlib.sha256).hexdigest()
    return {
        "data": raw,
        "content_type": "application/json",
        "headers": {"X-Timestamp": timestamp, "X-Signature": signature},
    }


def received(event_id: str, phone: str, message: str) -> dict:
    return {
        "deviceId": "ffffffffceb0b1db0000018e937c815b",
        "event": "sms:received",
        "id": event_id,
        "payload": {
            "messageId": "abc123",
            "message": message,
            "phoneNumber": phone,
            "simNumber": 1,
            "receivedAt": "2026-12-07T15:46:11.000-05:00",
        },
        "webhookId": "hook-1",
    }


def wait_for(condition, *, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()
