#!/usr/bin/env python3
"""Every nftb command line shown in README.md and docs/**/*.md, as argument lists (tab-separated), with its source."""
import re, shlex, sys, pathlib
root = pathlib.Path(sys.argv[1])
files = [root / 'README.md'] + sorted((root / 'docs').rglob('*.md'))
out = []
for f in files:
    text = f.read_text()
    # join shell continuation lines inside code blocks
    text = re.sub(r'\\\n\s*', ' ', text)
    cands = []
    in_code = False
    for ln, line in enumerate(text.split('\n'), 1):
        if line.startswith('```'):
            in_code = not in_code
            continue
        if in_code:
            m = re.search(r'(?:^|\s)(\./nftb\s.*)$', line)
            if m:
                cands.append((ln, m.group(1).split(' #')[0]))
        else:
            for m in re.finditer(r'`((?:nice -n 5 )?(?:NFTB_\w+=\S+ )?\./nftb [^`]*)`', line):
                cands.append((ln, m.group(1)))
    for ln, c in cands:
        c = re.sub(r'^nice -n 5 ', '', c.strip())
        c = re.sub(r'^NFTB_\w+=\S+ ', '', c)
        c = c.split(' | ')[0].strip()
        if '…' in c or '...' in c:
            continue  # elided examples ("./nftb calibrate ... --frequencies")
        try:
            args = shlex.split(c)
        except ValueError:
            continue
        if args[0] != './nftb':
            continue
        if ';' in args:
            args = args[:args.index(';')]
        args = [a[:-1] if a.endswith(';') and a.count('"') == 0 and ',' not in a else a for a in args]
        out.append((str(f.relative_to(root)), ln, args[1:]))
seen = set()
for f, ln, args in out:
    key = tuple(args)
    if key in seen:
        continue
    seen.add(key)
    print(f'{f}:{ln}\t' + '\t'.join(args))
