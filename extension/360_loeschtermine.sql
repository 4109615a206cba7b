-- When kaoa deletes what (issue 10, classes 3 and 10; docs/kette.md#deletion): one row per
-- deletable part of a person, with the day it goes.  kaoa.loeschfristen_anwenden deletes every
-- part whose day has come, and kaoa.auskunft reports the days, so both follow one rule.  It reads
-- the Standardelemente, so it comes after their tables.
--   identitaet          the person_identitaet.  A person with cases: once all cases have been
--                       terminal (ausgenommen; angetreten after its verbleib_stichtag) for the
--                       Kommune's aufbewahrung_monate, and in any case the day after the current
--                       case's verbleib_stichtag lies 12 months back.  A person without a case
--                       (known only through the Standardelemente): the day after
--                       aufbewahrung_monate have passed since the end (31 July) of the school year
--                       of their last enrolment, SBO participation, Anschlussvereinbarung or
--                       measure participation; with none of those, since the end of the school year
--                       in which they turn 18 (kaoa.berufsschulpflicht_ende of the birth month).
--                       A person with neither a record nor a birth month has no day.
--   bewerberprofil_ort  the home coordinates (lat, lon) of the person's matching profile: with the
--                       identity (they identify the person as well as an address does).
--   uebergabe           what a hand-off transferred (kaoa.uebergabe_inhalt): when nobody may read
--                       it any more — the day of a decline or withdrawal, of the consent's
--                       revocation, six months after sending under a statutory basis — and at the
--                       latest with the identity.
-- Days are Berlin days (kaoa.tag).  A status change or a new record moves the days; the view shows
-- them as the data stands.  The CTEs are not materialised, so a query for one person
-- (kaoa.auskunft) reads that person's rows only.
CREATE VIEW kaoa.loeschtermine AS
WITH f AS NOT MATERIALIZED (
    SELECT f.kommune, f.person_id, f.schuljahr, f.status, kaoa.tag(f.status_seit) AS seit,
           COALESCE(fr.verbleib_stichtag, make_date(f.schuljahr + 1, 10, 15)) AS vs,
           k.aufbewahrung_monate AS monate
      FROM kaoa.fall f
      JOIN kaoa.kommune k ON k.kommune = f.kommune
      LEFT JOIN kaoa.fristen fr ON fr.kommune = f.kommune AND fr.schuljahr = f.schuljahr),
pf AS NOT MATERIALIZED (
    SELECT f.kommune, f.person_id,
           least(CASE WHEN bool_and(f.status IN ('ausgenommen', 'angetreten'))
                      THEN (max(CASE WHEN f.status = 'ausgenommen' THEN f.seit ELSE greatest(f.seit, f.vs + 1) END)
                            + make_interval(months => max(f.monate)))::date END,
                 ((array_agg(f.vs ORDER BY f.schuljahr DESC))[1] + interval '12 months')::date + 1) AS identitaet_am
      FROM f GROUP BY f.kommune, f.person_id),
r AS NOT MATERIALIZED (
    SELECT s.kommune, s.person_id, s.schuljahr FROM kaoa.schulbesuch s
    UNION ALL
    SELECT t.kommune, t.person_id, extract(year FROM t.datum - interval '7 months')::integer FROM kaoa.sbo_teilnahme t
    UNION ALL
    SELECT a.kommune, a.person_id, extract(year FROM a.datum - interval '7 months')::integer
      FROM kaoa.anschlussvereinbarung a
    UNION ALL
    SELECT m.kommune, m.person_id, extract(year FROM m.datum - interval '7 months')::integer
      FROM kaoa.massnahme_teilnahme m),
o AS NOT MATERIALIZED (
    SELECT pe.kommune, pe.person_id,
           (COALESCE(make_date(max(r.schuljahr) + 1, 7, 31), kaoa.berufsschulpflicht_ende(pe.geburtsmonat))
            + make_interval(months => k.aufbewahrung_monate))::date + 1 AS identitaet_am
      FROM kaoa.person pe
      JOIN kaoa.kommune k ON k.kommune = pe.kommune
      LEFT JOIN r ON r.kommune = pe.kommune AND r.person_id = pe.person_id
     WHERE NOT EXISTS (SELECT 1 FROM kaoa.fall c WHERE c.kommune = pe.kommune AND c.person_id = pe.person_id)
     GROUP BY pe.kommune, pe.person_id, pe.geburtsmonat, k.aufbewahrung_monate),
p AS NOT MATERIALIZED (
    SELECT pf.kommune, pf.person_id, pf.identitaet_am FROM pf
    UNION ALL
    SELECT o.kommune, o.person_id, o.identitaet_am FROM o WHERE o.identitaet_am IS NOT NULL)
SELECT p.kommune, p.person_id, 'identitaet'::text AS teil, NULL::bigint AS uebergabe_id,
       p.identitaet_am AS loeschen_am
  FROM p
UNION ALL
SELECT b.kommune, b.person_id, 'bewerberprofil_ort'::text, NULL::bigint, p.identitaet_am
  FROM kaoa.bewerberprofil b
  JOIN p ON p.kommune = b.kommune AND p.person_id = b.person_id
 WHERE b.lat IS NOT NULL OR b.lon IS NOT NULL
UNION ALL
SELECT u.kommune, p.person_id, 'uebergabe'::text, u.uebergabe_id,
       least(p.identitaet_am,
             CASE WHEN u.abgelehnt_am IS NOT NULL THEN kaoa.tag(u.abgelehnt_am)
                  WHEN u.zurueckgezogen_am IS NOT NULL THEN kaoa.tag(u.zurueckgezogen_am)
                  WHEN u.rechtsgrundlage = 'einwilligung' THEN kaoa.tag(e.widerrufen_am)
                  ELSE (kaoa.tag(u.gesendet_am) + interval '6 months')::date END)
  FROM kaoa.uebergabe u
  JOIN kaoa.fall f ON f.kommune = u.kommune AND f.fall_id = u.fall_id
  JOIN p ON p.kommune = f.kommune AND p.person_id = f.person_id
  LEFT JOIN kaoa.einwilligung e ON e.kommune = u.kommune AND e.einwilligung_id = u.einwilligung_id;
COMMENT ON VIEW kaoa.loeschtermine IS
    'When kaoa.loeschfristen_anwenden deletes which part of a person: teil identitaet (a person with cases: all cases terminal for aufbewahrung_monate, at the latest the day after the current case''s verbleib_stichtag lies 12 months back; a person without a case: aufbewahrung_monate after the end of the school year of their last enrolment or participation, without any, of the school year they turn 18), teil bewerberprofil_ort (the profile''s home coordinates, with the identity) and teil uebergabe (what a hand-off transferred: when nobody may read it any more, at the latest with the identity). The same rule reports the days in kaoa.auskunft. Read by the extension owner only.';
