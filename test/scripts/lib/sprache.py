#!/usr/bin/python3
"""test/scripts/lib/sprache.py — every message can reach its catalogue (run by sprache_katalog.sh).

Prints one line per check, "ok DESCRIPTION" or "not ok DESCRIPTION" followed by "#" lines naming
what is wrong; exit status 1 when a check failed.

  1. The module's messages are looked up in kaoa's domain.  ereport takes the gettext domain from
     the TEXTDOMAIN macro where it is called (PostgreSQL's elog.h sets it to NULL, PostgreSQL's own
     domain); src/base/kaoa.h sets it to PG_TEXTDOMAIN("kaoa").  For every file of the module the
     preprocessor is asked what TEXTDOMAIN is after the file's includes (cc -E -dM): a file that
     does not include kaoa.h would raise untranslatable errors.
  2. A text of kaoa's SQL (po/sql_texte.py: no-c-format, SQL's format() conversions) keeps every
     conversion of the English in its translation (%s, %I, %L, %%, %1$s), since msgfmt -c checks
     only C formats.
  3. The client prints no text of its own past gettext: a printf/fprintf/puts/fputs whose format
     is a string literal holding a word (letters outside % conversions) is reported; such a text
     goes through _() (or kaoa_meldung/kaoa_fatal/kaoa_usage_fehler, which translate their
     format).  Literals of layout only ("  %-8s", "\\n") pass.
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..'))
os.chdir(ROOT)
fehler = 0


def melde(ok, text, diag=()):
    global fehler
    print(('ok ' if ok else 'not ok ') + text)
    for d in diag:
        print('# ' + d)
    if not ok:
        fehler += 1


# -- 1. the domain of every module file
def pg_config(opt):
    return subprocess.run(['pg_config', opt], capture_output=True, text=True, check=True).stdout.strip()


cc = os.environ.get('CC', 'cc')
inc = ['-I', 'src', '-I', pg_config('--includedir-server')]
modul = ['src/module.c'] + sorted(f for a in ('base', 'types', 'kette', 'match', 'sbo')
                                  for f in glob.glob('src/%s/*.c' % a))
falsch = []
for f in modul:
    r = subprocess.run([cc, '-E', '-dM', '-D_GNU_SOURCE'] + inc + [f], capture_output=True, text=True)
    if r.returncode != 0:
        falsch.append('%s: the preprocessor failed: %s' % (f, r.stderr.strip().splitlines()[:1]))
        continue
    wert = [l for l in r.stdout.splitlines() if l.startswith('#define TEXTDOMAIN ')]
    wert = wert[-1][len('#define TEXTDOMAIN '):] if wert else '(undefined)'
    if wert.replace(' ', '') != 'PG_TEXTDOMAIN("kaoa")':
        falsch.append('%s: TEXTDOMAIN is %s (include "base/kaoa.h" first)' % (f, wert))
melde(not falsch, 'each of the %d files of the module reports in kaoa\'s domain (TEXTDOMAIN = '
      'PG_TEXTDOMAIN("kaoa"))' % len(modul), falsch)


# -- 2. SQL format() conversions of the SQL texts, English against German
def po_eintraege(pfad):
    """(flags, msgid, msgstr) of every entry of a .po file (singular entries)."""
    eintraege = []
    for block in open(pfad, encoding='utf-8').read().split('\n\n'):
        flags = ' '.join(l for l in block.splitlines() if l.startswith('#,'))
        felder = {}
        aktuell = None
        for l in block.splitlines():
            m = re.match(r'^(msgid|msgstr) "(.*)"$', l)
            if m:
                aktuell = m.group(1)
                felder[aktuell] = m.group(2)
            elif l.startswith('"') and aktuell:
                felder[aktuell] += l[1:-1]
        if felder.get('msgid'):
            eintraege.append((flags, felder['msgid'], felder.get('msgstr', '')))
    return eintraege


SQLFORMAT = re.compile(r'%(?:\d+\$)?-?\d*[sIL%]')
sql = [(i, t) for f, i, t in po_eintraege('po/de.po') if 'no-c-format' in f]
anders = ['"%s": %s, translated %s' % (i[:60], SQLFORMAT.findall(i), SQLFORMAT.findall(t))
          for i, t in sql if t and sorted(SQLFORMAT.findall(i)) != sorted(SQLFORMAT.findall(t))]
melde(not anders, 'the %d texts of kaoa\'s SQL keep their format() conversions in po/de.po' % len(sql), anders)


# -- 3. the client's own texts go through gettext
def ohne_kommentare(text):
    """The C text with comments blanked (newlines kept, so line numbers stay right)."""
    def leer(m):
        s = m.group(0)
        if s.startswith('/'):
            return re.sub(r'[^\n]', ' ', s)
        return s
    return re.sub(r'/\*.*?\*/|//[^\n]*|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', leer, text, flags=re.S)


KONVERSION = re.compile(r'%[-+ #0]*(\*|\d+)?(\.(\*|\d+))?(hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcspn%]')
AUFRUF = re.compile(r'\b(printf|puts|fputs|fprintf)\s*\(\s*(?:(?:stdout|stderr|f)\s*,\s*)?((?:"(?:[^"\\]|\\.)*"\s*)+)')
WORT = re.compile(r'[A-Za-zÄÖÜäöüß]{2,}')


def hat_wort(literale):
    s = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', literale))
    s = re.sub(r'\\033\[[0-9;]*[A-Za-z]', '', s)        # terminal escapes (\033[K)
    s = re.sub(r'\\[ntr"\\]', ' ', s)
    s = KONVERSION.sub(' ', s)
    return WORT.search(s)


offen = []
dateien = sorted(glob.glob('src/client/*.c') + glob.glob('src/client/core/*.c'))
for f in dateien:
    text = ohne_kommentare(open(f, encoding='utf-8').read())
    for m in AUFRUF.finditer(text):
        if hat_wort(m.group(2)):
            zeile = text.count('\n', 0, m.start()) + 1
            offen.append('%s:%d: %s(%s) prints a text past gettext: wrap it in _()'
                         % (f, zeile, m.group(1), m.group(2).strip()[:70]))
melde(not offen, 'the client\'s %d source files print no text of their own past gettext' % len(dateien), offen)

sys.exit(1 if fehler else 0)
