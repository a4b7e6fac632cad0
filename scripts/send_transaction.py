#!/usr/bin/env python3
"""Send transactions to qkdchain peers and report each one's outcome and latency.

Standard library only. Examples:
  scripts/send_transaction.py --data "hello" --wait
  scripts/send_transaction.py --count 100 --concurrency 8 --size 128 --wait
  scripts/send_transaction.py --peer http://127.0.0.1:8082,http://127.0.0.1:8083 --count 10
  scripts/send_transaction.py --legacy --data "as the original client sent it"

Each transaction prints one line: number, id, HTTP status, block index (when known) and the
client-observed latency in ms. With --wait the latency runs until the transaction is committed.
The exit status is 0 only when every transaction was accepted (and, with --wait, committed).
"""
import argparse
import concurrent.futures
import json
import os
import secrets
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

API = "/api/v1/transactions"
LEGACY = "/receive-transaction"


class Outcome:
    def __init__(self, number, peer):
        self.number = number
        self.peer = peer
        self.status = None
        self.tx_id = None
        self.block = None
        self.latency_ms = None
        self.error = None

    @property
    def ok(self):
        return self.error is None


def request(method, url, body=None, timeout=30.0):
    """(HTTP status, parsed JSON or text) of one call; HTTP errors are answers, not exceptions."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    headers = {"Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:
            return answer.status, parse(answer.read())
    except urllib.error.HTTPError as e:
        return e.code, parse(e.read())


def parse(raw):
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def field(answer, *names):
    if isinstance(answer, dict):
        for name in names:
            if answer.get(name) is not None:
                return answer[name]
    return None


def committed_block(answer):
    """The block index of a committed transaction's answer, or None while it is pending."""
    index = field(answer, "blockIndex", "block_index")
    if index is None and isinstance(field(answer, "block"), dict):
        index = field(answer["block"], "index")
    return index


def wait_for_commit(peer, tx_id, deadline, timeout):
    url = f"{peer}{API}/{urllib.parse.quote(str(tx_id), safe='')}"
    pause = 0.005
    while time.monotonic() < deadline:
        status, answer = request("GET", url, timeout=timeout)
        if status == 200:
            index = committed_block(answer)
            if index is not None:
                return index
        elif status != 404:
            raise RuntimeError(f"GET {url} answered {status}: {answer}")
        time.sleep(pause)
        pause = min(pause * 2, 0.2)
    raise TimeoutError(f"transaction {tx_id} not committed within the timeout")


def send(number, peer, payload, args):
    outcome = Outcome(number, peer)
    started = time.monotonic()
    deadline = started + args.timeout
    try:
        if args.legacy:
            status, answer = request("POST", peer + LEGACY, {"transaction": payload}, args.timeout)
        else:
            url = peer + API + ("?wait=true" if args.wait else "")
            status, answer = request("POST", url, {"data": payload}, args.timeout)
        outcome.status = status
        outcome.tx_id = field(answer, "id", "transactionId", "txId")
        outcome.block = committed_block(answer)
        if status >= 300:
            message = field(answer, "error", "message") or answer
            raise RuntimeError(f"HTTP {status}: {message}")
        if args.wait and outcome.block is None:
            if outcome.tx_id is None:
                raise RuntimeError(f"the answer names no transaction id to wait for: {answer}")
            outcome.block = wait_for_commit(peer, outcome.tx_id, deadline, args.timeout)
    except (OSError, RuntimeError, TimeoutError, urllib.error.URLError) as e:
        outcome.error = str(e)
    outcome.latency_ms = (time.monotonic() - started) * 1000.0
    return outcome


def payload_for(number, args):
    if args.data is not None:
        return args.data
    if args.file is not None:
        return args.file_text
    # Unique per transaction so identical payloads never meet, padded to exactly --size bytes.
    head = f"tx-{number}-{secrets.token_hex(4)}-"
    if len(head) >= args.size:
        return head[: args.size]
    return head + "x" * (args.size - len(head))


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, int(round(fraction * len(sorted_values) + 0.5)) - 1))
    return sorted_values[rank]


def report(outcome, quiet, lock):
    if quiet and outcome.ok:
        return
    block = "-" if outcome.block is None else outcome.block
    line = (
        f"#{outcome.number:<5} id={outcome.tx_id or '-'} status={outcome.status or '-'} "
        f"block={block} latency_ms={outcome.latency_ms:.1f}"
    )
    if not outcome.ok:
        line += f" ERROR {outcome.error}"
    with lock:
        print(line, flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--peer",
        default="http://127.0.0.1:8081",
        help="peer base URL, or several separated by commas (used in turn); default %(default)s",
    )
    parser.add_argument("--count", type=int, default=1, help="transactions to send (default 1)")
    parser.add_argument("--concurrency", type=int, default=1, help="in flight at once (default 1)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--data", help="the transaction text")
    what.add_argument("--file", help="send this file's text (UTF-8) as the transaction")
    what.add_argument("--size", type=int, default=128, help="generated text of this many bytes")
    parser.add_argument("--wait", action="store_true", help="wait until each one is committed")
    parser.add_argument(
        "--legacy",
        action="store_true",
        help='the original client call: POST /receive-transaction {"transaction": ...}',
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per transaction")
    parser.add_argument("--quiet", action="store_true", help="print only failures and the summary")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    if args.size < 1:
        parser.error("--size must be at least 1")
    args.peers = [p.strip().rstrip("/") for p in args.peer.split(",") if p.strip()]
    if not args.peers:
        parser.error("--peer names no URL")
    for peer in args.peers:
        if not peer.startswith(("http://", "https://")):
            parser.error(f"--peer {peer}: expected a URL like http://127.0.0.1:8081")
    if args.file is not None:
        if not os.path.isfile(args.file):
            parser.error(f"--file {args.file}: no such file")
        with open(args.file, encoding="utf-8") as f:
            args.file_text = f.read()
    return args


def main(argv=None):
    args = parse_args(argv)
    lock = threading.Lock()
    outcomes = []
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        futures = [
            pool.submit(send, n, args.peers[(n - 1) % len(args.peers)], payload_for(n, args), args)
            for n in range(1, args.count + 1)
        ]
        for future in concurrent.futures.as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            report(outcome, args.quiet, lock)
    elapsed = time.monotonic() - started
    failed = [o for o in outcomes if not o.ok]
    if args.count > 1:
        latencies = sorted(o.latency_ms for o in outcomes if o.ok)
        mean = statistics.fmean(latencies) if latencies else float("nan")
        print(
            f"sent {args.count}, ok {len(latencies)}, failed {len(failed)} in {elapsed:.2f} s "
            f"({len(latencies) / elapsed:.1f} tx/s); latency ms mean {mean:.1f} "
            f"p50 {percentile(latencies, 0.50):.1f} p95 {percentile(latencies, 0.95):.1f} "
            f"p99 {percentile(latencies, 0.99):.1f} max {latencies[-1] if latencies else float('nan'):.1f}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
