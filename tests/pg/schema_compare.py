#!/usr/bin/env python3
"""schema_compare.py SQLITE-SCHEMA-DIR PG-SCHEMA-DIR PG-URL — applies every
SQLite migration in order to an in-memory SQLite database and every
PostgreSQL twin in order (each in its own transaction, stopping at the first
error) to a fresh database on the cluster at PG-URL, then compares what they
built: the same migration numbers, tables, columns (order, type class, NOT
NULL, default), primary keys, UNIQUE constraints, foreign keys, number of
CHECKs, indexes and triggers. Prints each difference and exits 1 if any."""
import os, re, sqlite3, subprocess, sys

TYPE = {"integer": "int", "bigint": "int", "real": "real", "double precision": "real", "text": "text"}
# PostgreSQL needs one trigger SQLite does not: TRUNCATE bypasses row triggers.
PG_ONLY_TRIGGERS = {("audit", "audit_no_truncate")}


def migrations(d):
    return sorted(f for f in os.listdir(d) if re.match(r"^\d{3}_.*\.sql$", f))


def psql(url, sql, *extra):
    r = subprocess.run(["psql", url, "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1", *extra, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL [pg/schema]: psql: {r.stderr.strip()}")
    return [line.split("\t") for line in r.stdout.splitlines() if line]


def with_db(url, db):
    return re.sub(r"^(postgres(?:ql)?://[^/?]*)(/[^?]*)?", lambda m: m.group(1) + "/" + db, url)


def norm_default(d):
    if d is None:
        return None
    d = re.sub(r"::[a-z ]+$", "", str(d).strip())
    return d.strip("()")


def sqlite_schema(d):
    db = sqlite3.connect(":memory:")
    for f in migrations(d):
        db.executescript(open(os.path.join(d, f)).read())
    s = {}
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for t in tables:
        q = t.replace('"', '""')
        cols = db.execute(f'PRAGMA table_info("{q}")').fetchall()
        s[("columns", t)] = [(c[1], TYPE[c[2].lower()], bool(c[3]) or c[5] > 0, norm_default(c[4]))
                             for c in cols]
        s[("pk", t)] = sorted(c[1] for c in cols if c[5] > 0)
        uniq = []
        for il in db.execute(f'PRAGMA index_list("{q}")').fetchall():
            if il[2] and il[3] == "u":
                uniq.append(tuple(r[2] for r in db.execute(f'PRAGMA index_info("{il[1]}")')))
        s[("unique", t)] = sorted(uniq)
        s[("fk", t)] = sorted((r[3], r[2], r[4]) for r in db.execute(f'PRAGMA foreign_key_list("{q}")'))
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name=?", (t,)).fetchone()[0]
        s[("checks", t)] = len(re.findall(r"\bCHECK\s*\(", sql))
    for name, t in db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"):
        s[("index", name)] = (t, tuple(r[2] for r in db.execute(f'PRAGMA index_info("{name}")')))
    s["triggers"] = sorted(db.execute("SELECT tbl_name, name FROM sqlite_master WHERE type='trigger'"))
    s["tables"] = tables
    return s


def pg_schema(d, url):
    db = "tdn_schema_%d" % os.getpid()
    psql(url, f"DROP DATABASE IF EXISTS {db}")
    psql(url, f"CREATE DATABASE {db}")
    u = with_db(url, db)
    try:
        for f in migrations(d):
            r = subprocess.run(["psql", u, "-XAtq", "-1", "-v", "ON_ERROR_STOP=1", "-f", os.path.join(d, f)],
                               capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"FAIL [pg/schema]: {f} does not apply: {r.stderr.strip()}")
        behaviour(u)
        return pg_read(u)
    finally:
        psql(url, f"DROP DATABASE IF EXISTS {db}")


def refused(u, sql, want):
    r = subprocess.run(["psql", u, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True)
    if r.returncode == 0 or want not in r.stderr:
        sys.exit(f"FAIL [pg/schema]: not refused with '{want}': {sql} ({r.stderr.strip()})")


def behaviour(u):
    """The triggers and changed CHECKs act as in SQLite."""
    psql(u, """INSERT INTO patient (id, name, birth, created) VALUES (7, 'Ann Lee', '1980-01-02', 1);
        INSERT INTO patient (name, birth, created) VALUES ('Bo Lee', '1981-01-02', 1);
        INSERT INTO session (id, patient_id, clinician, opened_at) VALUES (3, 7, 'doc', 1);
        INSERT INTO session_note (session_id, updated_at, updated_by) VALUES (3, 1, 'doc');
        UPDATE session_note SET subjective = 'draft' WHERE session_id = 3;
        UPDATE session_note SET signed_at = 2, signed_text = 'S: draft' WHERE session_id = 3;
        INSERT INTO note_addendum (session_id, text, created, author, author_name) VALUES (3, 'late', 3, 'doc', 'Doc');
        INSERT INTO audit (at, actor, action, tbl) VALUES (1, 'doc', 'create', 'patient');
        INSERT INTO finding (session_id, muscle, side, tp_type, recorded_at) VALUES (3, 'deltoid', 'L', 'none', 1);
        INSERT INTO adverse_event (session_id, kind, severity, onset, recorded_at)
          VALUES (3, 'other', 'serious', 1, 1);
        INSERT INTO intake (patient_id, submitted_at, submitted_by, answers) VALUES (7, 1, 'ann', '{}');
        UPDATE intake SET status = 'reviewed'""")
    ids = psql(u, "SELECT id FROM patient ORDER BY id")
    if [r[0] for r in ids] != ["1", "7"]:
        sys.exit(f"FAIL [pg/schema]: identity ids {ids}")
    if psql(u, "SELECT value FROM setting WHERE key = 'timezone'") != [["UTC"]]:
        sys.exit("FAIL [pg/schema]: no timezone setting")
    refused(u, "UPDATE session_note SET plan = 'x'", "note: refused: a signed note is not changed")
    refused(u, "DELETE FROM session_note", "note: refused: a signed note is not deleted")
    refused(u, "UPDATE note_addendum SET text = 'x'", "addendum: refused: an addendum is not changed")
    refused(u, "DELETE FROM note_addendum", "addendum: refused: an addendum is not deleted")
    refused(u, "UPDATE audit SET actor = 'x'", "audit is append-only")
    refused(u, "DELETE FROM audit", "audit is append-only")
    refused(u, "TRUNCATE audit", "audit is append-only")
    refused(u, "UPDATE intake SET answers = '[]'", "intake: the patient's answers are never changed")
    refused(u, "INSERT INTO finding (session_id, muscle, side, tp_type, recorded_at) VALUES (3, 'x', 'L', 'odd', 1)",
            "finding_tp_type_check")
    refused(u, "INSERT INTO \"user\" (username, display_name, role, password_hash, created) "
            "VALUES ('p', 'P', 'patient', '', 1)", "check constraint")


def pg_read(u):
    s = {}
    tables = [r[0] for r in psql(u, "SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY 1")]
    for t in tables:
        cols = psql(u, f"""SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                 coalesce(pg_get_expr(d.adbin, d.adrelid), '\\N'), a.attidentity
               FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
               WHERE a.attrelid = '"{t}"'::regclass AND a.attnum > 0 AND NOT a.attisdropped
               ORDER BY a.attnum""")
        s[("columns", t)] = [(c[0], TYPE[c[1]], c[2] == "t", None if c[3] == "\\N" else norm_default(c[3]))
                             for c in cols]

        def con(kind):
            return psql(u, f"""SELECT array_to_string(array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o), ','),
                      coalesce(c.confrelid::regclass::text, ''),
                      coalesce(array_to_string(array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o), ','), '')
                    FROM pg_constraint c WHERE c.conrelid = '"{t}"'::regclass AND c.contype = '{kind}'""")
        pk = con("p")
        s[("pk", t)] = sorted(pk[0][0].split(",")) if pk else []
        s[("unique", t)] = sorted(tuple(r[0].split(",")) for r in con("u"))
        s[("fk", t)] = sorted((r[0], r[1].strip('"'), r[2]) for r in con("f"))
        s[("checks", t)] = len(con("c"))
    for name, t, cols in psql(u, """SELECT i.relname, t.relname, array_to_string(array(
                SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(n, o)
                JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o), ',')
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND NOT x.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"""):
        s[("index", name)] = (t, tuple(cols.split(",")))
    trig = psql(u, """SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                      WHERE NOT t.tgisinternal""")
    s["triggers"] = sorted(tuple(r) for r in trig if tuple(r) not in PG_ONLY_TRIGGERS)
    s["tables"] = tables
    return s


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: schema_compare.py SQLITE-SCHEMA-DIR PG-SCHEMA-DIR PG-URL")
    sq_dir, pg_dir, url = sys.argv[1:]
    bad = []
    if migrations(sq_dir) != migrations(pg_dir):
        bad.append(f"migration files differ: {migrations(sq_dir)} vs {migrations(pg_dir)}")
    a, b = sqlite_schema(sq_dir), pg_schema(pg_dir, url)
    for k in sorted(set(a) | set(b), key=str):
        if a.get(k) != b.get(k):
            bad.append(f"{k}: sqlite {a.get(k)} / postgresql {b.get(k)}")
    for line in bad:
        print("DIFF", line)
    n_cols = sum(len(v) for k, v in a.items() if isinstance(k, tuple) and k[0] == "columns")
    if bad:
        sys.exit(f"FAIL [pg/schema]: {len(bad)} differences")
    print(f"PASS [pg/schema]: {len(migrations(pg_dir))} migrations, {len(a['tables'])} tables, "
          f"{n_cols} columns, {len(a['triggers'])} triggers alike")


main()
