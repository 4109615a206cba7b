-- kaoa 0.1.0 -> 0.2.0: run by ALTER EXTENSION kaoa UPDATE.
--
-- Every change of an SQL object made after the 0.1.0 release goes into extension/NNN_*.sql (the
-- fresh install) *and* here, in the same commit.  test/scripts/upgrade.sh installs 0.1.0 from the
-- frozen extension/kaoa--0.1.0.sql, fills it, runs this script and compares the catalogue of schema
-- kaoa with a fresh 0.2.0 install, object by object; a change written in one place only fails it.
--
-- Rules for this file: name every object schema-qualified; new columns go at the end of their table
-- (the fresh install's CREATE TABLE lists them last too); CREATE OR REPLACE keeps grants, DROP +
-- CREATE does not (re-grant what rolle_recht grants); one section per change, with the issue it
-- belongs to.

\echo Use "ALTER EXTENSION kaoa UPDATE TO '0.2.0'" to load this file. \quit
