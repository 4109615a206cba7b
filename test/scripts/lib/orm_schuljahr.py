"""A school year through an ORM (test/scripts/orm_schuljahr.sh): python3 orm_schuljahr.py django|sqlalchemy.

Each ORM maps kaoa's tables as unmanaged models (Django: managed = False, db_table 'kaoa"."fall';
SQLAlchemy: declarative classes in schema kaoa), connects as the organisations' LOGIN roles
(KAOA_ORM_SCHULE, KAOA_ORM_AGENTUR; password KAOA_ORM_PASSWORT; host and port from the PG*
variables) and plays one leaver's year: register (person, identity, case), identify, hand on,
accept, record the Anschluss.  Every change of a case is a full-row UPDATE — Django's Model.save()
writes every column; the SQLAlchemy session is made to do the same (before_flush marks every column
of every dirty object modified, as Hibernate and Entity Framework send by default) — and the
statement is checked to name the fixed columns.  kaoa's refusals must arrive as the ORM's exceptions
with the SQLSTATE (Django: DatabaseError with __cause__.pgcode; SQLAlchemy: DBAPIError with
.orig.pgcode), and the row must be unchanged afterwards, as the superuser reads it.

Prints "ok - …" / "not ok - …" lines and "# …" diagnostics; the shell script numbers them.
"""
import os
import sys

import psycopg2

DB = os.environ["KAOA_ORM_DB"]
PASSWORT = os.environ["KAOA_ORM_PASSWORT"]
SCHULE, AGENTUR = os.environ["KAOA_ORM_SCHULE"], os.environ["KAOA_ORM_AGENTUR"]
SCHULE_ORG = int(os.environ["KAOA_ORM_SCHULE_ORG"])
AGENTUR_ORG = int(os.environ["KAOA_ORM_AGENTUR_ORG"])
BETRIEB_ORG = int(os.environ["KAOA_ORM_BETRIEB"])
KOMMUNE = "05315"
SCHULJAHR = 2025

fehler = 0


def ok(bedingung, text, *diagnose):
    global fehler
    if bedingung:
        print("ok - " + text)
    else:
        fehler += 1
        print("not ok - " + text)
        for d in diagnose:
            print("# " + str(d).replace("\n", "\n# "))
    sys.stdout.flush()


# The superuser's view of a row, to show it unchanged after a refusal.
admin = psycopg2.connect(dbname=DB)
admin.autocommit = True


def zeile(tabelle, spalte, wert):
    with admin.cursor() as c:
        c.execute("SELECT t::text FROM kaoa.%s t WHERE %s = %%s" % (tabelle, spalte), (wert,))
        r = c.fetchone()
        return r[0] if r else None


def sqlstate(exc):
    """The SQLSTATE an ORM's exception carries: psycopg2's pgcode on the DB-API error it wraps."""
    for ursache in (getattr(exc, "orig", None), exc.__cause__, exc):
        code = getattr(ursache, "pgcode", None)
        if code:
            return code
    return None


# ---- Django ---------------------------------------------------------------------------------------------------

def django_schuljahr():
    import django
    from django.conf import settings

    def verbindung(rolle):
        # HOST and PORT empty: libpq takes them from PGHOST / PGPORT, as psql does
        return {"ENGINE": "django.db.backends.postgresql", "NAME": DB, "USER": rolle, "PASSWORD": PASSWORT,
                "HOST": os.environ.get("PGHOST", ""), "PORT": os.environ.get("PGPORT", "")}

    settings.configure(
        DATABASES={"default": verbindung(SCHULE), "schule": verbindung(SCHULE), "agentur": verbindung(AGENTUR)},
        INSTALLED_APPS=[], USE_TZ=True, TIME_ZONE="Europe/Berlin",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField")
    django.setup()
    from django.db import DatabaseError, connections, models
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    class Person(models.Model):
        person_id = models.BigAutoField(primary_key=True)
        kommune = models.TextField()
        pseudonym = models.TextField()
        geburtsmonat = models.DateField(null=True)
        widerspruch_am = models.DateTimeField(null=True)
        angelegt_von = models.BigIntegerField(null=True)

        class Meta:
            managed = False
            app_label = "kaoa_orm"
            db_table = 'kaoa"."person'

    class Identitaet(models.Model):
        person_id = models.BigIntegerField(primary_key=True)
        kommune = models.TextField()
        nachname = models.TextField()
        vorname = models.TextField()
        geburtsdatum = models.DateField(null=True)
        geschlecht = models.TextField(null=True)
        anschrift = models.TextField(null=True)

        class Meta:
            managed = False
            app_label = "kaoa_orm"
            db_table = 'kaoa"."person_identitaet'

    class Fall(models.Model):
        fall_id = models.BigAutoField(primary_key=True)
        kommune = models.TextField()
        person_id = models.BigIntegerField()
        schuljahr = models.IntegerField()
        schule_org = models.BigIntegerField()
        schulform = models.TextField(null=True)
        status = models.TextField(default="offen")
        zustaendig_org = models.BigIntegerField()
        abschluss = models.TextField(null=True)
        abschluss_erwartet = models.BooleanField(null=True)
        anschluss = models.TextField(null=True)
        grund = models.TextField(null=True)
        status_seit = models.DateTimeField(default=timezone.now)
        aufnehmende_org = models.BigIntegerField(null=True)

        class Meta:
            managed = False
            app_label = "kaoa_orm"
            db_table = 'kaoa"."fall'

    def verweigert(code, text, aktion, tabelle, spalte, wert):
        """aktion() must raise Django's DatabaseError with SQLSTATE code; the row stays as it was."""
        vorher = zeile(tabelle, spalte, wert)
        try:
            aktion()
        except DatabaseError as e:
            ok(sqlstate(e) == code and isinstance(e.__cause__, psycopg2.Error),
               text + " (%s, %s from psycopg2)" % (code, type(e).__name__), "got %s: %s" % (sqlstate(e), e))
        else:
            ok(False, text + " (%s)" % code, "no exception")
        nachher = zeile(tabelle, spalte, wert)
        ok(nachher == vorher, text + ": the row is unchanged", "before: %s" % vorher, "after:  %s" % nachher)

    # the school registers a leaver: person, identity, case (INSERTs through Model.save())
    p = Person(kommune=KOMMUNE, pseudonym="DJ-1", angelegt_von=SCHULE_ORG)
    p.save(using="schule")
    ok(p.person_id is not None and zeile("person", "person_id", p.person_id) is not None,
       "the school registers a person (Model.save() INSERT, person_id %s from RETURNING)" % p.person_id)
    Identitaet.objects.using("schule").create(person_id=p.person_id, kommune=KOMMUNE, nachname="Yilmaz",
                                              vorname="Deniz", geschlecht="d", anschrift="Ringstraße 1, 50667 Köln")
    ok(Identitaet.objects.using("schule").get(person_id=p.person_id).nachname == "Yilmaz",
       "… and its identity, which the school reads back")
    f = Fall(kommune=KOMMUNE, person_id=p.person_id, schuljahr=SCHULJAHR, schule_org=SCHULE_ORG,
             zustaendig_org=SCHULE_ORG, abschluss="ESA")
    f.save(using="schule")
    f = Fall.objects.using("schule").get(pk=f.fall_id)
    ok((f.status, f.zustaendig_org, f.schulform) == ("offen", SCHULE_ORG, "GE"),
       "… and opens the case: offen, held by the school, schulform GE from the school",
       (f.status, f.zustaendig_org, f.schulform))

    # identify: offen → ohne_anschluss; outside any window the rule wants a grund (KA010)
    f.status = "ohne_anschluss"
    verweigert("KA010", "identifying without a grund outside the window: Model.save() raises",
               lambda: f.save(using="schule"), "fall", "fall_id", f.fall_id)
    f.grund = "kein Ausbildungsplatz, keine Anmeldung"
    with CaptureQueriesContext(connections["schule"]) as q:
        f.save(using="schule")
    update = [x["sql"] for x in q.captured_queries if x["sql"].startswith("UPDATE")]
    ok(len(update) == 1 and all('"%s" =' % s in update[0] for s in
                                ("kommune", "person_id", "schuljahr", "schule_org", "zustaendig_org")),
       "Model.save() sends one full-row UPDATE naming the fixed columns (kommune, person_id, schuljahr, schule_org, zustaendig_org)",
       update)
    ok(Fall.objects.using("schule").get(pk=f.fall_id).status == "ohne_anschluss",
       "… and with a grund the case is ohne_anschluss: the repeated fixed columns pass")

    # a changed fixed column is refused; the object is reset from the database each time
    f.schuljahr = SCHULJAHR + 1
    verweigert("KA006", "changing schuljahr through Model.save()", lambda: f.save(using="schule"),
               "fall", "fall_id", f.fall_id)
    f.refresh_from_db(using="schule")
    f.zustaendig_org = AGENTUR_ORG
    verweigert("KA004", "moving zustaendig_org by UPDATE instead of a hand-off", lambda: f.save(using="schule"),
               "fall", "fall_id", f.fall_id)
    f.refresh_from_db(using="schule")

    # hand on through the ORM's connection
    with connections["schule"].cursor() as c:
        c.execute("SELECT kaoa.uebergeben(%s, %s, 'schuldueg_1_1')", [f.fall_id, AGENTUR_ORG])
        uebergabe = c.fetchone()[0]
    ok(uebergabe is not None, "the school hands the case on to the Agentur (kaoa.uebergeben on the ORM's connection)")

    # the Agentur accepts and records the Anschluss
    with connections["agentur"].cursor() as c:
        c.execute("SELECT kaoa.uebernehmen(%s)", [uebergabe])
    fa = Fall.objects.using("agentur").get(pk=f.fall_id)
    ok(fa.zustaendig_org == AGENTUR_ORG, "the Agentur accepts (kaoa.uebernehmen) and now holds the case")
    fa.status, fa.anschluss = "anschluss_gesichert", "arbeit"
    verweigert("KA009", "anschluss_gesichert with a category that does not secure (arbeit)",
               lambda: fa.save(using="agentur"), "fall", "fall_id", f.fall_id)
    fa.anschluss, fa.aufnehmende_org = "dual_betrieblich", BETRIEB_ORG
    fa.save(using="agentur")
    fa = Fall.objects.using("agentur").get(pk=f.fall_id)
    ok((fa.status, fa.anschluss, fa.aufnehmende_org) == ("anschluss_gesichert", "dual_betrieblich", BETRIEB_ORG),
       "the Agentur records the Anschluss through Model.save(): anschluss_gesichert, dual_betrieblich, the Betrieb",
       (fa.status, fa.anschluss, fa.aufnehmende_org))

    # the school's object from before the hand-off: the school no longer holds the case
    f.status, f.grund = "offen", None
    verweigert("KA004", "the school saving its stale copy after the hand-off", lambda: f.save(using="schule"),
               "fall", "fall_id", f.fall_id)


# ---- SQLAlchemy -----------------------------------------------------------------------------------------------

def sqlalchemy_schuljahr():
    from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, Integer, Text, create_engine, event, func, text
    from sqlalchemy import inspect as sa_inspect
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm import Session, declarative_base
    from sqlalchemy.orm.attributes import flag_modified

    Basis = declarative_base()

    class Person(Basis):
        __tablename__ = "person"
        __table_args__ = {"schema": "kaoa"}
        person_id = Column(BigInteger, primary_key=True)
        kommune = Column(Text, nullable=False)
        pseudonym = Column(Text, nullable=False)
        geburtsmonat = Column(Date)
        widerspruch_am = Column(DateTime(timezone=True))
        angelegt_von = Column(BigInteger)

    class Identitaet(Basis):
        __tablename__ = "person_identitaet"
        __table_args__ = {"schema": "kaoa"}
        person_id = Column(BigInteger, primary_key=True, autoincrement=False)
        kommune = Column(Text, nullable=False)
        nachname = Column(Text, nullable=False)
        vorname = Column(Text, nullable=False)
        geburtsdatum = Column(Date)
        geschlecht = Column(Text)
        anschrift = Column(Text)

    class Fall(Basis):
        __tablename__ = "fall"
        __table_args__ = {"schema": "kaoa"}
        fall_id = Column(BigInteger, primary_key=True)
        kommune = Column(Text, nullable=False)
        person_id = Column(BigInteger, nullable=False)
        schuljahr = Column(Integer, nullable=False)
        schule_org = Column(BigInteger, nullable=False)
        schulform = Column(Text)
        status = Column(Text, nullable=False, default="offen")
        zustaendig_org = Column(BigInteger, nullable=False)
        abschluss = Column(Text)
        abschluss_erwartet = Column(Boolean)
        anschluss = Column(Text)
        grund = Column(Text)
        status_seit = Column(DateTime(timezone=True), nullable=False, default=func.now())
        aufnehmende_org = Column(BigInteger)

    # full rows: every column of every changed object goes into its UPDATE (never the key)
    @event.listens_for(Session, "before_flush")
    def volle_zeile(session, kontext, instanzen):
        for obj in session.dirty:
            mapper = sa_inspect(obj).mapper
            for attr in mapper.column_attrs:
                if not any(c.primary_key for c in attr.columns):
                    flag_modified(obj, attr.key)

    def engine(rolle):
        # no host in the URL: libpq takes PGHOST / PGPORT, as psql does
        e = create_engine("postgresql+psycopg2://%s:%s@/%s" % (rolle, PASSWORT, DB), future=True)
        e.gesendet = []
        event.listen(e, "before_cursor_execute", lambda conn, cur, stmt, *rest: e.gesendet.append(stmt))
        return e

    schule, agentur = Session(engine(SCHULE), future=True), Session(engine(AGENTUR), future=True)

    def verweigert(code, text, session, tabelle, spalte, wert):
        """session.commit() must raise a DBAPIError with SQLSTATE code; the row stays as it was."""
        vorher = zeile(tabelle, spalte, wert)
        try:
            session.commit()
        except DBAPIError as e:
            session.rollback()
            ok(sqlstate(e) == code and isinstance(e.orig, psycopg2.Error),
               text + " (%s, %s from psycopg2)" % (code, type(e).__name__), "got %s: %s" % (sqlstate(e), e))
        else:
            ok(False, text + " (%s)" % code, "no exception")
        nachher = zeile(tabelle, spalte, wert)
        ok(nachher == vorher, text + ": the row is unchanged", "before: %s" % vorher, "after:  %s" % nachher)

    # the school registers a leaver
    p = Person(kommune=KOMMUNE, pseudonym="SA-1", angelegt_von=SCHULE_ORG)
    schule.add(p)
    schule.commit()
    ok(p.person_id is not None and zeile("person", "person_id", p.person_id) is not None,
       "the school registers a person (session.commit() INSERT, person_id %s from RETURNING)" % p.person_id)
    schule.add(Identitaet(person_id=p.person_id, kommune=KOMMUNE, nachname="Schmitz", vorname="Lea",
                          anschrift="Domstraße 2, 50668 Köln"))
    schule.commit()
    ok(schule.get(Identitaet, p.person_id).nachname == "Schmitz", "… and its identity, which the school reads back")
    f = Fall(kommune=KOMMUNE, person_id=p.person_id, schuljahr=SCHULJAHR, schule_org=SCHULE_ORG,
             zustaendig_org=SCHULE_ORG, abschluss="HSA")
    schule.add(f)
    schule.commit()
    fall_id = f.fall_id
    ok((f.status, f.zustaendig_org, f.schulform) == ("offen", SCHULE_ORG, "GE"),
       "… and opens the case: offen, held by the school, schulform GE from the school",
       (f.status, f.zustaendig_org, f.schulform))

    # identify
    f.status = "ohne_anschluss"
    verweigert("KA010", "identifying without a grund outside the window: session.commit() raises",
               schule, "fall", "fall_id", fall_id)
    f = schule.get(Fall, fall_id)
    f.status, f.grund = "ohne_anschluss", "sucht noch"
    schule.bind.gesendet.clear()
    schule.commit()
    update = [s for s in schule.bind.gesendet if s.startswith("UPDATE")]
    ok(len(update) == 1 and all("%s=" % s in update[0].replace(" ", "") for s in
                                ("kommune", "person_id", "schuljahr", "schule_org", "zustaendig_org")),
       "the session sends one full-row UPDATE naming the fixed columns (kommune, person_id, schuljahr, schule_org, zustaendig_org)",
       update)
    ok(schule.get(Fall, fall_id).status == "ohne_anschluss", "… and the case is ohne_anschluss: the repeated fixed columns pass")

    f.schule_org = AGENTUR_ORG
    verweigert("KA006", "changing schule_org through the session", schule, "fall", "fall_id", fall_id)
    f = schule.get(Fall, fall_id)
    f.kommune = "05111"
    verweigert("KA006", "changing kommune through the session", schule, "fall", "fall_id", fall_id)
    f = schule.get(Fall, fall_id)

    # hand on through the session's connection
    uebergabe = schule.execute(text("SELECT kaoa.uebergeben(:f, :an, 'schuldueg_1_1')"),
                               {"f": fall_id, "an": AGENTUR_ORG}).scalar_one()
    schule.commit()
    ok(uebergabe is not None, "the school hands the case on to the Agentur (kaoa.uebergeben through the session)")
    # offering it twice: KA005, a plain function call refused the same way
    try:
        schule.execute(text("SELECT kaoa.uebergeben(:f, :an, 'schuldueg_1_1')"), {"f": fall_id, "an": AGENTUR_ORG})
        ok(False, "a second open hand-off is refused (KA005)", "no exception")
    except DBAPIError as e:
        ok(sqlstate(e) == "KA005", "a second open hand-off is refused (KA005 as %s)" % type(e).__name__,
           "got %s: %s" % (sqlstate(e), e))
    schule.rollback()

    # the Agentur accepts and records the Anschluss
    agentur.execute(text("SELECT kaoa.uebernehmen(:u)"), {"u": uebergabe})
    agentur.commit()
    fa = agentur.get(Fall, fall_id)
    ok(fa.zustaendig_org == AGENTUR_ORG, "the Agentur accepts (kaoa.uebernehmen) and now holds the case")
    fa.status = "anschluss_gesichert"
    verweigert("KA009", "anschluss_gesichert without an Anschluss", agentur, "fall", "fall_id", fall_id)
    fa = agentur.get(Fall, fall_id)
    fa.status, fa.anschluss, fa.aufnehmende_org = "anschluss_gesichert", "dual_betrieblich", BETRIEB_ORG
    agentur.commit()
    agentur.expire_all()
    fa = agentur.get(Fall, fall_id)
    ok((fa.status, fa.anschluss, fa.aufnehmende_org) == ("anschluss_gesichert", "dual_betrieblich", BETRIEB_ORG),
       "the Agentur records the Anschluss through session.commit(): anschluss_gesichert, dual_betrieblich, the Betrieb",
       (fa.status, fa.anschluss, fa.aufnehmende_org))

    # the school's stale object: it no longer holds the case
    schule.expire_all()
    f = schule.get(Fall, fall_id)
    f.abschluss_erwartet = True
    verweigert("KA004", "the school changing the case after the hand-off", schule, "fall", "fall_id", fall_id)
    schule.close()
    agentur.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["django"]:
        django_schuljahr()
    elif sys.argv[1:] == ["sqlalchemy"]:
        sqlalchemy_schuljahr()
    else:
        sys.exit("usage: orm_schuljahr.py django|sqlalchemy")
    sys.exit(1 if fehler else 0)
