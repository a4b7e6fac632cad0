#!/usr/bin/env python3
"""CPU used by every Java process on this machine over SECONDS, per process and per thread group.

Reads utime + stime of every thread from /proc before and after, names each process by what its
command line runs (peer-N, qkd-simulator, bench) and each thread by its name without the
trailing number (a Tomcat worker "http-nio-127.0.0.1-8081-exec-12" counts as "http"), and prints
cores used: one line per process, its largest thread groups first (docs/performance.md, eleventh
session). usage: benchmarks/cpu/threads.py SECONDS
"""
import collections
import os
import re
import sys
import time


def snapshot():
    threads = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmd = open(f"/proc/{pid}/cmdline").read().replace("\0", " ")
            if "java" not in cmd.split(" ")[0]:
                continue
            found = re.search(r"peer-\d+|qkd-simulator|bench", cmd)
            process = found.group(0) if found else pid
            for tid in os.listdir(f"/proc/{pid}/task"):
                stat = open(f"/proc/{pid}/task/{tid}/stat").read()
                name = stat[stat.index("(") + 1 : stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2 :].split()
                group = re.sub(r"[-#0-9 ].*$", "", name) or name
                threads[(pid, tid)] = (process, group, int(fields[11]) + int(fields[12]))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass  # a thread or process that ended meanwhile
    return threads


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: threads.py SECONDS")
    seconds = float(sys.argv[1])
    before = snapshot()
    time.sleep(seconds)
    after = snapshot()
    ticks = os.sysconf("SC_CLK_TCK") * seconds
    per_process = collections.Counter()
    per_group = collections.defaultdict(collections.Counter)
    for key, (process, group, used) in after.items():
        delta = used - (before[key][2] if key in before else 0)
        per_process[process] += delta
        per_group[process][group] += delta
    for process, used in sorted(per_process.items()):
        groups = ", ".join(f"{g}:{u / ticks:.3f}" for g, u in per_group[process].most_common(8))
        print(f"{process:14s} {used / ticks:5.2f} cores  {groups}")
    print(f"total {sum(per_process.values()) / ticks:.2f} cores")


if __name__ == "__main__":
    main()
