-- pgTAP: master data and code lists for BI roles (docs/roles-and-bi.md#master-data-and-code-lists):
-- a BI role reads the organisations of its Kommune and every code list with German labels, and
-- nothing else; every column of every BI view has a type every driver maps and a German comment.
-- The drivers themselves (psqlODBC, psycopg2) are exercised in test/scripts/bi_treiber.sh.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(19);

-- every BI view: columns of plain types only, every view and column described
SELECT is(array_agg(c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ORDER BY 1), NULL,
          'every column of every kaoa.v_* view is text, integer, bigint, numeric, boolean, date or timestamptz (no enum, no kaoa type)')
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'v\_%'
   AND a.atttypid NOT IN ('text'::regtype, 'integer'::regtype, 'bigint'::regtype, 'numeric'::regtype, 'boolean'::regtype,
                          'date'::regtype, 'timestamptz'::regtype);
SELECT is(array_agg(c.relname || '.' || a.attname ORDER BY 1), NULL, 'every column of every kaoa.v_* view has a comment')
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'v\_%'
   AND coalesce(col_description(c.oid, a.attnum), '') = '';
SELECT is(array_agg(c.relname ORDER BY 1), NULL, 'every kaoa.v_* view has a German comment (at least one umlaut or ß, or a German word)')
  FROM pg_class c
 WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'v\_%'
   AND obj_description(c.oid, 'pg_class') !~ '(ä|ö|ü|ß|Ä|Ö|Ü| der | die | und | je )';
SELECT ok((SELECT count(*) FROM pg_class c WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'v\_%') >= 15,
          'the checks above cover the BI views, the organisations, nine code lists and the data dictionary');

SET LOCAL ROLE t_bi;
SELECT results_eq($$SELECT name, schluessel, typ, typ_bezeichnung, schulform, schulform_bezeichnung FROM kaoa.v_organisation
                     WHERE typ IN ('schule', 'berufskolleg') ORDER BY schluessel$$,
                  $$VALUES ('Berufskolleg Mitte', 'BK', 'berufskolleg', 'Berufskolleg', 'BK', 'Berufskolleg'),
                           ('Gesamtschule Nord', 'S1', 'schule', 'Schule', 'GE', 'Gesamtschule'),
                           ('Realschule Süd', 'S2', 'schule', 'Schule', 'RS', NULL::text)$$,
                  'v_organisation: the schools of the BI role''s Kommune with key, type and school form, labelled in German (an unknown form stays unlabelled)');
SELECT is((SELECT count(*) FROM kaoa.v_organisation WHERE kommune <> '05315'), 0::bigint, 'v_organisation: only its own Kommune');
SELECT is((SELECT count(*) FROM kaoa.v_organisation), 11::bigint, 'v_organisation: all eleven organisations of Köln');
SELECT throws_ok('SELECT * FROM kaoa.organisation', '42501', NULL, 'the table itself stays closed (42501)');
SELECT results_eq($$SELECT bezeichnung FROM kaoa.v_code_fallstatus ORDER BY reihenfolge LIMIT 3$$,
                  ARRAY['Offen (Anschluss noch nicht geklärt)', 'Ohne Anschluss identifiziert', 'In Beratung'],
                  'v_code_fallstatus: the states in the chain''s order, in German');
SELECT is((SELECT count(*) FROM kaoa.v_code_fallstatus WHERE bezeichnung IS NULL), 0::bigint, '… every state labelled');
SELECT is((SELECT count(*) FROM kaoa.v_code_rechtsgrundlage WHERE bezeichnung IS NULL OR norm IS NULL), 0::bigint,
          'v_code_rechtsgrundlage: every legal basis labelled, with its provisions');
SELECT is((SELECT count(*) FROM kaoa.v_code_organisationstyp WHERE bezeichnung IS NULL), 0::bigint, 'v_code_organisationstyp: every type labelled');
SELECT results_eq($$SELECT bezeichnung, sektor, sektor_bezeichnung FROM kaoa.v_code_anschluss WHERE code = 'dual_betrieblich'$$,
                  $$VALUES ('Duale Ausbildung im Betrieb', 'AUSBILDUNG', 'Berufsausbildung')$$,
                  'v_code_anschluss: the categories with their sector in German');
SELECT is((SELECT bezeichnung FROM kaoa.v_code_sektor WHERE sektor = 'OHNE'), 'Noch kein Anschluss erfasst',
          'v_code_sektor: OHNE (no Anschluss recorded) as v_verbleib uses it');
SELECT results_eq($$SELECT element, bezeichnung FROM kaoa.v_code_sbo_element WHERE pflicht ORDER BY jahrgang_von, element$$,
                  $$VALUES ('berufsfelderkundung', 'Berufsfelderkundung'), ('potenzialanalyse', 'Potenzialanalyse'),
                           ('anschlussvereinbarung', 'Anschlussvereinbarung'), ('praktikum', 'Betriebspraktikum')$$,
                  'v_code_sbo_element: the required elements v_sbo counts, in German');
SELECT results_eq($$SELECT kuerzel, bezeichnung FROM kaoa.v_code_berufsfeld WHERE code = 'elektro'$$,
                  $$VALUES ('EL', 'Elektro')$$, 'v_code_berufsfeld: the Berufsfelder with their SVWS Kürzel');
SELECT is((SELECT count(*) FROM kaoa.v_code_berufsbereich), 10::bigint, 'v_code_berufsbereich: the ten KldB 2010 Berufsbereiche');
SELECT ok((SELECT count(DISTINCT sicht) FROM kaoa.v_datenkatalog) >= 15
          AND (SELECT count(*) FROM kaoa.v_datenkatalog WHERE beschreibung IS NULL) = 0,
          'v_datenkatalog: every column of every view the BI role reads, described');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT throws_ok('SELECT * FROM kaoa.v_organisation', '42501', NULL, 'a school reads no BI view (42501)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
