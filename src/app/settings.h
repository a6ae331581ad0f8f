/* settings.h — the clinic settings a user may change, and their checks:
 *   screening_valid_days  days a screening stays valid for opening a
 *                         session (1-3650; the KB's protocol value otherwise)
 *   timezone              the clinic's time zone, an IANA name of the tz
 *                         database (Europe/Madrid) or UTC (app/localtime.h)
 *   clinic_name, clinic_address, clinic_phone
 *                         the letterhead of notes and handouts (one line of
 *                         text each; a phone number has digits and + ( ) - .
 *                         and spaces only)
 * The values live in the store (tdn_store_setting_*). */
#ifndef TDN_APP_SETTINGS_H
#define TDN_APP_SETTINGS_H

#include "core/err.h"
#include "store/store.h"

typedef struct tdn_setting_def {
    const char *key;
    const char *help;
} tdn_setting_def;

/* The settings, ended by {0}. */
extern const tdn_setting_def tdn_setting_defs[];

/* Checks value for key: TDN_EINPUT naming the key (an unknown key lists the
 * known ones). */
int tdn_setting_check(const char *key, const char *value, tdn_err *err);
/* Checks and stores key = value (audited). */
int tdn_setting_set(tdn_store *s, const tdn_act *act, const char *key, const char *value,
                    tdn_err *err);

/* r with the clinic's screening_valid_days in place of the knowledge
 * base's when that setting is set and passes tdn_setting_check (a value
 * edited into the database by hand that does not is ignored). */
int tdn_setting_protocol_rules(tdn_store *s, const tdn_protocol_rules *r, tdn_protocol_rules *out,
                               tdn_err *err);

/* The clinic's letterhead ("" where not set). */
typedef struct tdn_letterhead {
    char name[TDN_SETTING_VALUE_MAX + 1];
    char address[TDN_SETTING_VALUE_MAX + 1];
    char phone[TDN_SETTING_VALUE_MAX + 1];
} tdn_letterhead;

/* Reads the letterhead settings (not audited). */
int tdn_letterhead_get(tdn_store *s, tdn_letterhead *out, tdn_err *err);

#endif
