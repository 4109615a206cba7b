/*
 * abschluss.h — NRW school-leaving qualifications (pure C, no PostgreSQL headers).
 *
 * The stored value is the `idStatistik` of the state catalogue (IT.NRW / SVWS-Server
 * SchulabschlussAllgemeinbildend.json): 1..18 in catalogue order.  These
 * numbers are the on-disk code of kaoa.abschluss and must never change meaning; new entries get
 * new numbers.  Btree order is this number, so FOEL sorts after ABITUR; compare levels with the
 * rank, which is -1 (SQL NULL) for the Förderschul- and Waldorf certificates.
 */
#ifndef KAOA_ABSCHLUSS_H
#define KAOA_ABSCHLUSS_H

#include "base/core/parse_util.h"

#define KAOA_ABSCHLUSS_MIN 1
#define KAOA_ABSCHLUSS_MAX 18

/* True when code is a catalogue entry (used by recv and by every function taking a code). */
bool		kaoa_abschluss_valid(int code);

/* Parses a literal (trimmed, case-insensitive, with the pre-2022 codes and aliases). */
bool		kaoa_abschluss_parse(const char *s, size_t len, int16_t *out, kaoa_parse_error *err);

/* Parses a one-letter IT.NRW statistics key (trimmed, case-insensitive). */
bool		kaoa_abschluss_parse_itnrw(const char *s, size_t len, int16_t *out, kaoa_parse_error *err);

/* The current short code ("MSA_Q"); NULL for an invalid code. */
const char *kaoa_abschluss_code(int code);

/* The German long name; NULL for an invalid code. */
const char *kaoa_abschluss_bezeichnung(int code);

/* The IT.NRW statistics key letter; '\0' for an invalid code. */
char		kaoa_abschluss_itnrw_key(int code);

/* Level for comparisons: OA 0 … ABITUR 7; -1 when not comparable (FOEG, FOEL, WALD) or invalid. */
int			kaoa_abschluss_rang(int code);

/* kaoa.erfuellt: 1 when rank(hat) >= rank(mindestens), 0 when lower, -1 when either rank is
 * missing (SQL NULL). */
int			kaoa_abschluss_erfuellt(int hat, int mindestens);

#endif							/* KAOA_ABSCHLUSS_H */
