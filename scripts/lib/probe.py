#!/usr/bin/env python3
"""Health and chain probes for scripts/cluster.sh and scripts/demo.sh (standard library only).

  probe.py health URL [--cert C --key K --ca CA]   exit 0 when /actuator/health says UP
  probe.py unhealthy URL... [TLS options]          print the URLs whose health is not UP, one a line
  probe.py wait URL SECONDS [TLS options]          poll health until UP or the deadline
  probe.py tip URL                                 print "HEIGHT HASH" of a peer's chain
  probe.py ports PORT...                           print the ports a server could not bind on
                                                   127.0.0.1; exit 1 if there is any
"""
import argparse
import json
import socket
import ssl
import sys
import time
import urllib.error
import urllib.request


def context(args):
    if not args.ca and not args.cert:
        return None
    ctx = ssl.create_default_context(cafile=args.ca) if args.ca else ssl.create_default_context()
    if args.cert:
        ctx.load_cert_chain(args.cert, args.key)
    return ctx


def get_json(url, ctx=None, timeout=3.0):
    with urllib.request.urlopen(url, timeout=timeout, context=ctx) as answer:
        return json.loads(answer.read().decode("utf-8"))


def healthy(base, ctx):
    try:
        return get_json(base.rstrip("/") + "/actuator/health", ctx).get("status") == "UP"
    except (OSError, ValueError, urllib.error.URLError):
        return False


def block(base, index):
    """The block at index, or None past the end of the chain."""
    try:
        return get_json(f"{base.rstrip('/')}/api/v1/blocks/{index}")
    except urllib.error.HTTPError as e:
        if e.code in (400, 404):
            return None
        raise


def tip(base):
    """(height, hash of the last block): height is the index of the next block to commit.

    Exponential then binary search over GET /api/v1/blocks/{index}, so a long chain costs
    about 2 log2(height) requests rather than a full scan.
    """
    last = block(base, 0)
    if last is None:
        raise RuntimeError(f"{base} has no genesis block")
    low, high = 0, 1
    while True:
        found = block(base, high)
        if found is None:
            break
        low, last = high, found
        high *= 2
    while high - low > 1:
        middle = (low + high) // 2
        found = block(base, middle)
        if found is None:
            high = middle
        else:
            low, last = middle, found
    return low + 1, last.get("hash", "?")


def bindable(port):
    """True when a server could listen on 127.0.0.1:port now.

    With SO_REUSEADDR, as the JVM's server sockets have it on Linux and macOS: connections the
    last server on the port closed itself linger in TIME_WAIT for up to a minute, and they do not
    stop a new server from binding, so they must not stop this probe either. A socket that still
    listens on the port, or one bound to it without SO_REUSEADDR, does.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
        probe.listen(1)
        return True
    except OSError:
        return False
    finally:
        probe.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["health", "unhealthy", "wait", "tip", "ports"])
    parser.add_argument("url", help="a base URL; for ports, the first port")
    parser.add_argument("more", nargs="*", help="wait: the bound in seconds; unhealthy: more URLs; ports: more ports")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--ca")
    args = parser.parse_args()
    if args.command == "ports":
        try:
            ports = [int(port) for port in [args.url, *args.more]]
        except ValueError:
            parser.error("ports wants port numbers")
        busy = [port for port in ports if not bindable(port)]
        if busy:
            print(" ".join(str(port) for port in busy))
        return 1 if busy else 0
    ctx = context(args)
    if args.command == "unhealthy":
        for url in [args.url, *args.more]:
            if not healthy(url, ctx):
                print(url)
        return 0
    if args.command == "health":
        return 0 if healthy(args.url, ctx) else 1
    if args.command == "wait":
        if len(args.more) != 1:
            parser.error("wait wants URL SECONDS")
        deadline = time.monotonic() + float(args.more[0])
        while time.monotonic() < deadline:
            if healthy(args.url, ctx):
                return 0
            time.sleep(0.5)
        return 1
    try:
        height, last_hash = tip(args.url)
    except (OSError, ValueError, RuntimeError, urllib.error.URLError) as e:
        print(f"probe: {args.url}: {e}", file=sys.stderr)
        return 1
    print(height, last_hash)
    return 0


if __name__ == "__main__":
    sys.exit(main())
