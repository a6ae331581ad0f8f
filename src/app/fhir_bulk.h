/* fhir_bulk.h — FHIR Bulk Data style output of the whole clinic: one NDJSON
 * file per resource type (Patient.ndjson, Encounter.ndjson, ...) in a new
 * directory. Resources are written as each patient's record arrives
 * (tdn_store_record_each), so memory holds one patient at a time. Files
 * are written in a temporary directory beside the target and renamed into
 * place by tdn_fhir_bulk_finish: a failed export leaves nothing behind. */
#ifndef TDN_APP_FHIR_BULK_H
#define TDN_APP_FHIR_BULK_H

#include "app/fhir.h"

typedef struct tdn_fhir_bulk tdn_fhir_bulk;

/* Starts an export into dir (which must not exist, or be an empty
 * directory: TDN_EINPUT otherwise). since > 0 keeps only what was recorded
 * at or after since (unix seconds): the Patient when registered then,
 * sessions opened (with their needling, findings, measures and adverse
 * events), episodes opened, consents given and screenings made since.
 * TDN_ESYS when the temporary directory cannot be made. */
int tdn_fhir_bulk_open(tdn_fhir_bulk **out, const char *dir, const tdn_fhir_map *m, int64_t since,
                       tdn_err *err);
/* Writes one patient's record (a tdn_record_fn: ctx is the tdn_fhir_bulk). */
int tdn_fhir_bulk_add(void *ctx, const tdn_patient_record *r, tdn_err *err);
/* Closes the files and renames the directory into place; *counts (may be
 * NULL) gets {"Patient": n, ...}. Frees b, also on error. */
int tdn_fhir_bulk_finish(tdn_fhir_bulk *b, json_t **counts, tdn_err *err);
/* Removes what was written and frees b (NULL is fine). */
void tdn_fhir_bulk_abort(tdn_fhir_bulk *b);

/* Writes text to path through a temporary file in the same directory,
 * synced and renamed into place (mode 0600): TDN_ESYS naming field when it
 * cannot be written; nothing is left at path or beside it on error. */
int tdn_write_file_atomic(const char *field, const char *path, const char *text, tdn_err *err);

#endif
