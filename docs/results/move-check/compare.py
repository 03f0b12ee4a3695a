#!/usr/bin/env python3
"""Compares the move check's outputs of two worktrees (pre/ and post/): exit codes, stdout tables, CSVs, JSON lines.
Numbers that depend on timing are masked, and only those: values followed by a time or rate unit, load averages,
CPU-time CSV columns, the health/status lines and latencies of JSON records, file creation times."""
import csv, difflib, io, json, os, re, sys, hashlib
pre, post = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])

TIMING_UNIT = re.compile(r'[-+]?\d[\d.,]*(e[-+]?\d+)?\s*(ms|s wall|s of Monte Carlo|s\b|GS/s|CPIs/s|MB/s|x VMP|cores?)\b')
LOAD = re.compile(r'(load average[^:\d]*:?\s*)[\d.]+')
BRACKET_MS = re.compile(r'\[[^\]]*\]')   # [min, max] / [p10 …, p90 …] after a timing figure

def mask_line(s, root):
    s = s.replace(root, '<DIR>')
    if re.search(r'\bms\b|per CPI|wall|CPU|cpu|latency|done in|GS/s|CPIs/s|throughput|cores|Monte Carlo|timed|time of', s):
        s = TIMING_UNIT.sub('<T>', s)
        s = BRACKET_MS.sub('[<T>]', s)
    s = LOAD.sub(r'\1<L>', s)
    s = TIMED_RATIO.sub(r'\1 <T>', s)
    s = SECONDS_PAREN.sub('(<T>)', s)
    return re.sub(r'\s+', ' ', s).strip()

def is_timing_col(name):
    n = name.lower()
    return n.startswith('cpu') or n.endswith('ms') or 'time' in n or n.endswith('seconds') or n in ('s',) or 'latency' in n

def mask_table_row(line, header):
    """Markdown table rows: mask the columns whose header names a time (s, ms, CPU)."""
    cells = line.split('|')
    for i, h in enumerate(header):
        hs = h.strip()
        if i < len(cells) and hs and (re.search(r'\b(CPU|wall|run time|ms)\b', hs) or hs == 's'):
            cells[i] = ' <T> '
    return '|'.join(cells)

LIVE_ROUND = re.compile(r'^(round \d+, \d worker|live, \d worker)')
STAGE_TIME = re.compile(r'^\s+(matched filter|VMP |filter \+ system|Alg\. 1|ML|grid)[^|]*\|')
CPU_PAREN = re.compile(r'\((thread CPU time|CPU)[^)]*\)')
RATIO = re.compile(r'^(ratio \(same round\)|plain copy|calibrate\+assemble)')
RUNTIME_ROW = re.compile(r'^\s+(MUSIC-PC|ML-PC|CODEBOOK-PC|DFT-PC|GEOMETRY-PC)\s+.*\)\s+\d+\s*$')   # run-time block: median, p10-p90
INGEST = re.compile(r'^CPIs published \d+, dropped \d+ \(checksum')   # a dead-code guard summed over a timed loop
TIMED_RATIO = re.compile(r'(median ratio linear/frozen|ratio uplink/downlink) [\d.]+')
SECONDS_PAREN = re.compile(r'\(\d+ s\)')

def mask_text(text, root):
    out, header, csvhead, prev = [], None, None, ''
    for line in text.split('\n'):
        line = line.replace(root, '<DIR>')
        if LIVE_ROUND.match(line) or STAGE_TIME.match(line) or RATIO.match(line) or RUNTIME_ROW.match(line) or INGEST.match(line):
            out.append(re.sub(r'\s+', ' ', re.sub(r'[-+]?\d[\d.]*', '<T>', line)).strip()); prev = line; continue
        line = CPU_PAREN.sub('(<T>)', line)
        if line.count(',') >= 5 and re.match(r'^[A-Za-z]', line):
            csvhead = line.split(',')
        elif csvhead and line.count(',') == len(csvhead) - 1 and re.match(r'^[-\d.]', line):
            line = ','.join('<T>' if is_timing_col(h) else c for h, c in zip(csvhead, line.split(',')))
        if line.startswith('|---'):
            header = prev.split('|')
        elif line.startswith('|') and header is not None:
            line = mask_table_row(line, header)
        out.append(mask_line(line, root))
        prev = line
    return out

def mask_csv(text):
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    # find the header row (first with a letter in every cell)
    out = []
    header = None
    for r in rows:
        if header is None and r and all(re.search(r'[A-Za-z]', c) for c in r):
            header = r
            out.append(','.join(r))
            continue
        if header and len(r) == len(header):
            r = ['<T>' if is_timing_col(h) else c for h, c in zip(header, r)]
        out.append(','.join(r))
    return out

def mask_jsonl(text, root):
    out = []
    for line in text.replace(root, '<DIR>').split('\n'):
        if not line.strip():
            continue
        r = json.loads(line)
        t = r.get('type')
        if t == 'health':
            continue          # elapsed time, latency percentiles: timing
        if t == 'start':
            r.pop('config', None)
        r.pop('latencyNanos', None)
        out.append(json.dumps(r, sort_keys=True))
    return out

def mask_json(text, root):
    d = json.loads(text.replace(root, '<DIR>'))
    for k in ('created', 'createdUtc', 'creationTime', 'date'):
        d.pop(k, None)
    s = json.dumps(d, sort_keys=True, indent=0)
    return s.split('\n')

def compare(a_lines, b_lines):
    return [l for l in difflib.unified_diff(a_lines, b_lines, 'pre', 'post', lineterm='', n=0)]

report = []
names = sorted(n[:-4] for n in os.listdir(pre) if n.endswith('.out'))
total_diff = 0
for n in names:
    ra = open(f'{pre}/{n}.rc').read().strip(); rb = open(f'{post}/{n}.rc').read().strip()
    a = mask_text(open(f'{pre}/{n}.out').read(), pre); b = mask_text(open(f'{post}/{n}.out').read(), post)
    d = compare(a, b)
    report.append(f'== {n}: exit {ra} / {rb}; stdout {len(a)} lines, ' + ('identical after masking' if not d else f'{len(d)} diff lines'))
    report += ['   ' + l for l in d[:60]]
    total_diff += len(d) + (ra != rb)
    odir_a, odir_b = f'{pre}/{n}', f'{post}/{n}'
    if os.path.isdir(odir_a):
        for f in sorted(os.listdir(odir_a)):
            pa, pb = f'{odir_a}/{f}', f'{odir_b}/{f}'
            if not os.path.exists(pb):
                report.append(f'   {f}: MISSING after the move'); total_diff += 1; continue
            if f.endswith('.csv'):
                d = compare(mask_csv(open(pa).read()), mask_csv(open(pb).read()))
                report.append(f'   {f}: ' + ('identical after masking timing columns' if not d else f'{len(d)} diff lines'))
                report += ['      ' + l for l in d[:30]]; total_diff += len(d)
            elif f.endswith('.png'):
                ha = hashlib.sha256(open(pa, 'rb').read()).hexdigest(); hb = hashlib.sha256(open(pb, 'rb').read()).hexdigest()
                report.append(f'   {f}: ' + ('byte-identical' if ha == hb else 'bytes differ (plots include run times or rendering details; data compared in the CSV)'))
for n, kind in (('replay.jsonl', 'jsonl'), ('cal-ref.json', 'json')):
    pa, pb = f'{pre}/{n}', f'{post}/{n}'
    a = mask_jsonl(open(pa).read(), pre) if kind == 'jsonl' else mask_json(open(pa).read(), pre)
    b = mask_jsonl(open(pb).read(), post) if kind == 'jsonl' else mask_json(open(pb).read(), post)
    d = compare(a, b)
    report.append(f'== {n}: {len(a)} records/lines, ' + ('identical after masking' if not d else f'{len(d)} diff lines'))
    report += ['   ' + l[:300] for l in d[:40]]; total_diff += len(d)
# the recorded IQ: every .sigmf-data byte for byte
ca, cb = f'{pre}/capture', f'{post}/capture'
datas = sorted(f for f in os.listdir(ca) if f.endswith('.sigmf-data'))
same = sum(open(f'{ca}/{f}', 'rb').read() == open(f'{cb}/{f}', 'rb').read() for f in datas)
report.append(f'== capture: {same} of {len(datas)} .sigmf-data files byte-identical')
total_diff += len(datas) - same
print('\n'.join(report))
print(f'\nTOTAL differing items: {total_diff}')
