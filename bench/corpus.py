#!/usr/bin/env python3
"""Writes a deterministic synthetic knowledge base for benchmarks.

usage: corpus.py PAGES DIR [--code-languages]

It looks like a real one: ten sections with nested sub-sections, pages of 3-8 paragraphs
with headings, lists, tables and code, wiki links and markdown links between pages, 200+
glossary terms used in the prose, and a small tag vocabulary. The same PAGES always
gives the same files. Code blocks name no language, unless --code-languages is given:
then each names one of six in turn (the same blocks, so the two corpora differ only by
what highlighting costs).
"""
import itertools
import os
import random
import shutil
import sys

WORDS = """alliance partner value customer market strategy governance sponsor trust plan review
decision meeting risk outcome measure result growth revenue channel product service team
leader manager executive board quarter target goal metric scorecard process tool framework
contract agreement scope charter escalation issue conflict resolution culture behaviour habit
communication update report dashboard pipeline deal opportunity account region segment
capability skill practice method model program portfolio project initiative investment budget
resource cost benefit margin share offer solution platform integration roadmap release launch
campaign marketing sales support delivery operations finance legal procurement compliance
security data analysis insight forecast signal feedback survey interview workshop session
agenda minute action owner deadline milestone phase stage gate approval sign review cycle
renewal exit transition handover rotation succession coaching mentoring training learning
knowledge document template checklist guide playbook principle rule policy standard norm
relationship influence currency reciprocity commitment accountability transparency alignment
priority tradeoff choice option scenario assumption hypothesis experiment pilot test proof
evidence case example story lesson pattern anti pattern failure success health vitality
energy momentum friction barrier enabler driver lever catalyst orchestration evangelism
diplomacy empathy curiosity patience clarity focus discipline rigour pace rhythm cadence""".split()

TAGS = ["strategy", "governance", "trust", "measurement", "leadership", "sponsorship",
        "portfolio", "communication", "culture", "exit", "selection", "operations"]


def sentence(rng, terms, used):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if terms and rng.random() < 0.35:
        term = rng.choice(terms)
        used.add(term)
        words.insert(rng.randint(0, len(words)), term.lower())
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng, terms, used):
    return " ".join(sentence(rng, terms, used) for _ in range(rng.randint(3, 6)))


def main():
    pages, out = int(sys.argv[1]), sys.argv[2]
    languages = None
    if "--code-languages" in sys.argv[3:]:
        languages = itertools.cycle(["rust", "python", "js", "sh", "yaml", "toml"])
    rng = random.Random(pages)
    if os.path.exists(out):
        shutil.rmtree(out)
    content = os.path.join(out, "content")
    os.makedirs(os.path.join(content, "glossary"))
    # Terms: 200 two-word phrases, each defined once, then used in the prose.
    terms, seen = [], set()
    while len(terms) < 200:
        term = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
        if term not in seen and term.split()[0] != term.split()[1]:
            seen.add(term)
            terms.append(term.title())
    with open(os.path.join(out, "site.toml"), "w") as f:
        f.write('title = "Benchmark knowledge base"\n')
    with open(os.path.join(content, "_index.md"), "w") as f:
        f.write("---\ntitle: Benchmark knowledge base\n---\n\nA synthetic site.\n")
    with open(os.path.join(content, "glossary", "_index.md"), "w") as f:
        f.write("---\ntitle: Glossary\nglossary: true\n---\n")
    for n, term in enumerate(terms):
        with open(os.path.join(content, "glossary", f"term-{n:03}.md"), "w") as f:
            f.write(f'---\ntitle: "{term}"\ndescription: "What {term.lower()} means here."\n---\n\n'
                    f"{term} is one of the words of this knowledge base.\n")
    # Folders: ten sections with two sub-sections each; pages spread over all of them.
    folders = []
    for s in range(10):
        top = f"{s + 1:02}-section-{s}"
        folders.append(top)
        folders.extend(f"{top}/topic-{t}" for t in range(2))
    for folder in folders:
        os.makedirs(os.path.join(content, folder), exist_ok=True)
        name = folder.rsplit("/", 1)[-1]
        with open(os.path.join(content, folder, "_index.md"), "w") as f:
            f.write(f"---\ntitle: {name.replace('-', ' ').title()}\n---\n\nPages about {name}.\n")
    titles = [f"Page {n} on {rng.choice(WORDS)} {rng.choice(WORDS)}" for n in range(pages)]
    paths = [f"{folders[n % len(folders)]}/page-{n:05}.md" for n in range(pages)]
    used = set()
    for n in range(pages):
        body = []
        for k in range(rng.randint(3, 8)):
            if k:
                body.append(f"## {rng.choice(WORDS).title()} {rng.choice(WORDS)} {k}")
            body.append(paragraph(rng, terms, used))
            roll = rng.random()
            if roll < 0.2:
                body.append("\n".join(f"- {sentence(rng, terms, used)}" for _ in range(rng.randint(2, 5))))
            elif roll < 0.3:
                body.append("| Item | Owner | Due |\n|---|---|---|\n" + "\n".join(
                    f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} | Q{rng.randint(1, 4)} |" for _ in range(3)))
            elif roll < 0.35:
                lang = next(languages) if languages else ""
                body.append(f"```{lang}\n" + "\n".join(rng.choice(WORDS) for _ in range(4)) + "\n```")
        links = [f"[[{titles[rng.randrange(pages)]}]]" for _ in range(rng.randint(2, 4))]
        target = paths[rng.randrange(pages)]
        rel = os.path.relpath(target, os.path.dirname(paths[n]))
        body.append(f"See also {', '.join(links)} and [this page]({rel}).")
        tags = sorted(set(rng.sample(TAGS, rng.randint(1, 3))))
        with open(os.path.join(content, paths[n]), "w") as f:
            f.write(f'---\ntitle: "{titles[n]}"\ndescription: "{sentence(rng, [], set())}"\n'
                    f"tags: [{', '.join(tags)}]\n---\n\n" + "\n\n".join(body) + "\n")
    # Every term used at least once, so the build has no warnings.
    with open(os.path.join(content, "terms.md"), "w") as f:
        f.write("---\ntitle: All terms\n---\n\n" + ". ".join(t.lower() for t in terms) + ".\n")
    print(f"{pages} pages, {len(terms)} terms, {len(folders)} sections in {out}")


if __name__ == "__main__":
    main()
