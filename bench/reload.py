#!/usr/bin/env python3
"""Edit-to-reload of `playbook serve`: the time from saving a page to the reload signal
arriving and the new text being served, and the server's peak memory.

usage: reload.py PLAYBOOK SITE_DIR [EDITS]

Starts `PLAYBOOK serve --port 0` on SITE_DIR (loopback only), listens to its reload
stream, appends a sentence to one page EDITS times (default 15), and prints the median
and worst times and the peak resident memory (VmHWM). Stops the server at the end.
"""
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request


def main():
    binary, site = os.path.abspath(sys.argv[1]), sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    server = subprocess.Popen([binary, "serve", "--port", "0"], cwd=site,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        started = time.time()
        line = server.stdout.readline()
        match = re.search(r"at http://([\d.]+):(\d+)/", line)
        if not match:
            sys.exit(f"serve did not start: {line!r}")
        host, port = match.group(1), int(match.group(2))
        startup = time.time() - started
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        stream = socket.create_connection((host, port), timeout=30)
        stream.sendall(b"GET /__playbook/events HTTP/1.1\r\nHost: x\r\n\r\n")
        reader = stream.makefile("rb")
        events = []
        signal = threading.Event()

        def listen():
            for raw in reader:
                if raw.startswith(b"event: reload"):
                    events.append(time.perf_counter())
                    signal.set()
        threading.Thread(target=listen, daemon=True).start()
        time.sleep(0.3)
        pages = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(site, "content"))
                       for f in fs if f.startswith("page-"))
        page = pages[len(pages) // 2]
        rel = os.path.relpath(page, os.path.join(site, "content"))
        folder, name = os.path.split(rel)
        url = f"http://{host}:{port}/" + "/".join(
            re.sub(r"^\d+-", "", part) for part in folder.split(os.sep)) + "/" + name[:-3] + "/"
        times = []
        for n in range(edits):
            marker = f"Edited sentence number {n} for the benchmark."
            signal.clear()
            begin = time.perf_counter()
            with open(page, "a") as f:
                f.write(f"\n{marker}\n")
            if not signal.wait(10):
                sys.exit("no reload signal within 10 s")
            while marker not in urllib.request.urlopen(url, timeout=10).read().decode():
                if time.perf_counter() - begin > 10:
                    sys.exit("the new text was not served within 10 s")
            times.append((time.perf_counter() - begin) * 1000)
            time.sleep(0.15)
        with open(f"/proc/{server.pid}/status") as f:
            peak = int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)) / 1024
        print(f"startup {startup * 1000:.0f} ms; edit-to-reload over {edits} edits: "
              f"median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms; "
              f"peak memory {peak:.0f} MB")
    finally:
        server.terminate()
        server.wait(5)


if __name__ == "__main__":
    main()
