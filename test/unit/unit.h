/*
 * unit.h — a minimal TAP producer for the C unit tests of the pure-C cores.
 *
 * Each test binary includes this header once, calls the check macros, and ends main() with
 * `return unit_done();`.  Output is TAP ("ok N - name" / "not ok N - name" and a trailing plan),
 * which test/unit/run.sh counts.  The binaries are built with ASan + UBSan, so a memory error
 * aborts the binary and counts as a failure too.
 */
#ifndef KAOA_UNIT_H
#define KAOA_UNIT_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int	unit_count;
static int	unit_failed;

/* Records one check; prints the failing location as a TAP diagnostic. */
__attribute__((format(printf, 4, 5)))
static int
unit_check(int ok, const char *file, int line, const char *fmt,...)
{
	va_list		ap;

	unit_count++;
	if (!ok)
		unit_failed++;
	printf("%s %d - ", ok ? "ok" : "not ok", unit_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		printf("#   failed at %s:%d\n", file, line);
	return ok;
}

#define OK(cond, ...) unit_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define IS_INT(got, want, ...) do { \
	long long g_ = (long long) (got), w_ = (long long) (want); \
	if (!unit_check(g_ == w_, __FILE__, __LINE__, __VA_ARGS__)) \
		printf("#   got %lld, want %lld\n", g_, w_); \
} while (0)

#define IS_STR(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	int ok_ = (g_ == NULL && w_ == NULL) || (g_ && w_ && strcmp(g_, w_) == 0); \
	if (!unit_check(ok_, __FILE__, __LINE__, __VA_ARGS__)) \
		printf("#   got \"%s\", want \"%s\"\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

#define IS_DBL(got, want, eps, ...) do { \
	double g_ = (got), w_ = (want); \
	if (!unit_check(fabs(g_ - w_) <= (eps), __FILE__, __LINE__, __VA_ARGS__)) \
		printf("#   got %.12g, want %.12g (eps %g)\n", g_, w_, (double) (eps)); \
} while (0)

/* Prints the plan and returns the process exit status. */
static int
unit_done(void)
{
	printf("1..%d\n", unit_count);
	return unit_failed ? 1 : 0;
}

#endif							/* KAOA_UNIT_H */
