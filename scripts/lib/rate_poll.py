#!/usr/bin/env python3
"""Polls an etcd cluster's revision once a second and writes each sample's time and revision.

usage: rate_poll.py URL SECONDS OUT.json

OUT.json.ready appears once the first sample is taken: start the load then.

Every put raises the revision by one, so the revision's rise between two samples is the writes the
cluster committed between them, whoever sent them. A sample that does not answer within 5 s
(under load) is skipped; the next one covers its time. Stops by itself after SECONDS.
"""
import json
import sys
import time
import urllib.request


def revision(url):
    request = urllib.request.Request(
        url + "/v3/maintenance/status", data=b"{}", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        return int(json.load(answer)["header"]["revision"])


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip())
    url, seconds, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    start = time.monotonic()
    samples = [[0.0, revision(url)]]
    open(out + ".ready", "w").close()
    for tick in range(1, seconds + 1):
        time.sleep(max(0.0, start + tick - time.monotonic()))
        try:
            now = revision(url)
        except OSError as error:
            print(f"rate_poll: second {tick}: {error}", file=sys.stderr)
            continue
        samples.append([round(time.monotonic() - start, 3), now])
    with open(out, "w") as f:
        json.dump({"samples": samples}, f)

if __name__ == "__main__":
    main()
