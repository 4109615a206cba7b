/*
 * plan_sperre.h — no EXPLAIN for the roles of organisations and BI (plan_sperre.c).
 */
#ifndef KAOA_PLAN_SPERRE_H
#define KAOA_PLAN_SPERRE_H

/* Module load: installs the ProcessUtility and ExecutorStart hooks that refuse plans. */
extern void kaoa_plan_sperre_init(void);

#endif							/* KAOA_PLAN_SPERRE_H */
