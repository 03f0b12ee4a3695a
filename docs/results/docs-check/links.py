#!/usr/bin/env python3
"""Checks every relative Markdown link (file and #anchor) in README.md and docs/**/*.md."""
import re, sys, pathlib
root = pathlib.Path(sys.argv[1])
def slug(h):
    h = h.strip().lower()
    h = re.sub(r'[^\w\- ]', '', h)
    return h.replace(' ', '-')
def anchors(p):
    out = set(); code = False
    for l in p.read_text().split('\n'):
        if l.startswith('```'): code = not code
        if not code and l.startswith('#'):
            out.add(slug(l.lstrip('#')))
    return out
bad = 0
for f in [root / 'README.md'] + sorted((root / 'docs').rglob('*.md')):
    text = f.read_text()
    text = re.sub(r'```.*?```', '', text, flags=re.S)
    for m in re.finditer(r'\]\(([^)\s]+)\)', text):
        t = m.group(1)
        if t.startswith('http'): continue
        path, _, anc = t.partition('#')
        target = (f.parent / path).resolve() if path else f
        if not target.exists():
            print(f'{f.relative_to(root)}: missing {t}'); bad += 1; continue
        if anc and target.suffix == '.md' and anc not in anchors(target):
            print(f'{f.relative_to(root)}: no anchor #{anc} in {path or f.name}'); bad += 1
print(bad, 'bad links')
