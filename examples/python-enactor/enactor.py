#!/usr/bin/env python3
"""A DNS plan enactor that speaks the dnsplan conformance protocol (docs/protocol.md).

Standard library only. It keeps a plan store and DNS records in memory and breaks each
enactor's loop (pick the newest plan, write it to every endpoint, clean up old plans) into
atomic steps that the harness triggers one at a time.

By default it implements the fixed protocol: a write only moves a record forward (compare and
set), and clean-up spares every plan that a record points to or an enactor holds. With
--bug stale-write it behaves as the 2025 automation did: writes are blind and clean-up goes by
age alone, so a slow enactor can put a stale plan back and a fast one's clean-up can delete it.

    python3 enactor.py --port 8080
    npx dnsplan conform --target http://127.0.0.1:8080
"""

import argparse
import json
import re
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Refused(Exception):
    """A request the enactor cannot act on; it certainly did not take effect."""


MAX_REQUEST = 1 << 20
NAME = re.compile(r"^[a-z][a-z0-9-]{0,31}$")


def need(ok, message):
    if not ok:
        raise Refused(message)


# The largest generation the protocol carries (2^53 - 1, exact in every JSON parser).
MAX_GENERATION = 2 ** 53 - 1


def check_name(value, what):
    need(isinstance(value, str) and NAME.match(value), "%s must be a lowercase name like \"a\", got %s" % (what, json.dumps(value)))
    return value


def check_plan(plan, endpoints):
    need(isinstance(plan, dict), "plan must be an object")
    g = plan.get("generation")
    need(isinstance(g, int) and not isinstance(g, bool) and 1 <= g <= MAX_GENERATION,
         "plan.generation must be an integer from 1 to %d, got %s" % (MAX_GENERATION, json.dumps(g)))
    records = plan.get("records")
    need(isinstance(records, dict), "plan.records must be an object")
    for p in endpoints:
        addresses = records.get(p)
        need(isinstance(addresses, list) and addresses and all(isinstance(a, str) for a in addresses),
             "plan.records.%s must be a non-empty list of addresses" % p)
    return plan


def check_constants(c):
    need(isinstance(c, dict), "constants must be an object")
    for key in ("enactors", "endpoints"):
        names = c.get(key)
        need(isinstance(names, list) and names and all(isinstance(n, str) for n in names) and len(set(names)) == len(names),
             "constants.%s must be a non-empty list of distinct names" % key)
    for name in c["enactors"]:
        check_name(name, "constants.enactors[]")
    keep = c.get("keep")
    need(isinstance(keep, int) and not isinstance(keep, bool) and keep >= 1, "constants.keep must be an integer >= 1, got %s" % json.dumps(keep))
    need(isinstance(c.get("collector"), bool), "constants.collector must be true or false")
    return c


class System:
    """The plan store, the DNS records and the enactors of one run."""

    def __init__(self, cas, owned):
        self.cas = cas
        self.owned = owned
        self.constants = None

    def reset(self, request):
        need(request.get("protocol") == "dnsplan/1", "protocol must be \"dnsplan/1\", got %s" % json.dumps(request.get("protocol")))
        constants = check_constants(request.get("constants"))
        plan = check_plan(request.get("plan"), constants["endpoints"])
        # The run's plans start at firstGeneration (default 1): generations are compared as
        # numbers, never as text, since runs start at 9, 99, 2^31 - 2 and 2^53 - 8 too.
        first = request.get("firstGeneration", 1)
        need(isinstance(first, int) and not isinstance(first, bool) and 1 <= first <= MAX_GENERATION,
             "firstGeneration must be an integer from 1 to %d, got %s" % (MAX_GENERATION, json.dumps(first)))
        need(plan["generation"] == first, "the reset plan must be plan %d (the first generation), got plan %d" % (first, plan["generation"]))
        self.constants = constants
        self.plans = {plan["generation"]: plan}
        # endpoint -> generation of the plan the record belongs to; the addresses come from
        # that plan, so deleting the plan empties the record.
        self.records = {p: plan["generation"] for p in self.constants["endpoints"]}
        self.enactors = {e: {"pc": "idle", "held": None, "written": 0} for e in self.constants["enactors"]}
        return {"implementation": {"name": "python-enactor", "version": "1"}}

    def running(self):
        need(self.constants is not None, "there is no run: reset first")

    def enactor(self, name):
        self.running()
        check_name(name, "enactor")
        need(name in self.enactors, "unknown enactor %s; the enactors are %s" % (json.dumps(name), ", ".join(self.constants["enactors"])))
        return self.enactors[name]

    def plan(self, plan):
        self.running()
        check_plan(plan, self.constants["endpoints"])
        self.plans[plan["generation"]] = plan
        return {"event": {"kind": "plan", "generation": plan["generation"]}}

    def in_use(self):
        used = set(self.records.values())
        used.update(e["held"] for e in self.enactors.values() if e["pc"] != "idle")
        return used

    def delete_up_to(self, limit):
        doomed = sorted(g for g in self.plans if g <= limit)
        if self.owned:
            used = self.in_use()
            doomed = [g for g in doomed if g not in used]
        for g in doomed:
            del self.plans[g]
        return doomed

    def step(self, name):
        e = self.enactor(name)
        endpoints = self.constants["endpoints"]
        if e["pc"] == "idle":
            latest = max(self.plans) if self.plans else None
            if latest is None:
                return idle(name, "the plan store is empty")
            if any(g not in self.plans for g in self.records.values()):
                return idle(name, "a record's plan is missing, so generations cannot be compared")
            if all(g >= latest for g in self.records.values()):
                return idle(name, "every record is at the newest plan")
            e.update(pc="apply", held=latest, written=0)
            return {"event": {"kind": "pick", "enactor": name, "generation": latest}}
        if e["pc"] == "apply":
            p = endpoints[e["written"]]
            e["written"] += 1
            if e["written"] == len(endpoints):
                e["pc"] = "clean"
            held = e["held"]
            # "written" means the record changed: a write of the plan it already holds is "skipped".
            if self.records[p] == held or (self.cas and self.records[p] > held):
                outcome = "skipped"
            else:
                self.records[p] = held
                outcome = "written"
            return {"event": {"kind": "write", "enactor": name, "endpoint": p, "generation": held, "outcome": outcome}}
        deleted = self.delete_up_to(e["held"] - self.constants["keep"])
        e.update(pc="idle", held=None, written=0)
        return {"event": {"kind": "clean", "enactor": name, "deleted": deleted}}

    def collect(self):
        self.running()
        if not self.constants["collector"] or not self.plans:
            return {"event": {"kind": "collect", "deleted": []}}
        return {"event": {"kind": "collect", "deleted": self.delete_up_to(max(self.plans) - self.constants["keep"])}}

    def crash(self, name):
        e = self.enactor(name)
        e.update(pc="idle", held=None, written=0)
        return {"event": {"kind": "crash", "enactor": name}}

    def observe(self):
        self.running()
        records = {}
        for p, g in self.records.items():
            plan = self.plans.get(g)
            records[p] = list(plan["records"][p]) if plan else []
        return {"observation": {"plans": sorted(self.plans), "records": records}}


def idle(name, reason):
    return {"event": {"kind": "idle", "enactor": name, "reason": reason}}


def handler_for(system):
    # One request at a time: every step is atomic. Connections are served on threads of their
    # own only so that a kept-alive idle connection cannot block another client.
    lock = threading.Lock()
    routes = {
        "/v1/reset": lambda b: system.reset(b),
        "/v1/plan": lambda b: system.plan(b.get("plan")),
        "/v1/step": lambda b: system.step(b.get("enactor")),
        "/v1/collect": lambda b: system.collect(),
        "/v1/crash": lambda b: system.crash(b.get("enactor")),
        "/v1/observe": lambda b: system.observe(),
    }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            # The reply's header and body go out in two writes; without this, Nagle's
            # algorithm and delayed acknowledgements hold the body back some 40 ms.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, *args):
            pass

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            route = routes.get(self.path)
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_REQUEST:
                self.close_connection = True
                return self.reply(400, {"error": {"message": "the request needs a Content-Length of at most %d bytes" % MAX_REQUEST, "happened": "no"}})
            raw = self.rfile.read(length) if length else b"{}"
            if route is None:
                return self.reply(404, {"error": {"message": "no such endpoint: %s" % self.path, "happened": "no"}})
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                return self.reply(400, {"error": {"message": "the request body is not JSON", "happened": "no"}})
            if not isinstance(body, dict):
                return self.reply(400, {"error": {"message": "the request body must be a JSON object", "happened": "no"}})
            try:
                with lock:
                    result = route(body)
            except Refused as e:
                return self.reply(400, {"error": {"message": str(e), "happened": "no"}})
            except Exception as e:  # a bug of ours, possibly half-way through a step
                return self.reply(500, {"error": {"message": "internal error: %r" % e, "happened": "unknown"}})
            self.reply(200, {"result": result})

    return Handler


def main():
    parser = argparse.ArgumentParser(description="A dnsplan protocol enactor (standard library only).")
    parser.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--bug", choices=["stale-write"], help="plant the 2025 behaviour: blind writes, age-based clean-up")
    args = parser.parse_args()
    bug = args.bug == "stale-write"
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(System(cas=not bug, owned=not bug)))
    server.daemon_threads = True
    stop = lambda *_: threading.Thread(target=server.shutdown).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.1)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
