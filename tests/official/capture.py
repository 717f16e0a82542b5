"""Records the form bodies twilio-python sends for Create Session calls, for tests/tests/official.rs.

Run with the pinned library (see README.md in this directory):

    python3 -m venv /tmp/twilio-python && /tmp/twilio-python/bin/pip install twilio==9.13.0
    /tmp/twilio-python/bin/python tests/official/capture.py > tests/official/create_session.txt

Each call goes to a loopback HTTP server that records the raw request body; the output has one
`name<TAB>body` line per call, the body exactly as it crossed the socket.
"""

import http.server
import sys
import threading

from twilio.rest import Client

BODIES = []


class Recorder(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers["Content-Length"])
        BODIES.append(self.rfile.read(length).decode("ascii"))
        answer = b'{"sid": "KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}'
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


CALLS = [
    (
        "object_with_extra_members",
        [
            {
                "Identifier": "+15558675310",
                "FriendlyName": "Zo\u00eb \u2713",
                "Extra": {"a": [1, True, None]},
            }
        ],
    ),
    (
        "json_text_and_a_bare_number",
        ['{"Identifier":"+15558675310"}', "+15558675311"],
    ),
    (
        "escapes_and_numbers",
        [
            {
                "Identifier": "+15558675310",
                "Quote": "say \"hi\"\\ / \u0007\t\n\x7f \U0001f600",
                "Numbers": [0, -7, 1.5, 1e-05, 0.0001, 1e16, 123456789012345678, 2.5e-300, -0.0],
                "Nested": {"b": [], "c": {}},
            }
        ],
    ),
    ("bare_scalars", ["+15558675310", 5, True, None, 2.5, 1e-05]),
]


def main():
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = Client("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "token")
    client.proxy.base_url = "http://127.0.0.1:%d" % server.server_address[1]
    service = client.proxy.v1.services("KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    for name, participants in CALLS:
        service.sessions.create(participants=participants)
        sys.stdout.write("%s\t%s\n" % (name, BODIES[-1]))
    server.shutdown()


main()
