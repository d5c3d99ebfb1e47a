#!/usr/bin/env python3
"""Collects the ```mermaid blocks of git repositories into a JSON-lines corpus.

    python3 bench/mermaid_corpus.py OUT.jsonl GIT_DIR...

Each GIT_DIR is a repository (a bare one will do); its HEAD's .md and .mdx files are read.
A block whose text was already seen (translations, copies) is kept once. Each line is
{"repo", "path", "line", "type", "source"}: the type is the diagram's first keyword
(after front matter, %% comments and %%{init}%% directives), `graph` counted as
`flowchart`. The corpus is the input of bench/mermaid_share.py.
"""
import json
import re
import subprocess
import sys

FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*mermaid\b.*$")


def blocks(text):
    """(line, source) of each mermaid fence in a markdown text."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence = len(m.group(1)), m.group(2)
        start, body = i + 1, []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][indent:] if lines[i][:indent].isspace() else lines[i])
            i += 1
        i += 1
        yield start, "\n".join(body) + "\n"


def kind(source):
    """The diagram's keyword, as mermaid detects it."""
    text = re.sub(r"^\s*---\n.*?\n---\s*\n", "", source, flags=re.S)
    for line in text.split("\n"):
        line = line.strip()
        if not line or line.startswith("%%"):
            continue
        word = re.split(r"[\s:;{]", line, maxsplit=1)[0]
        word = {"graph": "flowchart", "stateDiagram-v2": "stateDiagram"}.get(word, word)
        return word.removesuffix("-beta")
    return "empty"


def main():
    out, repos = sys.argv[1], sys.argv[2:]
    seen, kept = set(), 0
    with open(out, "w") as sink:
        for git_dir in repos:
            name = git_dir.rstrip("/").split("/")[-2].replace("+", "/")
            files = subprocess.run(
                ["git", "--git-dir", git_dir, "grep", "-l", "-z", "```mermaid", "HEAD", "--", "*.md", "*.mdx"],
                capture_output=True, text=True).stdout.split("\0")
            for entry in filter(None, files):
                path = entry.split(":", 1)[1]
                text = subprocess.run(["git", "--git-dir", git_dir, "show", entry],
                                      capture_output=True, text=True, errors="replace").stdout
                for line, source in blocks(text):
                    key = re.sub(r"\s+", " ", source).strip()
                    if not key or key in seen:
                        continue
                    seen.add(key)
                    kept += 1
                    record = {"repo": name, "path": path, "line": line, "type": kind(source), "source": source}
                    sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{kept} distinct diagrams", file=sys.stderr)


if __name__ == "__main__":
    main()
