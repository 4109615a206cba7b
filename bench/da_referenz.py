#!/usr/bin/env python3
"""Plain-Python (stdlib only) reference of kaoa.stabile_zuteilung, for the matching benchmark.

Applicant-proposing deferred acceptance with capacities, with exactly the tie-breaking of
docs/matching.md: applicants rank offers by praeferenz descending, ties by angebot ascending;
offers rank applicants by prioritaet descending, ties by los(seed, bewerber) ascending (splitmix64
of seed XOR bewerber as unsigned 64-bit), then bewerber ascending.

Usage: da_referenz.py KANDIDATEN.csv KAPAZITAETEN.csv SEED
  KANDIDATEN.csv   bewerber,angebot,praeferenz,prioritaet (no header)
  KAPAZITAETEN.csv angebot,plaetze (no header)
Prints one line: "<read seconds> <assignment seconds> <assigned> <checksum>", where the checksum
is the sum over assigned pairs of (bewerber * 1000003 + angebot) modulo 2**61-1, so that the
benchmark can check that the C implementation and this one agree pair for pair.
"""
import heapq
import sys
import time

MASKE = (1 << 64) - 1


def los(seed, bewerber):
    z = (seed ^ bewerber) & MASKE
    z = (z + 0x9E3779B97F4A7C15) & MASKE
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASKE
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASKE
    return z ^ (z >> 31)


def main():
    kand_datei, kap_datei, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    t0 = time.perf_counter()
    plaetze = {}
    with open(kap_datei) as f:
        for zeile in f:
            a, p = zeile.split(",")
            plaetze[int(a)] = int(p)
    listen = {}
    with open(kand_datei) as f:
        for zeile in f:
            b, a, praef, prio = zeile.split(",")
            listen.setdefault(int(b), []).append((-float(praef), int(a), float(prio)))
    t1 = time.perf_counter()

    # each applicant's ranking, best first
    for liste in listen.values():
        liste.sort()
    naechster = {b: 0 for b in listen}
    # per offer a min-heap whose top is the lowest-ranked admitted applicant:
    # key (prioritaet, -los, -bewerber)
    heaps = {}
    frei = sorted(listen, reverse=True)
    while frei:
        b = frei.pop()
        liste = listen[b]
        while naechster[b] < len(liste):
            _, a, prio = liste[naechster[b]]
            naechster[b] += 1
            kap = plaetze[a]
            if kap == 0:
                continue
            schluessel = (prio, -los(seed, b), -b)
            h = heaps.setdefault(a, [])
            if len(h) < kap:
                heapq.heappush(h, (schluessel, b))
                break
            if h[0][0] < schluessel:
                _, verdraengt = heapq.heapreplace(h, (schluessel, b))
                frei.append(verdraengt)
                break
    t2 = time.perf_counter()

    zugeteilt = 0
    pruefsumme = 0
    for a, h in heaps.items():
        for _, b in h:
            zugeteilt += 1
            pruefsumme = (pruefsumme + b * 1000003 + a) % ((1 << 61) - 1)
    print(f"{t1 - t0:.3f} {t2 - t1:.3f} {zugeteilt} {pruefsumme}")


if __name__ == "__main__":
    main()
