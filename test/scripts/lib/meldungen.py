#!/usr/bin/python3
"""test/scripts/lib/meldungen.py — every message of the server module can be translated (TAP).

kaoa's messages are translated with gettext, in a domain of kaoa's own: xgettext collects every
errmsg, errdetail and errhint (PostgreSQL's keyword list, read from the installed nls-global.mk)
and the format strings of kaoa's own message helpers (KAOA_TRIGGERS below).  That works only when
each message is a fixed text with parameters written where it is raised:

    errmsg("case %lld cannot go from %s to %s", (long long) fall_id, von, nach)      good
    errmsg("%s", meldung)                  a message xgettext cannot see               refused
    errmsg(meldung) / errmsg(cond ? "a" : "b") / errmsg("…" INT64_FORMAT "…")         refused

Checked over src/ (the client has its own messages and domain):
  1. the format argument of every call of a message keyword is one string literal (adjacent
     literals are one), nothing else: no variable, no macro, no conditional;
  2. the format is a text, not just conversions ("%s", "%s: %s");
  3. xgettext with these keywords extracts every one of them (a literal the checker found that is
     missing from the extracted catalogue fails, e.g. when a macro hides the call).
Run: test/scripts/lib/meldungen.py [SRC-DIR]; prints TAP.  With --zaehlen it prints only the number
of calls that are not fixed texts (for a before/after figure) and exits 0.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..'))
ZAEHLEN = '--zaehlen' in sys.argv
args = [a for a in sys.argv[1:] if not a.startswith('--')]
SRC = args[0] if args else os.path.join(ROOT, 'src')

# kaoa's own message helpers: name -> positions (1-based) of format arguments
KAOA_TRIGGERS = {'kaoa_fail': [2]}


def pg_triggers():
    """PostgreSQL's BACKEND_COMMON_GETTEXT_TRIGGERS (name -> format positions)."""
    try:
        pgxs = subprocess.run(['pg_config', '--pgxs'], capture_output=True, text=True).stdout.strip()
        mk = open(os.path.join(os.path.dirname(pgxs), '..', 'nls-global.mk')).read()
    except OSError:
        mk = ''
    m = re.search(r'^BACKEND_COMMON_GETTEXT_TRIGGERS\s*=((?:.*\\\n)*.*)$', mk, re.M)
    woerter = m.group(1).replace('\\\n', ' ').split() if m else []
    if not woerter:         # the list of PostgreSQL 15, if the file is not there
        woerter = ('errmsg errmsg_plural:1,2 errdetail errdetail_log errdetail_plural:1,2 errhint '
                   'errhint_plural:1,2 errcontext').split()
    trig = {}
    for w in woerter:
        if w.startswith('$('):
            continue
        name, _, pos = w.partition(':')
        trig[name] = [int(p) for p in pos.split(',')] if pos else [1]
    return trig


TRIGGERS = dict(pg_triggers())
TRIGGERS.update(KAOA_TRIGGERS)

TOKEN = re.compile(r'''
    (?P<kommentar>/\*.*?\*/|//[^\n]*)
  | (?P<literal>"(?:\\.|[^"\\\n])*")
  | (?P<zeichen>'(?:\\.|[^'\\\n])+')
  | (?P<wort>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<nl>\n)
  | (?P<anderes>\S)
''', re.S | re.X)


def tokens(text):
    zeile = 1
    for m in TOKEN.finditer(text):
        art = m.lastgroup
        if art == 'nl':
            zeile += 1
            continue
        wert = m.group()
        if art == 'kommentar':
            zeile += wert.count('\n')
            continue
        yield art, wert, zeile


def literal_text(toks):
    """The C string of adjacent literal tokens, or None when the argument is anything else."""
    if not toks or any(a != 'literal' for a, _, _ in toks):
        return None
    return ''.join(bytes(w[1:-1], 'utf-8').decode('unicode_escape', errors='replace') for _, w, _ in toks)


def aufrufe(pfad):
    """(line, keyword, position, argument tokens) for every format argument of a keyword call."""
    toks = [t for t in tokens(open(pfad, encoding='utf-8').read())]
    i = 0
    while i < len(toks):
        art, wert, zeile = toks[i]
        if art == 'wort' and wert in TRIGGERS and i + 1 < len(toks) and toks[i + 1][1] == '(' \
                and not (i > 0 and toks[i - 1][1] in ('void', 'int', 'bool', '*')):
            # split the arguments at top-level commas
            tiefe, j, argumente, aktuell = 0, i + 2, [], []
            while j < len(toks):
                a, w, _ = toks[j]
                if w in '([{':
                    tiefe += 1
                elif w in ')]}':
                    if tiefe == 0:
                        break
                    tiefe -= 1
                if w == ',' and tiefe == 0:
                    argumente.append(aktuell)
                    aktuell = []
                else:
                    aktuell.append(toks[j])
                j += 1
            argumente.append(aktuell)
            # a declaration or definition (the parameter list has types) is not a call
            if not (argumente and argumente[0] and argumente[0][0][1] in ('const', 'char', 'int')):
                for pos in TRIGGERS[wert]:
                    if pos <= len(argumente):
                        yield zeile, wert, pos, argumente[pos - 1]
            i = j
        i += 1


def nur_konversionen(text):
    rest = re.sub(r'%[-+ #0]*[0-9*]*(?:\.[0-9*]+)?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcspm%]', '', text)
    return not re.search(r'[A-Za-z]', rest)


dateien = sorted(p for p in glob.glob(os.path.join(SRC, '**', '*.[ch]'), recursive=True)
                 if os.sep + 'client' + os.sep not in p)
fehler, gefunden = [], {}
for pfad in dateien:
    rel = os.path.relpath(pfad, ROOT)
    for zeile, wort, pos, arg in aufrufe(pfad):
        text = literal_text(arg)
        wo = '%s:%d %s' % (rel, zeile, wort)
        if text is None:
            fehler.append('%s: the message is not a string literal: %s' % (wo, ' '.join(w for _, w, _ in arg)[:120]))
        elif nur_konversionen(text):
            fehler.append('%s: the message "%s" is only conversions, not a text with parameters' % (wo, text))
        else:
            gefunden.setdefault(text, wo)

if ZAEHLEN:
    print(len(fehler))
    sys.exit(0)

n = 0
schlecht = 0


def ok(bedingung, beschreibung, diag=()):
    global n, schlecht
    n += 1
    schlecht += 0 if bedingung else 1
    print(('ok' if bedingung else 'not ok'), n, '-', beschreibung)
    for d in list(diag)[:40]:
        print('#  ', d)
    return bedingung


ok(len(dateien) > 0 and len(gefunden) > 0, 'messages found in %d files of src/ (%d distinct fixed texts)' % (len(dateien), len(gefunden)))
ok(not fehler, 'every errmsg/errdetail/errhint (and kaoa_fail) is a fixed text with parameters (%d not)' % len(fehler), fehler)

# xgettext with the same keywords finds every one of them
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'kaoa.pot')
    cmd = ['xgettext', '-o', pot, '--language=C', '--from-code=UTF-8', '--no-wrap']
    for name, pos in TRIGGERS.items():
        cmd.append('--keyword=%s:%s' % (name, ','.join(map(str, pos))) if pos != [1] else '--keyword=%s' % name)
    r = subprocess.run(cmd + dateien, capture_output=True, text=True)
    if r.returncode != 0:
        ok(False, 'xgettext runs over src/', r.stderr.splitlines())
    else:
        inhalt = open(pot, encoding='utf-8').read() if os.path.exists(pot) else ''
        ids = set()
        # the plural form of errmsg_plural & co. is the entry's msgid_plural
        for m in re.finditer(r'^msgid(?:_plural)? ((?:".*"\n)+)', inhalt, re.M):
            teile = re.findall(r'"((?:\\.|[^"\\])*)"', m.group(1))
            ids.add(bytes(''.join(teile), 'utf-8').decode('unicode_escape', errors='replace'))
        fehlt = ['%s: "%s"' % (wo, t) for t, wo in sorted(gefunden.items(), key=lambda x: x[1]) if t not in ids]
        ok(not fehlt, 'xgettext with PostgreSQL\'s keywords extracts every message (%d of %d)'
           % (len(gefunden) - len(fehlt), len(gefunden)), fehlt)
print('1..%d' % n)
sys.exit(1 if schlecht else 0)
