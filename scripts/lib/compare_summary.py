#!/usr/bin/env python3
"""Summarises a scripts/compare-etcd.sh results directory: per run and medians, as a table and JSON.

usage: compare_summary.py RESULTS_DIR OUT.json
"""
import glob
import json
import os
import re
import statistics
import sys

PROGRESS = re.compile(r"\s(\d+)s\s+submitted \d+\s+committed (\d+)\s+failed (\d+)")
WRK_PERCENTILE = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*?timeout (\d+)")
WRK_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def etcd(run_dir):
    path = os.path.join(run_dir, "etcd", "rate.json")
    if not os.path.exists(path):
        return None
    samples = json.load(open(path))["samples"]
    # writes per second between consecutive samples, each about a second apart
    rates = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in zip(samples, samples[1:]) if b[0] > a[0]]
    first10 = next((s for s in samples if s[0] >= 10), None)
    p50s, p99s, errors, whole = [], [], 0, 0.0
    for wrk in sorted(glob.glob(os.path.join(run_dir, "etcd", "wrk-*.txt"))):
        text = open(wrk).read()
        for pct, value, unit in WRK_PERCENTILE.findall(text):
            (p50s if pct == "50" else p99s).append(float(value) * UNIT_MS[unit])
        whole += sum(float(r) for r in WRK_RATE.findall(text))
        for non2xx, timeouts in WRK_ERRORS.findall(text):
            errors += int(non2xx or 0) + int(timeouts or 0)
    return {
        "firstSecond": rates[0] if rates else None,
        "first10s": (first10[1] - samples[0][1]) / first10[0] if first10 else None,
        "whole": whole,  # the four wrk processes' completed puts per second, summed
        # four wrk processes: the median of their medians, the worst of their 99th percentiles
        "p50ms": statistics.median(p50s) if p50s else None,
        "p99ms": max(p99s) if p99s else None,
        "errors": errors,
    }


def qkdchain(run_dir, which):
    base = os.path.join(run_dir, "qkdchain", which)
    if not os.path.exists(base + ".json"):
        return None
    result = json.load(open(base + ".json"))
    committed_at = {}
    for second, committed, _ in PROGRESS.findall(open(base + ".txt").read()):
        committed_at.setdefault(int(second), int(committed))
    return {
        "firstSecond": committed_at.get(1),
        "first10s": committed_at[10] / 10 if 10 in committed_at else None,
        "whole": result["committedPerSecond"],
        "p50ms": result["latencyMs"]["p50"],
        "p99ms": result["latencyMs"]["p99"],
        "errors": result["failed"],
        "keyBitsPerTx": result.get("keyBitsPerTransaction"),
        "chainsIdentical": result["chains"]["identical"],
    }


def median_of(rows, key):
    values = [r[key] for r in rows if r and r.get(key) is not None]
    return statistics.median(values) if values else None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    results, out = sys.argv[1], sys.argv[2]
    runs = sorted(glob.glob(os.path.join(results, "run-*")), key=lambda p: int(p.rsplit("-", 1)[1]))
    table = {
        "etcd (4 members)": [etcd(r) for r in runs],
        "qkdchain cold (fresh cluster)": [qkdchain(r, "cold") for r in runs],
        "qkdchain warm (next run)": [qkdchain(r, "warm") for r in runs],
    }
    keys = ["firstSecond", "first10s", "whole", "p50ms", "p99ms", "errors"]
    summary = {}
    print(f"{'':32}" + "".join(f"{k:>13}" for k in keys) + "   (medians of %d runs)" % len(runs))
    for name, rows in table.items():
        if not any(rows):
            continue
        medians = {k: median_of(rows, k) for k in keys + ["keyBitsPerTx"]}
        summary[name] = {"runs": rows, "median": medians}
        cells = "".join(
            f"{'-' if medians[k] is None else format(medians[k], ',.0f' if k != 'p50ms' else ',.1f'):>13}"
            for k in keys)
        print(f"{name:32}{cells}")
    print("writes or transactions committed per second; latency in ms from submission to commit")
    with open(out, "w") as f:
        json.dump(summary, f, indent=2)
    print(f"written {out}")


if __name__ == "__main__":
    main()
