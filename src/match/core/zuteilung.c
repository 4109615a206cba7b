/*
 * zuteilung.c — applicant-proposing deferred acceptance with capacities (see zuteilung.h for the
 * design note), and the id map the backend uses to build its dense input.
 */
#include "match/core/zuteilung.h"

#include <math.h>
#include <string.h>

/* An admitted applicant in an offer's heap: what the offer ranks by, copied so that comparisons
 * touch one cache line. */
typedef struct zugelassen
{
	double		prioritaet;
	uint64_t	los;
	int64_t		id;
	int32_t		bewerber;
} zugelassen;

uint64_t
kaoa_los(int64_t seed, int64_t bewerber)
{
	uint64_t	z = (uint64_t) seed ^ (uint64_t) bewerber;

	z += UINT64_C(0x9E3779B97F4A7C15);
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	z ^= z >> 31;
	return z;
}

/* The offer's order: x ranks below y when its priority is lower, or equal with a greater lottery
 * number, or equal in both with a greater id. */
static inline bool
rangiert_unter(const zugelassen *x, const zugelassen *y)
{
	if (x->prioritaet != y->prioritaet)
		return x->prioritaet < y->prioritaet;
	if (x->los != y->los)
		return x->los > y->los;
	return x->id > y->id;
}

/* Heap with the lowest-ranked admitted applicant at index 0. */
static void
heap_hoch(zugelassen *h, int32_t i)
{
	zugelassen	x = h[i];

	while (i > 0)
	{
		int32_t		eltern = (i - 1) / 2;

		if (!rangiert_unter(&x, &h[eltern]))
			break;
		h[i] = h[eltern];
		i = eltern;
	}
	h[i] = x;
}

static void
heap_runter(zugelassen *h, int32_t n, int32_t i)
{
	zugelassen	x = h[i];

	for (;;)
	{
		int32_t		kind = 2 * i + 1;

		if (kind >= n)
			break;
		if (kind + 1 < n && rangiert_unter(&h[kind + 1], &h[kind]))
			kind++;
		if (!rangiert_unter(&h[kind], &x))
			break;
		h[i] = h[kind];
		i = kind;
	}
	h[i] = x;
}

/* The applicant's order: pair a comes before pair b when its preference is higher, or equal with
 * a smaller offer id. */
static inline bool
kommt_vor(const kaoa_kante *a, const kaoa_kante *b, const int64_t *angebot_id)
{
	if (a->praeferenz != b->praeferenz)
		return a->praeferenz > b->praeferenz;
	return angebot_id[a->angebot] < angebot_id[b->angebot];
}

/* Stable merge sort of one applicant's list of pair indices (tmp holds n entries). */
static void
liste_sortieren(uint32_t *liste, uint32_t *tmp, int64_t n, const kaoa_kante *k, const int64_t *angebot_id)
{
	int64_t		breite,
				i;

	/* insertion sort of runs of 8, then bottom-up merges */
	for (i = 0; i < n; i += 8)
	{
		int64_t		ende = i + 8 < n ? i + 8 : n;
		int64_t		j;

		for (j = i + 1; j < ende; j++)
		{
			uint32_t	x = liste[j];
			int64_t		m = j;

			while (m > i && kommt_vor(&k[x], &k[liste[m - 1]], angebot_id))
			{
				liste[m] = liste[m - 1];
				m--;
			}
			liste[m] = x;
		}
	}
	for (breite = 8; breite < n; breite *= 2)
	{
		for (i = 0; i < n; i += 2 * breite)
		{
			int64_t		mitte = i + breite < n ? i + breite : n;
			int64_t		ende = i + 2 * breite < n ? i + 2 * breite : n;
			int64_t		a = i,
						b = mitte,
						o = i;

			if (mitte >= ende)
			{
				memcpy(tmp + i, liste + i, (size_t) (ende - i) * sizeof(uint32_t));
				continue;
			}
			while (a < mitte && b < ende)
				tmp[o++] = kommt_vor(&k[liste[b]], &k[liste[a]], angebot_id) ? liste[b++] : liste[a++];
			while (a < mitte)
				tmp[o++] = liste[a++];
			while (b < ende)
				tmp[o++] = liste[b++];
		}
		memcpy(liste, tmp, (size_t) n * sizeof(uint32_t));
	}
}

void
kaoa_zuteilung_freigeben(const kaoa_speicher *s, kaoa_zuteilung_ergebnis *out)
{
	kaoa_speicher_free(s, out->angebot_von);
	kaoa_speicher_free(s, out->belegt);
	kaoa_speicher_free(s, out->grenze);
	kaoa_speicher_free(s, out->voll);
	out->angebot_von = NULL;
	out->belegt = NULL;
	out->grenze = NULL;
	out->voll = NULL;
}

/* Scratch arrays of one run, freed together. */
typedef struct arbeit
{
	int64_t    *offs;			/* per applicant + 1: start of its list in liste */
	uint32_t   *liste;			/* pair indices grouped by applicant, then sorted */
	uint32_t   *tmp;			/* merge buffer, longest list */
	int32_t    *stempel;		/* per offer: last applicant seen (duplicate check) */
	int32_t    *grad;			/* per offer: applicants who find it acceptable */
	int64_t    *hoffs;			/* per offer + 1: start of its heap */
	int32_t    *hgroesse;		/* per offer: admitted so far */
	zugelassen *heaps;
	uint64_t   *los;			/* per applicant */
	int64_t    *naechster;		/* per applicant: next position in its list */
	int32_t    *frei;			/* stack of applicants without an offer */
} arbeit;

static void
arbeit_freigeben(const kaoa_speicher *s, arbeit *a)
{
	kaoa_speicher_free(s, a->offs);
	kaoa_speicher_free(s, a->liste);
	kaoa_speicher_free(s, a->tmp);
	kaoa_speicher_free(s, a->stempel);
	kaoa_speicher_free(s, a->grad);
	kaoa_speicher_free(s, a->hoffs);
	kaoa_speicher_free(s, a->hgroesse);
	kaoa_speicher_free(s, a->heaps);
	kaoa_speicher_free(s, a->los);
	kaoa_speicher_free(s, a->naechster);
	kaoa_speicher_free(s, a->frei);
}

kaoa_zuteilung_status
kaoa_zuteilung_da(const kaoa_zuteilung_eingabe *in, kaoa_zuteilung_ergebnis *out)
{
	const kaoa_speicher *s = in->speicher;
	const kaoa_kante *k = in->kanten;
	int32_t		nb = in->n_bewerber;
	int32_t		na = in->n_angebote;
	int64_t		nk = in->n_kanten;
	arbeit		a;
	int64_t		i,
				laengste = 0,
				antraege = 0,
				naechster_takt = KAOA_ZUTEILUNG_TAKT;
	int32_t		b,
				o,
				n_frei = 0;
	kaoa_zuteilung_status status = KAOA_ZT_OK;

	memset(out, 0, sizeof(*out));
	memset(&a, 0, sizeof(a));
	out->fehler_kante = -1;
	out->fehler_angebot = -1;

	/* validate what the caller cannot have checked cheaper */
	for (o = 0; o < na; o++)
		if (in->plaetze[o] < 0)
		{
			out->fehler_angebot = o;
			return KAOA_ZT_NEGATIVE_PLAETZE;
		}
	if (nk < 0 || (uint64_t) nk > UINT32_MAX || nb < 0 || na < 0)
		return KAOA_ZT_SPEICHER;
	for (i = 0; i < nk; i++)
	{
		if (k[i].bewerber < 0 || k[i].bewerber >= nb || k[i].angebot < 0 || k[i].angebot >= na)
		{
			out->fehler_kante = i;
			return KAOA_ZT_INDEX;
		}
		if (isnan(k[i].praeferenz) || isnan(k[i].prioritaet))
		{
			out->fehler_kante = i;
			return KAOA_ZT_NAN;
		}
	}

	a.offs = kaoa_speicher_array(s, (size_t) nb + 1, sizeof(int64_t));
	a.liste = kaoa_speicher_array(s, (size_t) nk, sizeof(uint32_t));
	a.stempel = kaoa_speicher_array(s, (size_t) na, sizeof(int32_t));
	a.grad = kaoa_speicher_array(s, (size_t) na, sizeof(int32_t));
	a.hoffs = kaoa_speicher_array(s, (size_t) na + 1, sizeof(int64_t));
	a.hgroesse = kaoa_speicher_array(s, (size_t) na, sizeof(int32_t));
	a.los = kaoa_speicher_array(s, (size_t) nb, sizeof(uint64_t));
	a.naechster = kaoa_speicher_array(s, (size_t) nb, sizeof(int64_t));
	a.frei = kaoa_speicher_array(s, (size_t) nb, sizeof(int32_t));
	out->angebot_von = kaoa_speicher_array(s, (size_t) nb, sizeof(int32_t));
	out->belegt = kaoa_speicher_array(s, (size_t) na, sizeof(int32_t));
	out->grenze = kaoa_speicher_array(s, (size_t) na, sizeof(double));
	out->voll = kaoa_speicher_array(s, (size_t) na, sizeof(bool));
	if (!a.offs || !a.liste || !a.stempel || !a.grad || !a.hoffs || !a.hgroesse || !a.los ||
		!a.naechster || !a.frei || !out->angebot_von || !out->belegt || !out->grenze || !out->voll)
	{
		status = KAOA_ZT_SPEICHER;
		goto fehler;
	}

	/* counting sort of the pairs by applicant, keeping input order within each applicant */
	memset(a.offs, 0, ((size_t) nb + 1) * sizeof(int64_t));
	for (i = 0; i < nk; i++)
		a.offs[k[i].bewerber + 1]++;
	for (b = 0; b < nb; b++)
	{
		if (a.offs[b + 1] > laengste)
			laengste = a.offs[b + 1];
		a.offs[b + 1] += a.offs[b];
	}
	memcpy(a.naechster, a.offs, (size_t) nb * sizeof(int64_t));
	for (i = 0; i < nk; i++)
		a.liste[a.naechster[k[i].bewerber]++] = (uint32_t) i;

	/* duplicates: an offer seen twice in one applicant's list (the later pair is reported) */
	for (o = 0; o < na; o++)
	{
		a.stempel[o] = -1;
		a.grad[o] = 0;
	}
	for (b = 0; b < nb; b++)
		for (i = a.offs[b]; i < a.offs[b + 1]; i++)
		{
			o = k[a.liste[i]].angebot;
			if (a.stempel[o] == b)
			{
				/* the lists keep input order, so this is the later of the two pairs */
				out->fehler_kante = a.liste[i];
				status = KAOA_ZT_DOPPELTES_PAAR;
				goto fehler;
			}
			a.stempel[o] = b;
			a.grad[o]++;
		}

	/* each applicant's ranking */
	a.tmp = kaoa_speicher_array(s, (size_t) (laengste > 0 ? laengste : 1), sizeof(uint32_t));
	if (!a.tmp)
	{
		status = KAOA_ZT_SPEICHER;
		goto fehler;
	}
	for (b = 0; b < nb; b++)
	{
		int64_t		n = a.offs[b + 1] - a.offs[b];

		if (n > 1)
			liste_sortieren(a.liste + a.offs[b], a.tmp, n, k, in->angebot_id);
		a.los[b] = kaoa_los(in->seed, in->bewerber_id[b]);
		a.naechster[b] = a.offs[b];
	}

	/* heaps: an offer can never admit more than the applicants who find it acceptable */
	a.hoffs[0] = 0;
	for (o = 0; o < na; o++)
	{
		int32_t		kap = in->plaetze[o] < a.grad[o] ? in->plaetze[o] : a.grad[o];

		a.hoffs[o + 1] = a.hoffs[o] + kap;
		a.hgroesse[o] = 0;
	}
	a.heaps = kaoa_speicher_array(s, (size_t) (a.hoffs[na] > 0 ? a.hoffs[na] : 1), sizeof(zugelassen));
	if (!a.heaps)
	{
		status = KAOA_ZT_SPEICHER;
		goto fehler;
	}

	/* every applicant with a non-empty list starts free; the lowest index proposes first */
	for (b = nb - 1; b >= 0; b--)
		if (a.offs[b + 1] > a.offs[b])
			a.frei[n_frei++] = b;

	while (n_frei > 0)
	{
		b = a.frei[--n_frei];
		while (a.naechster[b] < a.offs[b + 1])
		{
			const kaoa_kante *kante = &k[a.liste[a.naechster[b]++]];
			zugelassen	neu;
			zugelassen *h;
			int32_t		kap;

			o = kante->angebot;
			h = a.heaps + a.hoffs[o];
			kap = (int32_t) (a.hoffs[o + 1] - a.hoffs[o]);
			antraege++;
			if (antraege >= naechster_takt)
			{
				naechster_takt += KAOA_ZUTEILUNG_TAKT;
				if (in->fortschritt)
					in->fortschritt(in->fortschritt_ctx, antraege, nk);
			}
			if (kap == 0)
				continue;
			neu.prioritaet = kante->prioritaet;
			neu.los = a.los[b];
			neu.id = in->bewerber_id[b];
			neu.bewerber = b;
			if (a.hgroesse[o] < kap)
			{
				h[a.hgroesse[o]] = neu;
				heap_hoch(h, a.hgroesse[o]);
				a.hgroesse[o]++;
				break;
			}
			if (rangiert_unter(&h[0], &neu))
			{
				/* the lowest-ranked admitted applicant makes room and is free again */
				a.frei[n_frei++] = h[0].bewerber;
				h[0] = neu;
				heap_runter(h, kap, 0);
				break;
			}
		}
	}

	for (b = 0; b < nb; b++)
		out->angebot_von[b] = -1;
	for (o = 0; o < na; o++)
	{
		zugelassen *h = a.heaps + a.hoffs[o];
		int32_t		j;

		for (j = 0; j < a.hgroesse[o]; j++)
			out->angebot_von[h[j].bewerber] = o;
		out->belegt[o] = a.hgroesse[o];
		out->voll[o] = in->plaetze[o] > 0 && a.hgroesse[o] == in->plaetze[o];
		out->grenze[o] = out->voll[o] ? h[0].prioritaet : 0.0;
	}
	out->antraege = antraege;
	if (in->fortschritt)
		in->fortschritt(in->fortschritt_ctx, antraege, nk);
	arbeit_freigeben(s, &a);
	return KAOA_ZT_OK;

fehler:
	arbeit_freigeben(s, &a);
	kaoa_zuteilung_freigeben(s, out);
	return status;
}

/* ---- id map ---- */

static inline uint64_t
id_streuung(int64_t id)
{
	return kaoa_los(0, id);
}

static bool
idmap_tabelle(kaoa_idmap *m, uint64_t groesse)
{
	uint64_t	i;

	m->schluessel = kaoa_speicher_array(m->speicher, (size_t) groesse, sizeof(int64_t));
	m->wert = kaoa_speicher_array(m->speicher, (size_t) groesse, sizeof(int32_t));
	if (!m->schluessel || !m->wert)
	{
		kaoa_speicher_free(m->speicher, m->schluessel);
		kaoa_speicher_free(m->speicher, m->wert);
		m->schluessel = NULL;
		m->wert = NULL;
		return false;
	}
	for (i = 0; i < groesse; i++)
		m->wert[i] = -1;
	m->maske = groesse - 1;
	return true;
}

bool
kaoa_idmap_init(kaoa_idmap *m, const kaoa_speicher *s, int64_t erwartet)
{
	uint64_t	groesse = 16;

	memset(m, 0, sizeof(*m));
	m->speicher = s;
	while (erwartet > 0 && groesse < (uint64_t) erwartet * 2 && groesse < (UINT64_C(1) << 32))
		groesse *= 2;
	return idmap_tabelle(m, groesse);
}

/* Doubles the table and re-inserts every key at its new slot. */
static bool
idmap_wachsen(kaoa_idmap *m)
{
	int64_t    *alt_schluessel = m->schluessel;
	int32_t    *alt_wert = m->wert;
	uint64_t	alt_groesse = m->maske + 1,
				i;

	if (!idmap_tabelle(m, alt_groesse * 2))
	{
		m->schluessel = alt_schluessel;
		m->wert = alt_wert;
		m->maske = alt_groesse - 1;
		return false;
	}
	for (i = 0; i < alt_groesse; i++)
		if (alt_wert[i] >= 0)
		{
			uint64_t	p = id_streuung(alt_schluessel[i]) & m->maske;

			while (m->wert[p] >= 0)
				p = (p + 1) & m->maske;
			m->schluessel[p] = alt_schluessel[i];
			m->wert[p] = alt_wert[i];
		}
	kaoa_speicher_free(m->speicher, alt_schluessel);
	kaoa_speicher_free(m->speicher, alt_wert);
	return true;
}

int32_t
kaoa_idmap_eintragen(kaoa_idmap *m, int64_t id, bool *neu)
{
	uint64_t	p;

	*neu = false;
	if ((uint64_t) (m->anzahl + 1) * 2 > m->maske + 1)
	{
		if (m->anzahl >= INT32_MAX - 1 || !idmap_wachsen(m))
			return -1;
	}
	p = id_streuung(id) & m->maske;
	while (m->wert[p] >= 0)
	{
		if (m->schluessel[p] == id)
			return m->wert[p];
		p = (p + 1) & m->maske;
	}
	m->schluessel[p] = id;
	m->wert[p] = m->anzahl;
	*neu = true;
	return m->anzahl++;
}

int32_t
kaoa_idmap_suchen(const kaoa_idmap *m, int64_t id)
{
	uint64_t	p = id_streuung(id) & m->maske;

	while (m->wert[p] >= 0)
	{
		if (m->schluessel[p] == id)
			return m->wert[p];
		p = (p + 1) & m->maske;
	}
	return -1;
}

void
kaoa_idmap_freigeben(kaoa_idmap *m)
{
	kaoa_speicher_free(m->speicher, m->schluessel);
	kaoa_speicher_free(m->speicher, m->wert);
	m->schluessel = NULL;
	m->wert = NULL;
}
