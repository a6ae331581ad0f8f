/* password.c — new-password rules, argon2id hashing and sign-in checks (see
 * password.h). The common-password list is the embedded
 * data/passwords/common-10k.txt; the dummy hash for unknown users is made
 * once per process. */
#include "app/password.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "app/embedded.h"

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE /* t = 2 */
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE /* 64 MiB */

_Static_assert(TDN_PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");

static bool same_nocase(const char *a, size_t alen, const char *b)
{
    size_t i = 0;
    for (; i < alen && b[i]; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return false;
    return i == alen && b[i] == '\0';
}

bool tdn_password_is_common(const char *password)
{
    for (const struct tdn_embedded *e = tdn_embedded_passwords; e->name; e++) {
        const char *p = (const char *)e->data, *end = p + e->len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = (size_t)((nl ? nl : end) - p);
            if (n && p[n - 1] == '\r') n--;
            if (n && same_nocase(p, n, password)) return true;
            p += (nl ? nl + 1 : end) - p;
        }
    }
    return false;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static bool only_spaces(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return false;
    return true;
}

int tdn_password_check_new(const char *password, tdn_err *err)
{
    if (!password) return tdn_err_set(err, TDN_EINPUT, "password: required");
    size_t n = utf8_chars(password);
    if (n < TDN_PASSWORD_MIN)
        return tdn_err_set(err, TDN_EINPUT, "password: at least %d characters", TDN_PASSWORD_MIN);
    if (n > TDN_PASSWORD_MAX)
        return tdn_err_set(err, TDN_EINPUT, "password: at most %d characters", TDN_PASSWORD_MAX);
    if (only_spaces(password)) return tdn_err_set(err, TDN_EINPUT, "password: not only spaces");
    if (tdn_password_is_common(password))
        return tdn_err_set(err, TDN_EINPUT,
                           "password: one of the most common passwords; choose another");
    return TDN_OK;
}

int tdn_password_hash(const char *password, char out[TDN_PASSWORD_HASH_MAX], tdn_err *err)
{
    if (sodium_init() < 0) return tdn_err_set(err, TDN_ESYS, "password: libsodium failed to start");
    if (crypto_pwhash_str(out, password, strlen(password), OPSLIMIT, MEMLIMIT) != 0)
        return tdn_err_set(err, TDN_ESYS, "password: hashing failed (out of memory)");
    return TDN_OK;
}

static char dummy_hash[TDN_PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    unsigned char r[32];
    char pw[65];
    if (sodium_init() < 0) return;
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(pw, sizeof pw, r, sizeof r);
    if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), OPSLIMIT, MEMLIMIT) != 0) dummy_hash[0] = 0;
}

void tdn_password_prepare(void)
{
    pthread_once(&dummy_once, make_dummy);
}

bool tdn_password_verify(const char *hash, const char *password)
{
    if (sodium_init() < 0 || !password) return false;
    bool real = hash && *hash;
    if (!real) tdn_password_prepare();
    const char *h = real ? hash : dummy_hash;
    if (!*h) return false;
    bool ok = crypto_pwhash_str_verify(h, password, strlen(password)) == 0;
    return real && ok;
}
