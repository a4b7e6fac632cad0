#!/usr/bin/env python3
"""Link-auth key cost per committed block: clients submit with ?wait=true for a while, then the
inbound link-auth counters of every peer (requests verified, key bits drawn) are summed and
divided by the blocks committed in between. usage: scripts/link-auth-cost.py BASE_PORT SECONDS CLIENTS (a 4-peer cluster.sh cluster)"""
import json, re, sys, threading, time, urllib.request

base, seconds, clients = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
peers = [f"http://127.0.0.1:{base + i}" for i in range(1, 5)]

def metrics():
    req = bits = 0.0
    for p in peers:
        text = urllib.request.urlopen(p + "/actuator/prometheus", timeout=10).read().decode()
        for line in text.splitlines():
            if 'direction="inbound"' not in line:
                continue
            m = re.match(r'(qkdchain_link_auth_(requests|key_bits)_total)\{[^}]*\} ([0-9.eE+]+)', line)
            if m:
                if m.group(2) == "requests":
                    req += float(m.group(3))
                else:
                    bits += float(m.group(3))
    return req, bits

def height():
    return json.load(urllib.request.urlopen(peers[0] + "/api/v1/chain/verify", timeout=10))["height"]

def blocks_count():
    # highest block index on peer-1 through GET /api/v1/blocks/{index} probing upward
    n = 0
    step = 64
    while True:
        try:
            urllib.request.urlopen(f"{peers[0]}/api/v1/blocks/{n + step}", timeout=10).read()
            n += step
        except urllib.error.HTTPError:
            if step == 1:
                return n
            step //= 2

import urllib.error
r0, b0 = metrics(); h0 = blocks_count()
stop = time.time() + seconds
done = [0]; failed = [0]; pending = [0]
def client(k):
    i = 0
    while time.time() < stop:
        body = json.dumps({"data": f"measure-{k}-{i}"}).encode()
        rq = urllib.request.Request(peers[k % 4] + "/api/v1/transactions?wait=true", data=body,
                                    headers={"Content-Type": "application/json"})
        try:
            ans = json.load(urllib.request.urlopen(rq, timeout=30))
            if ans.get("status") == "COMMITTED": done[0] += 1
            else: pending[0] += 1
        except Exception:
            failed[0] += 1
        i += 1
ts = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
t0 = time.time()
for t in ts: t.start()
for t in ts: t.join()
el = time.time() - t0
time.sleep(2)
r1, b1 = metrics(); h1 = blocks_count()
blocks = h1 - h0
print(f"{el:.0f} s, {done[0]} committed, {pending[0]} pending, {failed[0]} failed, blocks {blocks} ({blocks/el:.2f}/s)")
if blocks:
    print(f"inbound requests per block per direction: {(r1-r0)/blocks/12:.2f}")
    print(f"auth key bits per block: {(b1-b0)/blocks:.0f} all 12 directions, {(b1-b0)/blocks/12:.0f} per direction")
