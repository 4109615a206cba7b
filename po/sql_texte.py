#!/usr/bin/python3
"""po/sql_texte.py FILE... — the message texts of kaoa's SQL as a gettext template (on stdout).

kaoa's SQL raises a few refusals itself (the import's, in PL/pgSQL); their texts are written
kaoa.meldung('…') (src/base/fehler.c translates them in kaoa's catalogue), and a text kept as data
that is raised elsewhere is marked with the comment /* _ */ right before its literal.  xgettext
does not read SQL, so this collects both kinds into the server's template (Makefile, po/kaoa.pot).
Their format is that of SQL's format() (%s, %I, %L, %%), not C's: the entries carry no-c-format,
and test/scripts/lib/sprache.py checks that a translation keeps the same conversions.
"""
import re
import sys

LITERAL = r"'((?:[^']|'')*)'"
MUSTER = re.compile(r"kaoa\.meldung\(\s*" + LITERAL + r"\s*\)|/\* _ \*/\s*" + LITERAL)


def po_text(s):
    s = s.replace('\\', '\\\\').replace('"', '\\"').replace('\t', '\\t')
    teile = s.split('\n')
    if len(teile) == 1:
        return '"%s"' % s
    return '""\n' + '\n'.join('"%s\\n"' % t for t in teile[:-1]) + ('\n"%s"' % teile[-1] if teile[-1] else '')


texte = {}          # text -> [file:line, ...] in the order found
for datei in sys.argv[1:]:
    inhalt = open(datei, encoding='utf-8').read()
    for m in MUSTER.finditer(inhalt):
        text = (m.group(1) if m.group(1) is not None else m.group(2)).replace("''", "'")
        if not text:
            continue
        zeile = inhalt.count('\n', 0, m.start()) + 1
        texte.setdefault(text, []).append('%s:%d' % (datei, zeile))

print('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
for text, orte in texte.items():
    print('#. SQL format(): keep every %s, %I, %L and %% of the English, in the same order')
    print('#: ' + ' '.join(orte))
    print('#, no-c-format')
    print('msgid ' + po_text(text))
    print('msgstr ""\n')
