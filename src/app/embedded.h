/* embedded.h — files compiled into the tdn binary by cmake/embed.cmake:
 * the knowledge base (data/ TSV files), the web assets and the store's schema
 * migrations (src/store/schema/NNN_name.sql) and the common-password list
 * (data/passwords/), all NUL-terminated. Each table ends with
 * an entry whose name is NULL. */
#ifndef TDN_EMBEDDED_H
#define TDN_EMBEDDED_H

#include <stddef.h>

struct tdn_embedded {
    const char *name;
    const unsigned char *data;
    size_t len;
};

extern const struct tdn_embedded tdn_embedded_data[];
extern const struct tdn_embedded tdn_embedded_assets[];
extern const struct tdn_embedded tdn_embedded_schema[];
extern const struct tdn_embedded tdn_embedded_schema_pg[]; /* src/store/schema_pg/ */
extern const struct tdn_embedded tdn_embedded_passwords[]; /* data/passwords/ lists */

#endif
