/* invite.c — one-time portal sign-in codes (invite.h): random from
 * libsodium, hashed with SHA-256 before anything is stored, and the new
 * password checked and hashed (argon2id) before the store uses the code. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/invite.h"
#include "app/password.h"

static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; /* 32 symbols */

void tdn_invite_code_new(char out[TDN_INVITE_CODE_MAX + 1])
{
    size_t o = 0;
    for (int i = 0; i < TDN_INVITE_CODE_CHARS; i++) {
        if (i && i % 4 == 0) out[o++] = '-';
        out[o++] = alphabet[randombytes_uniform(32)];
    }
    out[o] = '\0';
}

int tdn_invite_code_hash(const char *code, char out[65], tdn_err *err)
{
    char norm[TDN_INVITE_CODE_CHARS + 1];
    size_t n = 0;
    for (const char *p = code ? code : ""; *p; p++) {
        if (*p == '-' || *p == ' ') continue;
        char c = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
        if (n == TDN_INVITE_CODE_CHARS || !strchr(alphabet, c) || c == '\0')
            return tdn_err_set(err, TDN_EINPUT,
                               "code: a sign-in code is 12 letters and digits, like "
                               "ABCD-EFGH-JKLM; check what you typed");
        norm[n++] = c;
    }
    if (n != TDN_INVITE_CODE_CHARS)
        return tdn_err_set(err, TDN_EINPUT,
                           "code: a sign-in code is 12 letters and digits, like ABCD-EFGH-JKLM; "
                           "check what you typed");
    norm[n] = '\0';
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)norm, n);
    sodium_bin2hex(out, 65, h, sizeof h);
    return TDN_OK;
}

int tdn_invite_create(tdn_store *s, const tdn_act *act, int64_t patient_id, int hours,
                      char code[TDN_INVITE_CODE_MAX + 1], tdn_invitation *out, tdn_err *err)
{
    code[0] = '\0';
    if (hours == 0) hours = TDN_INVITE_HOURS_DEFAULT;
    if (hours < 1 || hours > TDN_INVITE_HOURS_MAX)
        return tdn_err_set(err, TDN_EINPUT, "hours: must be 1 to %d (%d days)",
                           TDN_INVITE_HOURS_MAX, TDN_INVITE_HOURS_MAX / 24);
    char fresh[TDN_INVITE_CODE_MAX + 1], hash[65];
    tdn_invite_code_new(fresh);
    int rc = tdn_invite_code_hash(fresh, hash, err);
    if (!rc)
        rc = tdn_store_invite_create(s, act, patient_id, hash, act->now + (int64_t)hours * 3600,
                                     out, err);
    if (!rc) memcpy(code, fresh, sizeof fresh);
    sodium_memzero(fresh, sizeof fresh);
    return rc;
}

int tdn_invite_redeem(tdn_store *s, const tdn_act *act, const char *code, const char *password,
                      tdn_invite_state *state, tdn_user *user, tdn_err *err)
{
    *state = TDN_INVITE_UNKNOWN;
    memset(user, 0, sizeof *user);
    char hash[65], pw_hash[TDN_PASSWORD_HASH_MAX];
    int rc = tdn_invite_code_hash(code, hash, err);
    if (!rc) rc = tdn_password_check_new(password, err);
    if (!rc) rc = tdn_store_invite_state(s, hash, act->now, state, err);
    if (rc) return rc;
    if (*state != TDN_INVITE_VALID) /* audits the failure, changes nothing */
        return tdn_store_invite_redeem(s, act, hash, NULL, state, user, err);
    if ((rc = tdn_password_hash(password, pw_hash, err))) return rc;
    rc = tdn_store_invite_redeem(s, act, hash, pw_hash, state, user, err);
    sodium_memzero(pw_hash, sizeof pw_hash);
    return rc;
}

const char *tdn_invite_state_words(tdn_invite_state state)
{
    switch (state) {
    case TDN_INVITE_VALID:
        return "";
    case TDN_INVITE_USED:
        return "This sign-in code has already been used. If you chose a password, sign in with "
               "it; otherwise ask the front desk for a new code.";
    case TDN_INVITE_EXPIRED:
        return "This sign-in code has expired. Ask the front desk for a new code.";
    case TDN_INVITE_UNKNOWN:
        break;
    }
    return "We do not recognise this sign-in code. Check that you typed it as it was given to "
           "you, or ask the front desk for a new code.";
}
