/* routes.c — the one route table: method, path, the roles that may use it,
 * flags, handler and the typed fields it accepts. The dispatcher
 * (dispatch.c) enforces all of it before a handler runs. */
#include <stdio.h>

#include "web/routes.h"
#include "web/web.h"

#define STAFF TDN_ROLES_STAFF
#define CLINICAL TDN_ROLES_CLINICAL
#define ANY TDN_ROLES_ANY
#define PAGE TDN_RF_PAGE
#define PUBLIC TDN_RF_PUBLIC

static const tdn_field f_none[] = {{0}};
static const tdn_field f_locate[] = {
    {"pains", TDN_F_STR, true, 1, 2000, 0},
    {"condition", TDN_F_STR, false, 1, 64, 0},
    {"limit", TDN_F_INT, false, 1, 64, 0},
    {0},
};
static const tdn_field f_login[] = {
    {"username", TDN_F_STR, true, 1, 64, 0},
    {"password", TDN_F_STR, true, 1, 1024, 0},
    {"next", TDN_F_STR, false, -1, 300, 0},
    {0},
};
static const tdn_field f_next[] = {{"next", TDN_F_STR, false, 1, 300, 0}, {0}};

const tdn_route tdn_routes[] = {
    /* pages */
    {"GET", "/", ANY, PUBLIC, tdn_page_root, f_none},
    {"GET", "/login", ANY, PUBLIC, tdn_page_login, f_next},
    {"GET", "/bodychart", CLINICAL, PAGE, tdn_page_bodychart, f_none},
    /* sign-in */
    {"POST", "/api/login", ANY, PUBLIC | TDN_RF_NOCSRF, tdn_api_login, f_login},
    {"POST", "/api/logout", ANY, 0, tdn_api_logout, f_none},
    {"POST", "/logout", ANY, PAGE, tdn_api_logout, f_none},
    {"GET", "/api/me", ANY, 0, tdn_api_me, f_none},
    /* knowledge base */
    {"GET", "/api/regions", STAFF, 0, tdn_api_regions, f_none},
    {"GET", "/api/conditions", STAFF, 0, tdn_api_conditions, f_none},
    {"GET", "/api/muscles/*id", STAFF, 0, tdn_api_muscle, f_none},
    {"GET", "/api/locate", CLINICAL, 0, tdn_api_locate, f_locate},
    {0},
};

void tdn_web_list_routes(FILE *fp)
{
    static const char *names[] = {"admin", "clinician", "front_desk", "patient"};
    for (const tdn_route *r = tdn_routes; r->method; r++) {
        fprintf(fp, "%s %s ", r->method, r->pattern);
        const char *sep = "";
        for (int i = 0; i < 4; i++)
            if (r->roles & (1u << i)) fprintf(fp, "%s%s", sep, names[i]), sep = ",";
        fprintf(fp, " %s%s%s\n", (r->flags & TDN_RF_PUBLIC) ? "public" : "auth",
                (r->flags & TDN_RF_PAGE) ? ",page" : "",
                (r->flags & TDN_RF_NOCSRF) ? ",nocsrf" : "");
    }
}
