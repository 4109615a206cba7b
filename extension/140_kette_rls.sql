-- Who sees what (docs/roles-and-bi.md): row-level security per organisation.  Every policy that needs
-- another table calls one owner-privileged STABLE C predicate (110_kette_akteur.sql), never a table
-- whose policies read back.  Writes are open in WITH CHECK: the rule triggers decide them and
-- answer with a KA code (a visible case the actor may not change gets KA004, not a silent no-op).
-- The owner (and superusers) are not subject to these policies; the API functions and rule
-- look-ups run as the owner.

ALTER TABLE kaoa.fall ENABLE ROW LEVEL SECURITY;
CREATE POLICY fall_sicht ON kaoa.fall
    USING (kaoa.fall_sichtbar(kommune, fall_id, schule_org, zustaendig_org)) WITH CHECK (true);

ALTER TABLE kaoa.person ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_sicht ON kaoa.person
    USING (kaoa.person_sichtbar(kommune, person_id, angelegt_von)) WITH CHECK (true);

ALTER TABLE kaoa.person_identitaet ENABLE ROW LEVEL SECURITY;
CREATE POLICY identitaet_sicht ON kaoa.person_identitaet
    USING (kaoa.identitaet_sichtbar(kommune, person_id)) WITH CHECK (true);

ALTER TABLE kaoa.einwilligung ENABLE ROW LEVEL SECURITY;
CREATE POLICY einwilligung_sicht ON kaoa.einwilligung
    USING (kaoa.einwilligung_sichtbar(kommune, einwilligung_id, person_id, erfasst_von)) WITH CHECK (true);

ALTER TABLE kaoa.uebergabe ENABLE ROW LEVEL SECURITY;
CREATE POLICY uebergabe_sicht ON kaoa.uebergabe
    USING (kaoa.uebergabe_sichtbar(kommune, von_org, an_org)) WITH CHECK (true);

-- what a hand-off transferred: no policy, so no role but the owner reads it (kaoa.uebergabe_daten)
ALTER TABLE kaoa.uebergabe_inhalt ENABLE ROW LEVEL SECURITY;

ALTER TABLE kaoa.kontaktversuch ENABLE ROW LEVEL SECURITY;
CREATE POLICY kontaktversuch_sicht ON kaoa.kontaktversuch
    USING (kaoa.fall_sichtbar(kommune, fall_id)) WITH CHECK (true);

ALTER TABLE kaoa.ereignis ENABLE ROW LEVEL SECURITY;
CREATE POLICY ereignis_sicht ON kaoa.ereignis FOR SELECT
    USING (kaoa.fall_sichtbar(kommune, fall_id));

-- Configuration: readable by every actor, kept by the system and the KoKo of the Kommune.
ALTER TABLE kaoa.kommune ENABLE ROW LEVEL SECURITY;
CREATE POLICY kommune_lesen ON kaoa.kommune FOR SELECT USING (true);
CREATE POLICY kommune_anlegen ON kaoa.kommune FOR INSERT WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY kommune_aendern ON kaoa.kommune FOR UPDATE
    USING (kaoa.kommune_verwaltbar(kommune)) WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY kommune_loeschen ON kaoa.kommune FOR DELETE USING (kaoa.kommune_verwaltbar(kommune));

ALTER TABLE kaoa.organisation ENABLE ROW LEVEL SECURITY;
CREATE POLICY organisation_lesen ON kaoa.organisation FOR SELECT USING (true);
CREATE POLICY organisation_anlegen ON kaoa.organisation FOR INSERT WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY organisation_aendern ON kaoa.organisation FOR UPDATE
    USING (kaoa.kommune_verwaltbar(kommune)) WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY organisation_loeschen ON kaoa.organisation FOR DELETE USING (kaoa.kommune_verwaltbar(kommune));

ALTER TABLE kaoa.fristen ENABLE ROW LEVEL SECURITY;
CREATE POLICY fristen_lesen ON kaoa.fristen FOR SELECT USING (true);
CREATE POLICY fristen_anlegen ON kaoa.fristen FOR INSERT WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY fristen_aendern ON kaoa.fristen FOR UPDATE
    USING (kaoa.kommune_verwaltbar(kommune)) WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY fristen_loeschen ON kaoa.fristen FOR DELETE USING (kaoa.kommune_verwaltbar(kommune));
