-- Closed sets of the domain as plain enums (docs/types.md).  Open sets that grow between releases
-- are reference tables instead (an enum value added by an upgrade script cannot be used in the
-- same script).

CREATE TYPE kaoa.org_typ AS ENUM (
    'schule', 'berufskolleg', 'agentur', 'jobcenter', 'jugendamt', 'jba', 'koko', 'kammer',
    'traeger', 'betrieb');
COMMENT ON TYPE kaoa.org_typ IS
    'Kind of organisation in the Verantwortungskette: school, Berufskolleg, Agentur für Arbeit (Berufsberatung), Jobcenter, Jugendamt, Jugendberufsagentur (a cooperation, never holds a case), Kommunale Koordinierungsstelle, Kammer, Träger, Betrieb.';

CREATE TYPE kaoa.fall_status AS ENUM (
    'offen', 'ohne_anschluss', 'in_beratung', 'anschluss_gesichert', 'angetreten',
    'nicht_angetreten', 'nicht_erreichbar', 'ausgenommen');
COMMENT ON TYPE kaoa.fall_status IS
    'State of a transition case; the allowed transitions are enforced by the case trigger.';

CREATE TYPE kaoa.rechtsgrundlage AS ENUM (
    'schuldueg_1_1', 'sgb3_31a_2', 'schulg_120', 'sgb10_69', 'einwilligung');
COMMENT ON TYPE kaoa.rechtsgrundlage IS
    'Legal basis of a hand-off: SchülerDÜG NRW § 1 Abs. 1 / § 31a Abs. 1 SGB III; § 31a Abs. 2 SGB III / SchülerDÜG § 1 Abs. 5; SchulG NRW § 120; § 69 SGB X; consent.';
