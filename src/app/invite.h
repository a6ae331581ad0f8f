/* invite.h — patient portal invitations: the one-time sign-in code (12
 * letters and digits from libsodium's random source, shown as
 * "ABCD-EFGH-JKLM"; 32 symbols without 0/O, 1/I, so 60 bits), its SHA-256
 * (all the store keeps), inviting a patient, and using a code once to set
 * the patient's password under the new-password rule (app/password.h).
 * Words for a patient when a code does not work. */
#ifndef TDN_APP_INVITE_H
#define TDN_APP_INVITE_H

#include "store/store.h"

#define TDN_INVITE_CODE_CHARS 12
#define TDN_INVITE_CODE_MAX 14 /* with the two dashes */
#define TDN_INVITE_HOURS_DEFAULT 72
#define TDN_INVITE_HOURS_MAX (30 * 24)

/* A new random code, "ABCD-EFGH-JKLM". */
void tdn_invite_code_new(char out[TDN_INVITE_CODE_MAX + 1]);
/* The hex SHA-256 of code as a patient may type it (any case, with or
 * without dashes and spaces). TDN_EINPUT "code: ..." when it is not 12
 * letters and digits of the code's alphabet. */
int tdn_invite_code_hash(const char *code, char out[65], tdn_err *err);
/* Invites patient_id for hours (1..TDN_INVITE_HOURS_MAX; 0 = the default):
 * code gets the new code (shown once, never stored), *out the invitation. */
int tdn_invite_create(tdn_store *s, const tdn_act *act, int64_t patient_id, int hours,
                      char code[TDN_INVITE_CODE_MAX + 1], tdn_invitation *out, tdn_err *err);
/* Uses code to set password: a password that breaks the new-password rule
 * is TDN_EINPUT naming "password" and uses nothing up; a code of the wrong
 * shape is TDN_EINPUT naming "code". Otherwise TDN_OK with *state: VALID
 * (the password is set, *user is the patient's login) or why the code did
 * not work (nothing changed). */
int tdn_invite_redeem(tdn_store *s, const tdn_act *act, const char *code, const char *password,
                      tdn_invite_state *state, tdn_user *user, tdn_err *err);
/* What a patient reads when a code does not work ("" for VALID). */
const char *tdn_invite_state_words(tdn_invite_state state);

#endif
