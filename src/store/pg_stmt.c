/* pg_stmt.c — db.h's statements on PostgreSQL (libpq): SQLite's ?N
 * placeholders rewritten as $N, parameters sent as bound text values with
 * their types (never spliced into the SQL), statements the helpers give as
 * literals prepared once per connection under a name, and every row fetched
 * when the statement first steps. SQLite's instr() is PostgreSQL's strpos(). */
#include "store/pg_lib.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_int.h"
#include "store/sqlite_int.h"

/* Type oids of PostgreSQL's built-in types (pg_type.h). */
#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701

/* Copies a quoted run (string literal or identifier) starting at sql[i],
 * doubled quotes included; returns the index after it. */
static size_t copy_quoted(const char *sql, size_t i, char *out, size_t *o)
{
    char q = sql[i];
    out[(*o)++] = sql[i++];
    while (sql[i]) {
        out[(*o)++] = sql[i];
        if (sql[i++] != q) continue;
        if (sql[i] != q) break;
        out[(*o)++] = sql[i++];
    }
    return i;
}

/* True when sql[i] starts word (and the character before is no part of a
 * name). */
static bool is_word(const char *sql, size_t i, const char *word)
{
    char b = i ? sql[i - 1] : ' ';
    bool name_before = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b == '.' ||
                       (b >= '0' && b <= '9');
    return !name_before && strncmp(sql + i, word, strlen(word)) == 0;
}

char *tdn_pg_translate(const char *sql, bool returning)
{
    size_t n = strlen(sql);
    /* ?N becomes $N (same length); a bare ? becomes $NN at most 4 more;
     * instr( one more */
    char *out = malloc(n * 5 + sizeof " RETURNING id");
    if (!out) return NULL;
    size_t i = 0, o = 0;
    int next = 1;
    while (sql[i]) {
        if (sql[i] == '\'' || sql[i] == '"') {
            i = copy_quoted(sql, i, out, &o);
        } else if (sql[i] == '-' && sql[i + 1] == '-') {
            while (sql[i] && sql[i] != '\n')
                out[o++] = sql[i++];
        } else if (is_word(sql, i, "instr(")) {
            memcpy(out + o, "strpos(", 7); /* same arguments, same 1-based answer */
            o += 7;
            i += 6;
        } else if (sql[i] == '?') {
            i++;
            if (sql[i] >= '0' && sql[i] <= '9') {
                out[o++] = '$';
                int v = 0;
                while (sql[i] >= '0' && sql[i] <= '9')
                    v = v * 10 + (out[o++] = sql[i++]) - '0';
                next = v + 1;
            } else {
                o += (size_t)sprintf(out + o, "$%d", next++);
            }
        } else {
            out[o++] = sql[i++];
        }
    }
    out[o] = '\0';
    if (returning) strcpy(out + o, " RETURNING id");
    return out;
}

/* Binds the arguments as text values (NULL for SQL NULL) with their type
 * oids; false when out of memory or a letter is unknown. */
static bool bind_args(tdn_db_stmt *st, const char *types, va_list ap)
{
    for (int i = 0; types[i]; i++) {
        char buf[64];
        const char *v = buf;
        unsigned int oid = OID_INT8;
        if (i == TDN_PG_PARAMS) return false;
        switch (types[i]) {
        case 'i':
            snprintf(buf, sizeof buf, "%lld", (long long)va_arg(ap, int64_t));
            break;
        case 'n': {
            int64_t x = va_arg(ap, int64_t);
            snprintf(buf, sizeof buf, "%lld", (long long)x);
            if (!x) v = NULL;
            break;
        }
        case 'o': {
            int64_t x = va_arg(ap, int64_t);
            snprintf(buf, sizeof buf, "%lld", (long long)x);
            if (x < 0) v = NULL;
            break;
        }
        case 'd':
            snprintf(buf, sizeof buf, "%.17g", va_arg(ap, double));
            oid = OID_FLOAT8;
            break;
        case 's':
            v = va_arg(ap, const char *);
            oid = OID_TEXT;
            break;
        default:
            return false;
        }
        st->types[i] = oid;
        st->nparams = i + 1;
        if (v && !(st->params[i] = strdup(v))) return false;
    }
    return true;
}

/* Names st after sql's prepared statement on s's connection, preparing it
 * on first use; leaves the name empty when the cache is full (then the
 * statement runs unnamed). A failed PQprepare fails st. */
static void use_prepared(tdn_store *s, tdn_db_stmt *st, const char *sql)
{
    tdn_pg *pg = s->pg;
    int i = 0;
    while (i < pg->n && !(pg->stmts[i].sql == sql && strcmp(pg->stmts[i].text, st->sql) == 0))
        i++;
    if (i == TDN_PG_STMTS) return;
    char name[sizeof st->name];
    snprintf(name, sizeof name, "tdn%d", i);
    if (i == pg->n) {
        char *text = strdup(st->sql);
        if (!text) return; /* runs unnamed */
        PGresult *r = PQprepare(pg->conn, name, st->sql, st->nparams, st->types);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) { /* the first step reports it */
            free(text);
            st->res = r;
            st->failed = true;
            return;
        }
        PQclear(r);
        pg->stmts[pg->n].text = text;
        pg->stmts[pg->n++].sql = sql;
    }
    memcpy(st->name, name, sizeof name);
}

void tdn_pg_stmts_forget(tdn_store *s)
{
    for (int i = 0; i < s->pg->n; i++)
        free(s->pg->stmts[i].text);
    s->pg->n = 0;
}

tdn_db_stmt *tdn_pg_prepare(tdn_store *s, tdn_err *err, bool use_cache, bool returning,
                            const char *sql, const char *types, va_list ap)
{
    tdn_db_stmt *st = calloc(1, sizeof *st);
    if (!st) {
        tdn_err_set(err, TDN_ESYS, "storage: out of memory");
        return NULL;
    }
    st->s = s;
    if (!s->pg->in_tx && PQstatus(s->pg->conn) != CONNECTION_OK) {
        PQreset(s->pg->conn); /* dropped since the last use: try again now */
        tdn_pg_stmts_forget(s);
    }
    st->sql = tdn_pg_translate(sql, returning);
    if (!st->sql || !bind_args(st, types, ap)) {
        tdn_pg_finalize(st);
        tdn_err_set(err, TDN_ESYS, "storage: bind: out of memory or a bad type letter");
        return NULL;
    }
    if (use_cache) use_prepared(s, st, sql);
    return st;
}

static bool sent(tdn_db_stmt *st)
{
    PGconn *c = st->s->pg->conn;
    const char *const *values = (const char *const *)st->params;
    PQclear(st->res);
    if (*st->name)
        st->res = PQexecPrepared(c, st->name, st->nparams, values, NULL, NULL, 0);
    else
        st->res = PQexecParams(c, st->sql, st->nparams, st->types, values, NULL, NULL, 0);
    ExecStatusType status = PQresultStatus(st->res);
    st->failed = status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK;
    return !st->failed;
}

/* Sends the statement (unless preparing it failed) and keeps its rows. A
 * statement outside a transaction that finds the connection dropped (the
 * server restarted) reconnects and is sent once more, unprepared; inside a
 * transaction the action fails, and the next BEGIN reconnects. */
static int run(tdn_db_stmt *st)
{
    tdn_pg *pg = st->s->pg;
    st->ran = true;
    st->row = -1;
    if (!st->failed) sent(st);
    if (st->failed && !pg->in_tx && PQstatus(pg->conn) != CONNECTION_OK) {
        PQreset(pg->conn);
        tdn_pg_stmts_forget(st->s);
        *st->name = '\0';
        sent(st);
    }
    if (st->failed) return TDN_DB_ERROR;
    const char *tag = PQcmdStatus(st->res);
    if (!strncmp(tag, "INSERT", 6) || !strncmp(tag, "UPDATE", 6) || !strncmp(tag, "DELETE", 6))
        pg->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
    st->nrows = PQresultStatus(st->res) == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
    return TDN_DB_DONE;
}

int tdn_pg_step(tdn_db_stmt *st)
{
    if (!st->ran && run(st) == TDN_DB_ERROR) return TDN_DB_ERROR;
    if (st->failed) return TDN_DB_ERROR;
    if (st->row < st->nrows) st->row++;
    return st->row < st->nrows ? TDN_DB_ROW : TDN_DB_DONE;
}

const char *tdn_pg_value(tdn_db_stmt *st, int col)
{
    if (!st->res || st->row < 0 || st->row >= st->nrows || col >= PQnfields(st->res) ||
        PQgetisnull(st->res, st->row, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

int tdn_pg_column_count(tdn_db_stmt *st)
{
    if (!st->ran) run(st);
    return st->res ? PQnfields(st->res) : 0;
}

const char *tdn_pg_column_name(tdn_db_stmt *st, int col)
{
    return st->res ? PQfname(st->res, col) : NULL;
}

void tdn_pg_finalize(tdn_db_stmt *st)
{
    if (!st) return;
    for (int i = 0; i < st->nparams; i++)
        free(st->params[i]);
    PQclear(st->res);
    free(st->sql);
    free(st);
}
