/* test_group.c — group commit (store.h tdn_store_group): many threads, each
 * with its own store joined to one group, add patients at once; some
 * transactions fail after writing. Every call that returned TDN_OK is
 * already visible on a separate connection when it returns (committed), a
 * failed transaction leaves nothing, and its neighbours in the same batch
 * keep theirs, audit rows included: transactions that take a turn
 * (tdn_sq_begin) and queued writes (tdn_sq_transact, the patient adds) alike.
 * Chart reads beside them (queued with their audit rows and read by the
 * group's connection in the batch that commits the rows) return only once
 * their audit row is committed, hand out nothing when it cannot be, and a
 * read that fails (no such patient) leaves no row and takes none of its
 * neighbours' with it. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store/sqlite_int.h"
#include "store_fixture.h"

#define THREADS 8
#define ROUNDS 20

typedef struct worker {
    const store_fixture *f;
    tdn_store_group *g;
    int k;
    bool refuse;     /* also try patients the refuse_patient trigger refuses */
    int added;       /* patient adds that returned TDN_OK */
    int not_visible; /* ... but were not yet committed when they returned */
    int failed_ok;   /* failing transactions that reported their own error */
    int refused_ok;  /* queued patient adds a trigger refused, reported as failed */
    int errors;      /* anything else */
} worker;

/* A transaction that writes a patient row and then fails (as a store call
 * does when a later check refuses): its row must not survive. */
static int doomed(tdn_store *s)
{
    tdn_err err = {0};
    int rc = tdn_sq_begin(s, &err);
    if (rc) return rc;
    rc = tdn_sq_run(s, &err,
                    "INSERT INTO patient (name, birth, created) VALUES ('Doomed', '1980-01-01', 1)",
                    "");
    return tdn_sq_end(s, rc ? rc : TDN_EINPUT, &err);
}

static int write_doomed(tdn_store *on, void *ctx, tdn_err *err)
{
    (void)ctx;
    int rc = tdn_sq_run(
        on, err, "INSERT INTO patient (name, birth, created) VALUES ('Doomed', '1980-01-01', 1)",
        "");
    return rc ? rc : tdn_err_set(err, TDN_EINPUT, "doomed: refused after writing");
}

/* The same as a queued write (tdn_sq_transact): run by whoever holds the
 * group's connection, rolled back alone. */
static int doomed_queued(tdn_store *s)
{
    tdn_err err = {0};
    return tdn_sq_transact(s, write_doomed, NULL, &err);
}

/* The count sql gives as another connection (another process, as it were)
 * reads it now, with ?1 bound to text, or to id when text is NULL; -1 when
 * reading fails. */
static int count_now(const store_fixture *f, const char *sql, const char *text, int64_t id)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_open(f->path, &db) == SQLITE_OK && sqlite3_busy_timeout(db, 10000) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        (text ? sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC)
              : sqlite3_bind_int64(st, 1, id)) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Whether patient id is committed: 1 or 0 (-1 when reading fails). */
static int committed(const store_fixture *f, int64_t id)
{
    return count_now(f, "SELECT count(*) FROM patient WHERE id = ?1", NULL, id);
}

/* How many chart-read audit rows actor has, committed. */
static int audited(const store_fixture *f, const char *actor)
{
    return count_now(f, "SELECT count(*) FROM audit WHERE actor = ?1 AND tbl = 'chart'", actor, 0);
}

/* A store of its own on f's file, joined to g; NULL when it cannot open. */
static tdn_store *joined_store(const store_fixture *f, tdn_store_group *g)
{
    tdn_store *s = NULL;
    tdn_err err = {0};
    if (tdn_store_open(&s, f->path, &err)) return NULL;
    tdn_store_join(s, g);
    return s;
}

static void *work(void *arg)
{
    worker *w = arg;
    tdn_err err = {0};
    tdn_store *s = joined_store(w->f, w->g);
    if (!s) {
        w->errors++;
        return NULL;
    }
    for (int i = 0; i < ROUNDS; i++) {
        char name[64];
        snprintf(name, sizeof name, "Patient %d-%d", w->k, i);
        tdn_patient p = {.birth = "1980-01-01"};
        snprintf(p.name, sizeof p.name, "%s", name);
        int64_t id = 0;
        if (tdn_store_patient_add(s, &w->f->act, &p, &id, &err) == TDN_OK) {
            w->added++;
            if (committed(w->f, id) != 1) w->not_visible++;
        } else {
            w->errors++;
        }
        if (w->refuse && (i + w->k) % 4 == 0) { /* a queued write that fails */
            tdn_patient no = {.name = "Refused Patient", .birth = "1980-01-01"};
            tdn_err e = {0};
            if (tdn_store_patient_add(s, &w->f->act, &no, &id, &e) != TDN_OK && e.status)
                w->refused_ok++;
            else
                w->errors++;
        }
        if ((i + w->k) % 3 == 0) {
            if ((i % 2 ? doomed(s) : doomed_queued(s)) == TDN_EINPUT)
                w->failed_ok++;
            else
                w->errors++;
        }
    }
    tdn_store_close(s);
    return NULL;
}

typedef struct reader {
    const store_fixture *f;
    tdn_store_group *g;
    char actor[32];
    int64_t patient;
    int read;        /* chart reads that returned TDN_OK with the chart */
    int not_audited; /* ... whose audit row was not yet committed */
    int refused;     /* reads that failed and handed out no chart */
    int missing;     /* reads of a patient that does not exist: TDN_EINPUT */
    int errors;      /* anything else */
} reader;

#define NO_PATIENT 999999 /* no patient has this id */

static void *read_charts(void *arg)
{
    reader *r = arg;
    tdn_err err = {0};
    tdn_store *s = joined_store(r->f, r->g);
    if (!s) {
        r->errors++;
        return NULL;
    }
    tdn_act act = {.actor = r->actor, .now = r->f->act.now};
    for (int i = 0; i < ROUNDS; i++) {
        tdn_chart c;
        memset(&c, 0xff, sizeof c); /* the call must set every field */
        int rc = tdn_store_chart_read(s, &act, r->patient, &c, &err);
        if (rc == TDN_OK && c.patient.id == r->patient) {
            r->read++;
            if (audited(r->f, r->actor) != r->read) r->not_audited++;
        } else if (rc == TDN_ESYS && c.patient.id == 0 && !c.sessions && !c.n_sessions) {
            r->refused++;
        } else {
            r->errors++;
        }
        tdn_chart_free(&c);
        if (i % 4 == 0) {
            memset(&c, 0xff, sizeof c);
            rc = tdn_store_chart_read(s, &act, NO_PATIENT, &c, &err);
            if (rc == TDN_EINPUT && c.patient.id == 0 && !c.sessions)
                r->missing++;
            else
                r->errors++;
            tdn_chart_free(&c);
        }
    }
    tdn_store_close(s);
    return NULL;
}

/* Runs THREADS / 2 writers (as concurrent_writers_...) and as many chart
 * readers of patient at once; the readers whose actor starts with
 * "refused" are refused their audit row by a trigger. */
static void run_readers_and_writers(store_fixture *f, tdn_store_group *g, int64_t patient,
                                    worker *w, reader *r)
{
    pthread_t t[THREADS];
    for (int k = 0; k < THREADS / 2; k++) {
        w[k] = (worker){.f = f, .g = g, .k = k};
        r[k] = (reader){.f = f, .g = g, .patient = patient};
        snprintf(r[k].actor, sizeof r[k].actor, "%s-%d", k % 2 ? "refused" : "reader", k);
        assert_int_equal(pthread_create(&t[2 * k], NULL, work, &w[k]), 0);
        assert_int_equal(pthread_create(&t[2 * k + 1], NULL, read_charts, &r[k]), 0);
    }
    for (int k = 0; k < THREADS; k++)
        pthread_join(t[k], NULL);
}

/* Runs sql on f's file through a connection of its own. */
static void exec_raw(const store_fixture *f, const char *sql)
{
    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
}

static void chart_reads_beside_writers_are_audited_before_they_return(void **state)
{
    (void)state;
    store_fixture f;
    assert_int_equal(fixture_open(&f), 0);
    tdn_err err = {0};
    tdn_patient p = {.name = "Read Often", .birth = "1970-02-03"};
    int64_t patient = 0;
    assert_int_equal(tdn_store_patient_add(f.s, &f.act, &p, &patient, &err), TDN_OK);
    exec_raw(&f, "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit "
                 "WHEN NEW.actor LIKE 'refused-%' "
                 "BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
    tdn_store_group *g = NULL;
    assert_int_equal(tdn_store_group_open(&g, f.path, &err), TDN_OK);
    worker w[THREADS / 2];
    reader r[THREADS / 2];
    run_readers_and_writers(&f, g, patient, w, r);
    tdn_store_group_close(g);
    int added = 0;
    for (int k = 0; k < THREADS / 2; k++) {
        assert_int_equal(w[k].errors, 0);
        assert_int_equal(w[k].not_visible, 0);
        assert_int_equal(r[k].errors, 0);
        assert_int_equal(r[k].not_audited, 0);
        assert_int_equal(r[k].read, k % 2 ? 0 : ROUNDS);
        assert_int_equal(r[k].refused, k % 2 ? ROUNDS : 0);
        assert_int_equal(r[k].missing, ROUNDS / 4);
        added += w[k].added;
    }
    assert_int_equal(added, THREADS / 2 * ROUNDS);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM patient"), added + 1);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM audit WHERE actor LIKE 'reader-%'"),
                     THREADS / 4 * ROUNDS);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM audit WHERE actor LIKE 'refused-%'"), 0);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE patient_id = %d", NO_PATIENT);
    assert_int_equal(fixture_int(&f, sql), 0);
    fixture_close(&f);
}

/* A fresh store (f) and a group on its file. */
static tdn_store_group *open_group(store_fixture *f)
{
    assert_int_equal(fixture_open(f), 0);
    tdn_store_group *g = NULL;
    tdn_err err = {0};
    assert_int_equal(tdn_store_group_open(&g, f->path, &err), TDN_OK);
    return g;
}

/* The fixture's store joined to a new group, and the way back. */
static tdn_store_group *open_joined(store_fixture *f)
{
    tdn_store_group *g = open_group(f);
    tdn_store_join(f->s, g);
    return g;
}

static void close_joined(store_fixture *f, tdn_store_group *g)
{
    tdn_store_close(f->s);
    f->s = NULL;
    tdn_store_group_close(g);
    fixture_close(f);
}

/* Patient adds are queued writes (tdn_sq_transact) run by whoever holds the
 * group's connection; doomed() takes a turn (tdn_sq_begin). Both kinds
 * fail beside each other here, and neither takes a neighbour with it. */
static void concurrent_writers_keep_every_committed_row(void **state)
{
    (void)state;
    store_fixture f;
    tdn_store_group *g = open_group(&f);
    exec_raw(&f, "CREATE TRIGGER refuse_patient BEFORE INSERT ON patient "
                 "WHEN NEW.name = 'Refused Patient' "
                 "BEGIN SELECT RAISE(ABORT, 'patient refused'); END");
    worker w[THREADS];
    pthread_t t[THREADS];
    for (int k = 0; k < THREADS; k++) {
        w[k] = (worker){.f = &f, .g = g, .k = k, .refuse = true};
        assert_int_equal(pthread_create(&t[k], NULL, work, &w[k]), 0);
    }
    int added = 0, failed = 0;
    for (int k = 0; k < THREADS; k++) {
        pthread_join(t[k], NULL);
        assert_int_equal(w[k].errors, 0);
        assert_int_equal(w[k].not_visible, 0);
        added += w[k].added;
        failed += w[k].failed_ok;
        assert_int_equal(w[k].refused_ok, ROUNDS / 4); /* (i + k) % 4 == 0 */
    }
    tdn_store_group_close(g);
    assert_int_equal(added, THREADS * ROUNDS);
    assert_true(failed > 0);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM patient WHERE name = 'Doomed'"), 0);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM patient"), added);
    assert_int_equal(
        fixture_int(&f, "SELECT count(*) FROM audit WHERE action = 'create' AND tbl = 'patient'"),
        added);
    fixture_close(&f);
}

/* A store joined to a group reads its own transaction's rows (they run on
 * the group's connection) and, after the call, from its own connection. */
static void joined_store_reads_what_it_wrote(void **state)
{
    (void)state;
    store_fixture f;
    tdn_store_group *g = open_joined(&f);
    tdn_err err = {0};
    tdn_patient p = {.name = "Ada Example", .birth = "1970-02-03"};
    int64_t id = 0;
    assert_int_equal(tdn_store_patient_add(f.s, &f.act, &p, &id, &err), TDN_OK);
    tdn_patient got;
    assert_int_equal(tdn_store_patient_get(f.s, &f.act, id, &got, &err), TDN_OK);
    assert_string_equal(got.name, "Ada Example");
    assert_int_equal(doomed(f.s), TDN_EINPUT);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM patient"), 1);
    close_joined(&f, g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(concurrent_writers_keep_every_committed_row),
        cmocka_unit_test(joined_store_reads_what_it_wrote),
        cmocka_unit_test(chart_reads_beside_writers_are_audited_before_they_return),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
