/* assets.c — the embedded web assets (src/web/assets/, compiled into the
 * binary) served under /assets/<build-id>/<name> with a year-long immutable
 * cache: a new build has a new id, so browsers never see stale files. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/embedded.h"
#include "web/server.h"

void tdn_assets_build_id(char *out, size_t cap)
{
    uint64_t h = 1469598103934665603ULL;
    for (const struct tdn_embedded *e = tdn_embedded_assets; e->name; e++) {
        for (const char *p = e->name; *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211ULL;
        for (size_t i = 0; i < e->len; i++)
            h = (h ^ e->data[i]) * 1099511628211ULL;
    }
    snprintf(out, cap, "%012llx", (unsigned long long)(h & 0xffffffffffffULL));
}

static const char *content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0) return types[i].type;
    return "application/octet-stream";
}

bool tdn_assets_serve(const tdn_server *srv, const char *path, tdn_resp *resp)
{
    const char *prefix = "/assets/";
    if (strncmp(path, prefix, strlen(prefix)) != 0) return false;
    const char *id = path + strlen(prefix);
    size_t idlen = strcspn(id, "/");
    const char *name = id[idlen] ? id + idlen + 1 : "";
    for (const struct tdn_embedded *e = tdn_embedded_assets; e->name; e++) {
        if (strcmp(e->name, name) != 0) continue;
        resp->status = 200;
        resp->ctype = content_type(name);
        resp->fixed = e->data;
        resp->fixed_len = e->len;
        bool current = idlen == strlen(srv->build_id) && !memcmp(id, srv->build_id, idlen);
        /* an old build id still gets the file, but only briefly cached */
        resp->cache = current ? "public, max-age=31536000, immutable" : "no-cache";
        return true;
    }
    resp->status = 404;
    resp->ctype = "text/plain; charset=utf-8";
    tdn_buf_put(&resp->body, "no such asset\n");
    return true;
}
