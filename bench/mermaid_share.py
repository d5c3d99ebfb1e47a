#!/usr/bin/env python3
"""What share of real diagrams Playbook draws, per diagram type.

    python3 bench/mermaid_share.py BIN CORPUS.jsonl [CORPUS.jsonl...]

CORPUS is what bench/mermaid_corpus.py collects. Each diagram becomes a page of a
temporary site, built once with `BIN build --format json`; a diagram counts as drawn when
its page holds an SVG figure and the build gave no warning for it. Prints a line per type
and the total, slowest first pages aside.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile
import time


def main():
    binary, corpora = sys.argv[1], sys.argv[2:]
    records = [json.loads(line) for path in corpora for line in open(path)]
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(f"{root}/content")
        for i, r in enumerate(records):
            fence = "~~~~" if "```" in r["source"] else "```"
            with open(f"{root}/content/d{i:04}.md", "w") as page:
                page.write(f"# Diagram {i}\n\n{fence}mermaid\n{r['source']}{fence}\n")
        start = time.monotonic()
        run = subprocess.run([binary, "build", "--root", root, "--format", "json"],
                             capture_output=True, text=True)
        seconds = time.monotonic() - start
        warned = collections.Counter()
        for line in run.stdout.splitlines():
            d = json.loads(line)
            if "mermaid" in d.get("message", ""):
                warned[os.path.basename(d["path"])] += 1
        per = collections.defaultdict(lambda: [0, 0])
        for i, r in enumerate(records):
            html = open(f"{root}/output/d{i:04}/index.html").read()
            drawn = 'class="diagram"' in html and not warned[f"d{i:04}.md"]
            per[r["type"]][0] += drawn
            per[r["type"]][1] += 1
    for kind, (drawn, total) in sorted(per.items(), key=lambda kv: -kv[1][1]):
        print(f"{kind:20} {drawn:4}/{total:<4}")
    drawn = sum(v[0] for v in per.values())
    print(f"{'total':20} {drawn:4}/{len(records):<4} = {100 * drawn / len(records):.1f}%  "
          f"(build of {len(records)} pages: {seconds:.1f} s)")


if __name__ == "__main__":
    main()
