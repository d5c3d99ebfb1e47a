#!/usr/bin/env python3
"""Full-build figures of `playbook`: build (cold and warm) and check times, median of
RUNS runs, peak memory, and the average size of a generated page.

usage: build.py PLAYBOOK SITE_DIR [RUNS]

Writes into a tmpfs folder when /dev/shm exists, so the disk's mood does not decide the
figures; prints one line of results.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd, cwd, timeout=None):
    """Wall time in ms and peak resident memory in MB of one run of `cmd`."""
    started = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, capture_output=True, text=True,
                         timeout=timeout)
    took = (time.perf_counter() - started) * 1000
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stdout}{out.stderr}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1)) / 1024
    return took, peak


def main():
    binary, site = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    out = tempfile.mkdtemp(prefix="playbook-bench-", dir=base)
    target = os.path.join(out, "site")
    try:
        cold, peak = timed([binary, "build", "--output", target], site)
        warm = [timed([binary, "build", "--output", target], site) for _ in range(runs)]
        check = [timed([binary, "check"], site) for _ in range(runs)]
        pages = [os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(target)
                 for f in fs if f == "index.html"]
        peak = max([peak] + [p for _, p in warm])
        print(f"build cold {cold:.0f} ms; build warm median {statistics.median(t for t, _ in warm):.0f} ms; "
              f"check median {statistics.median(t for t, _ in check):.0f} ms; peak memory {peak:.0f} MB; "
              f"{len(pages)} pages averaging {sum(pages) / len(pages) / 1024:.1f} KB")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
