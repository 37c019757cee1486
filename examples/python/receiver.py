"""A webhook receiver on Python's standard library alone: http.server, hmac, hashlib, base64.

Run it with
    WEBHOOK_SECRET=whsec_... SCHEME=standard-webhooks python3 receiver.py   (PORT defaults to 4000)
It verifies the raw body before parsing it, for Standard Webhooks (webhook-*) or the legacy
X-Webhook-* headers (SCHEME=legacy).
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = os.environ["WEBHOOK_SECRET"]
SCHEME = os.environ.get("SCHEME", "standard-webhooks")
PORT = int(os.environ.get("PORT", "4000"))
HOST = os.environ.get("HOST", "127.0.0.1")
TOLERANCE_SECONDS = 5 * 60
LIMIT = 1024 * 1024

# Ids already handled. In production, a unique column in your database.
handled = set()


# Not authentic or not fresh: 401. Every other reason (a missing or malformed header, a body
# that is not JSON) is a malformed request: 400.
UNAUTHORIZED = {"no_matching_signature", "timestamp_too_old", "timestamp_too_new"}


class Rejected(Exception):
    """The request is not an authentic, fresh webhook; args[0] is the reason."""

    @property
    def status(self):
        return 401 if self.args[0] in UNAUTHORIZED else 400


def check_timestamp(value):
    if not (value.isascii() and value.isdigit() and len(value) <= 15):
        raise Rejected("invalid_timestamp")
    age = time.time() - int(value)
    if age > TOLERANCE_SECONDS:
        raise Rejected("timestamp_too_old")
    if age < -TOLERANCE_SECONDS:
        raise Rejected("timestamp_too_new")


def verify_standard(body, headers, secret):
    """Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body" with the decoded whsec_ key."""
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not (msg_id and timestamp and signatures):
        raise Rejected("missing_header")
    check_timestamp(timestamp)
    key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    for entry in signatures.split(" "):
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(signature.encode(), expected):
            return msg_id
    raise Rejected("no_matching_signature")


def verify_legacy(body, headers, secret):
    """Legacy: sha256=<hex HMAC-SHA256 of the body> with the secret's UTF-8 bytes as the key."""
    signature = headers.get("x-webhook-signature")
    if not signature:
        raise Rejected("missing_header")
    # Not signed in this scheme: it catches stale deliveries, not a determined replay.
    if headers.get("x-webhook-timestamp"):
        check_timestamp(headers["x-webhook-timestamp"])
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(signature.encode(), expected.encode()):
        raise Rejected("no_matching_signature")
    return None


class WebhookHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        if self.path != "/webhooks":
            return self.answer(404)
        length = int(self.headers.get("content-length") or 0)
        if length > LIMIT:
            return self.answer(413)
        body = self.rfile.read(length)  # the raw bytes: verify these, never a re-encoding
        try:
            verify = verify_legacy if SCHEME == "legacy" else verify_standard
            msg_id = verify(body, self.headers, SECRET)
            try:
                event = json.loads(body)
            except ValueError:
                raise Rejected("invalid_json")
        except Rejected as rejected:
            print(f"rejected {rejected.args[0]}")
            return self.answer(rejected.status, {"error": rejected.args[0]})
        if msg_id in handled:
            print(f"duplicate {msg_id}")
            return self.answer(204)
        print(f"accepted {msg_id or '-'} {event['event']} {event['data']['task_title']}")
        if msg_id:
            handled.add(msg_id)
        return self.answer(204)

    def answer(self, status, payload=None):
        content = json.dumps(payload).encode() if payload is not None else b""
        self.send_response(status)
        if content:
            self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format, *args):
        pass  # one line per webhook is printed above


if __name__ == "__main__":
    # Chinese titles print on any console, and each line shows up at once when piped.
    sys.stdout.reconfigure(encoding="utf-8", line_buffering=True)
    server = ThreadingHTTPServer((HOST, PORT), WebhookHandler)
    print(f"listening on http://{HOST}:{PORT}/webhooks ({SCHEME})")
    server.serve_forever()
