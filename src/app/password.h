/* password.h — passwords of tdn's users: the rule for a new password (OWASP
 * ASVS 4.0.3 §2.1: 12 to 128 characters, not only spaces, not one of the
 * 10,000 most common passwords of data/passwords/), hashing with argon2id,
 * and checking a sign-in's password with exactly one argon2id verify, also
 * when there is no such user, so that the time of the answer does not tell
 * which user names exist.
 *
 * argon2id parameters (libsodium "interactive"): t = 2 passes, m = 64 MiB,
 * p = 1 — above OWASP's minimum (m = 19 MiB, t = 2, p = 1). Callers that
 * verify in parallel bound how many run at once (the web server: 2). */
#ifndef TDN_APP_PASSWORD_H
#define TDN_APP_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define TDN_PASSWORD_MIN 12
#define TDN_PASSWORD_MAX 128
#define TDN_PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES */

/* TDN_OK when password may be used as a new password; else TDN_EINPUT with
 * "password: ..." saying why. */
int tdn_password_check_new(const char *password, tdn_err *err);
/* True when password (any case) is on the embedded list of common passwords. */
bool tdn_password_is_common(const char *password);
/* Hashes password with argon2id into out (NUL-terminated). */
int tdn_password_hash(const char *password, char out[TDN_PASSWORD_HASH_MAX], tdn_err *err);
/* Makes the dummy hash of tdn_password_verify once per process (an
 * argon2id hash: as slow as a check); later calls cost nothing. Call it
 * before every check so that the first check of an unknown name is not the
 * only slow one. */
void tdn_password_prepare(void);
/* Runs one argon2id verify of password against hash, or against a fixed
 * dummy hash of the same cost when hash is NULL or "" (then always false). */
bool tdn_password_verify(const char *hash, const char *password);

#endif
