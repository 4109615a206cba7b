#!/usr/bin/python3
"""test/layout.py — checks the shape of the source tree (TAP; run by test/run-tests.sh after the build).

src/ is one folder per area above a base layer (see docs/design.md):

    src/base     what more than one area needs; knows no area
    src/types    the four data types                     } each with its pure-C core in
    src/kette    the Verantwortungskette                 } <area>/core/ (no PostgreSQL header),
    src/match    matching and assignment                 } unit-tested under sanitizers
    src/sbo      Standardelemente and measures           }
    src/client   the client program and its generator (not part of kaoa.so)
    src/module.c the module's entry point, above every area

Checked here, from the sources and from the built objects:
  - the include graph of src/ has no circle, file by file and folder by folder;
  - base includes nothing above it; an area includes another area only through the header meant
    for that (<area>/<area>.h) or that area's core headers;
  - a core includes only core headers and system headers: no PostgreSQL or libpq header;
  - calls (undefined symbols of the built objects, nm) form no circle between areas nor between
    files, and base calls nothing above it;
  - kaoa.so exports no symbol defined by the client (the generator and the JSON writer stay out).
"""
import os
import re
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
SRC = os.path.join(ROOT, 'src')
SERVER_AREAS = ['types', 'kette', 'match', 'sbo']
AREAS = ['base'] + SERVER_AREAS + ['client']

tests = []


def check(ok, name, diag=()):
    tests.append((ok, name, list(diag)))


def rel(p):
    return os.path.relpath(p, SRC)


def area_of(path):
    """'base', 'kette', …, or 'top' for src/module.c; a core belongs to its area."""
    parts = path.split('/')
    return parts[0] if len(parts) > 1 else 'top'


def is_core(path):
    return '/core/' in path


def pg_include_dirs():
    dirs = []
    for opt in ('--includedir', '--includedir-server', '--pkgincludedir'):
        try:
            d = subprocess.run(['pg_config', opt], capture_output=True, text=True, check=True).stdout.strip()
            if d:
                dirs.append(d)
        except (OSError, subprocess.CalledProcessError):
            pass
    return dirs


def sources():
    out = []
    for d, _, files in os.walk(SRC):
        for f in files:
            if f.endswith(('.c', '.h')):
                out.append(rel(os.path.join(d, f)))
    return sorted(out)


INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def includes(path):
    """(kind, target) per include: ('src', 'base/kaoa.h') for a file of src/, else ('ext', name)."""
    text = open(os.path.join(SRC, path), encoding='utf-8').read()
    out = []
    for bracket, name in INCLUDE.findall(text):
        here = os.path.normpath(os.path.join(os.path.dirname(path), name))
        if bracket == '"' and os.path.isfile(os.path.join(SRC, here)):
            out.append(('src', here))
        elif bracket == '"' and os.path.isfile(os.path.join(SRC, name)):
            out.append(('src', os.path.normpath(name)))
        else:
            out.append(('ext', name))
    return out


def find_cycle(graph):
    """One cycle of a {node: set(nodes)} graph as a list, or None."""
    colour = {}
    stack = []

    def visit(n):
        colour[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if colour.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in colour:
                c = visit(m)
                if c:
                    return c
        stack.pop()
        colour[n] = 2
        return None

    for n in sorted(graph):
        if n not in colour:
            c = visit(n)
            if c:
                return c
    return None


def public_header(path):
    """May a file of another area include this header of src/?"""
    a = area_of(path)
    return a == 'base' or is_core(path) or path == '%s/%s.h' % (a, a)


def check_includes():
    files = sources()
    pgdirs = pg_include_dirs()
    graph = {f: set() for f in files}
    area_graph = {}
    base_up, foreign, core_pg, core_backend = [], [], [], []
    for f in files:
        fa = area_of(f)
        for kind, t in includes(f):
            if kind == 'ext':
                if is_core(f) and any(os.path.exists(os.path.join(d, t)) for d in pgdirs):
                    core_pg.append('%s includes <%s>' % (f, t))
                continue
            graph[f].add(t)
            ta = area_of(t)
            if ta != fa:
                area_graph.setdefault(fa, set()).add(ta)
            if fa == 'base' and ta != 'base':
                base_up.append('%s includes %s' % (f, t))
            if fa not in ('base', 'top') and ta not in ('base', fa) and not public_header(t):
                foreign.append('%s includes %s (not a header meant for other areas)' % (f, t))
            if is_core(f) and not is_core(t):
                core_backend.append('%s includes %s (not a core header)' % (f, t))
    c = find_cycle(graph)
    check(c is None, 'the include graph of src/ (%d files) has no circle' % len(files),
          ['circle: ' + ' -> '.join(c)] if c else [])
    c = find_cycle(area_graph)
    check(c is None, 'the folders include each other without a circle (%s)' %
          '; '.join('%s -> %s' % (a, ', '.join(sorted(b))) for a, b in sorted(area_graph.items())),
          ['circle: ' + ' -> '.join(c)] if c else [])
    check(not base_up, 'src/base includes nothing above it', base_up)
    check(not foreign, "an area includes another area only through <area>/<area>.h or its core headers", foreign)
    check(not core_pg, 'the pure-C cores include no PostgreSQL or libpq header', core_pg)
    check(not core_backend, 'the pure-C cores include only core headers', core_backend)


def nm(path, *args):
    r = subprocess.run(['nm', *args, path], capture_output=True, text=True)
    if r.returncode != 0:
        return None
    syms = []
    for line in r.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            syms.append((parts[-2], parts[-1]))
    return syms


def check_calls():
    objs = [f[:-2] + '.o' for f in sources() if f.endswith('.c') and area_of(f) != 'client']
    missing = [o for o in objs if not os.path.exists(os.path.join(SRC, o))]
    if missing:
        check(False, 'the module is built (object files for the call check)', ['missing: ' + ', '.join(missing[:5])])
        return
    defined, used = {}, {}
    for o in objs:
        for typ, sym in nm(os.path.join(SRC, o)) or []:
            if typ == 'U':
                used.setdefault(o, set()).add(sym)
            elif typ in 'TDBRCGSV':
                defined[sym] = o
    graph, files, base_up = {}, {}, []
    for o, syms in used.items():
        for s in syms:
            d = defined.get(s)
            if d is None or d == o:
                continue
            files.setdefault(o, set()).add(d)
            fa, ta = area_of(o), area_of(d)
            if fa != ta:
                graph.setdefault(fa, set()).add(ta)
                if fa == 'base':
                    base_up.append('%s calls %s (%s)' % (o[:-2] + '.c', s, d[:-2] + '.c'))
    c = find_cycle(graph)
    check(c is None, 'the areas call each other without a circle (%s)' %
          '; '.join('%s -> %s' % (a, ', '.join(sorted(b))) for a, b in sorted(graph.items())),
          ['circle: ' + ' -> '.join(c)] if c else [])
    check(not base_up, 'src/base calls nothing above it', sorted(base_up))
    c = find_cycle(files)
    check(c is None, 'the files of the module (%d) call each other without a circle' % len(objs),
          ['circle: ' + ' -> '.join(x[:-2] + '.c' for x in c)] if c else [])


def check_module_symbols():
    so = os.path.join(ROOT, 'kaoa.so')
    client_objs = []
    for d, _, files in os.walk(os.path.join(ROOT, 'build', 'client', 'client')):
        client_objs += [os.path.join(d, f) for f in files if f.endswith('.o')]
    exported = nm(so, '-D', '--defined-only') if os.path.exists(so) else None
    if exported is None or not client_objs:
        check(False, 'kaoa.so and the client are built (for the symbol check)')
        return
    client_syms = {}
    for o in client_objs:
        for typ, sym in nm(o, '--defined-only', '--extern-only') or []:
            client_syms[sym] = os.path.relpath(o, ROOT)
    leaked = sorted('%s (from %s)' % (s, client_syms[s]) for _, s in exported if s in client_syms)
    check(not leaked and len(client_syms) > 0,
          'kaoa.so exports none of the %d symbols the client and its generator define' % len(client_syms),
          leaked[:20])


def main():
    check_includes()
    check_calls()
    check_module_symbols()
    print('1..%d' % len(tests))
    for i, (ok, name, diag) in enumerate(tests, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        for d in diag:
            print('#   ' + d)
    return 0 if all(ok for ok, _, _ in tests) else 1


if __name__ == '__main__':
    sys.exit(main())
