/* body.c — the region table of DESIGN §4 and pain-map parsing. The codes are
 * the contract vocabulary shared with the knowledge base in data/. */
#include "core/body.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define F TDN_VIEW_FRONT
#define K TDN_VIEW_BACK
#define FB TDN_VIEW_BOTH

static const tdn_region_info regions[] = {
    {"vertex", "Top of the head", "head & neck", FB},
    {"forehead", "Forehead", "head & neck", F},
    {"temple", "Temple", "head & neck", FB},
    {"orbit", "Eye and brow", "head & neck", F},
    {"cheek", "Cheek", "head & neck", F},
    {"jaw", "Jaw", "head & neck", F},
    {"ear_tmj", "Ear and jaw joint", "head & neck", FB},
    {"upper_teeth", "Upper teeth", "head & neck", F},
    {"lower_teeth", "Lower teeth", "head & neck", F},
    {"occiput", "Back of the head", "head & neck", K},
    {"mastoid", "Behind the ear", "head & neck", K},
    {"throat", "Throat", "head & neck", F},
    {"posterior_neck", "Back of the neck", "head & neck", K},
    {"lateral_neck", "Side of the neck", "head & neck", FB},
    {"shoulder_top", "Top of the shoulder", "shoulder & upper back", FB},
    {"suprascapular", "Above the shoulder blade", "shoulder & upper back", K},
    {"scapula", "Shoulder blade", "shoulder & upper back", K},
    {"interscapular", "Between the shoulder blades", "shoulder & upper back", K},
    {"anterior_shoulder", "Front of the shoulder", "shoulder & upper back", F},
    {"lateral_shoulder", "Outside of the shoulder", "shoulder & upper back", FB},
    {"posterior_shoulder", "Back of the shoulder", "shoulder & upper back", K},
    {"axilla", "Armpit", "shoulder & upper back", F},
    {"upper_chest", "Upper chest", "shoulder & upper back", F},
    {"anterior_arm", "Front of the upper arm", "arm & hand", F},
    {"posterior_arm", "Back of the upper arm", "arm & hand", K},
    {"lateral_elbow", "Outside of the elbow", "arm & hand", FB},
    {"medial_elbow", "Inside of the elbow", "arm & hand", FB},
    {"anterior_elbow", "Front of the elbow", "arm & hand", F},
    {"posterior_elbow", "Back of the elbow", "arm & hand", K},
    {"dorsal_forearm", "Back of the forearm", "arm & hand", K},
    {"volar_forearm", "Palm side of the forearm", "arm & hand", F},
    {"dorsal_wrist", "Back of the wrist", "arm & hand", K},
    {"volar_wrist", "Palm side of the wrist", "arm & hand", F},
    {"thumb", "Thumb", "arm & hand", FB},
    {"thenar", "Ball of the thumb", "arm & hand", F},
    {"palm", "Palm", "arm & hand", F},
    {"dorsal_hand", "Back of the hand", "arm & hand", K},
    {"fingers", "Fingers", "arm & hand", FB},
    {"ulnar_hand", "Little-finger side of the hand", "arm & hand", FB},
    {"sternum", "Breastbone", "trunk", F},
    {"chest", "Chest", "trunk", F},
    {"lateral_chest", "Side of the chest", "trunk", FB},
    {"upper_abdomen", "Upper abdomen", "trunk", F},
    {"lower_abdomen", "Lower abdomen", "trunk", F},
    {"groin", "Groin", "trunk", F},
    {"thoracic_spine", "Mid back (thoracic spine)", "trunk", K},
    {"lumbar", "Low back", "trunk", K},
    {"flank", "Flank", "trunk", FB},
    {"sacroiliac", "Sacroiliac joint", "trunk", K},
    {"sacrum", "Sacrum", "trunk", K},
    {"coccyx", "Tailbone", "trunk", K},
    {"perineum", "Perineum", "trunk", F},
    {"buttock", "Buttock", "hip & thigh", K},
    {"lateral_hip", "Outside of the hip", "hip & thigh", FB},
    {"anterior_hip", "Front of the hip", "hip & thigh", F},
    {"anterior_thigh", "Front of the thigh", "hip & thigh", F},
    {"medial_thigh", "Inner thigh", "hip & thigh", F},
    {"lateral_thigh", "Outer thigh", "hip & thigh", FB},
    {"posterior_thigh", "Back of the thigh", "hip & thigh", K},
    {"anterior_knee", "Front of the knee", "knee & leg", F},
    {"medial_knee", "Inside of the knee", "knee & leg", F},
    {"lateral_knee", "Outside of the knee", "knee & leg", FB},
    {"posterior_knee", "Back of the knee", "knee & leg", K},
    {"shin", "Shin", "knee & leg", F},
    {"lateral_leg", "Outside of the lower leg", "knee & leg", FB},
    {"calf", "Calf", "knee & leg", K},
    {"achilles", "Achilles tendon", "knee & leg", K},
    {"anterior_ankle", "Front of the ankle", "ankle & foot", F},
    {"lateral_ankle", "Outside of the ankle", "ankle & foot", FB},
    {"medial_ankle", "Inside of the ankle", "ankle & foot", FB},
    {"heel", "Heel", "ankle & foot", K},
    {"sole", "Sole of the foot", "ankle & foot", K},
    {"ball_of_foot", "Ball of the foot", "ankle & foot", K},
    {"dorsal_foot", "Top of the foot", "ankle & foot", F},
    {"big_toe", "Big toe", "ankle & foot", F},
    {"lesser_toes", "Lesser toes", "ankle & foot", F},
};

#define NREGIONS ((int)(sizeof regions / sizeof regions[0]))
_Static_assert(NREGIONS <= 128, "region sets (kb.h) hold at most 128 regions");

int tdn_region_count(void)
{
    return NREGIONS;
}

const tdn_region_info *tdn_region_at(int i)
{
    return (i >= 0 && i < NREGIONS) ? &regions[i] : NULL;
}

int tdn_region_findn(const char *code, size_t n)
{
    for (int i = 0; i < NREGIONS; i++)
        if (strlen(regions[i].code) == n && memcmp(regions[i].code, code, n) == 0) return i;
    return -1;
}

int tdn_region_find(const char *code)
{
    return tdn_region_findn(code, strlen(code));
}

int tdn_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63) la = 63;
    if (lb > 63) lb = 63;
    int row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            int best = diag + cost;
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *tdn_region_closest(const char *code)
{
    int best = -1, best_d = 1 << 30;
    for (int i = 0; i < NREGIONS; i++) {
        int d = tdn_edit_distance(code, regions[i].code);
        if (strstr(regions[i].code, code) && *code) d = d / 2; /* a prefix or part */
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return regions[best].code;
}

int tdn_region_limb(int i)
{
    static const char *const upper[] = {"anterior_shoulder", "lateral_shoulder",
                                        "posterior_shoulder", "axilla"};
    static const char *const lower[] = {"groin"};
    const tdn_region_info *r = tdn_region_at(i);
    if (!r) return TDN_LIMB_NONE;
    if (strcmp(r->group, "arm & hand") == 0) return TDN_LIMB_UPPER;
    if (strcmp(r->group, "hip & thigh") == 0 || strcmp(r->group, "knee & leg") == 0 ||
        strcmp(r->group, "ankle & foot") == 0)
        return TDN_LIMB_LOWER;
    for (size_t k = 0; k < sizeof upper / sizeof upper[0]; k++)
        if (strcmp(r->code, upper[k]) == 0) return TDN_LIMB_UPPER;
    for (size_t k = 0; k < sizeof lower / sizeof lower[0]; k++)
        if (strcmp(r->code, lower[k]) == 0) return TDN_LIMB_LOWER;
    return TDN_LIMB_NONE;
}

char tdn_side_parse(const char *s)
{
    if (!s || !s[0] || s[1]) return 0;
    char c = (char)toupper((unsigned char)s[0]);
    return (c == 'L' || c == 'R' || c == 'B') ? c : 0;
}

char tdn_side_opposite(char side)
{
    return side == 'L' ? 'R' : side == 'R' ? 'L' : side;
}

int tdn_pain_parse(const char *text, tdn_pain *out, tdn_err *err)
{
    size_t code_len = strcspn(text, ":=");
    char code[64];
    if (code_len == 0 || code_len >= sizeof code)
        return tdn_err_set(err, TDN_EINPUT, "region: '%s' is not REGION[:SIDE][=0-10]", text);
    memcpy(code, text, code_len);
    code[code_len] = '\0';
    int region = tdn_region_find(code);
    if (region < 0)
        return tdn_err_set(err, TDN_EINPUT, "region: unknown region '%s' (did you mean '%s'?)",
                           code, tdn_region_closest(code));
    const char *p = text + code_len;
    char side = 'B';
    if (*p == ':') {
        char s[8];
        size_t n = strcspn(p + 1, "=");
        if (n == 0 || n >= sizeof s ||
            !(memcpy(s, p + 1, n), s[n] = '\0', side = tdn_side_parse(s)))
            return tdn_err_set(err, TDN_EINPUT,
                               "side: unknown side in '%s' (use L, R or B, e.g. '%s:R')", text,
                               code);
        p += 1 + n;
    }
    int intensity = -1;
    if (*p == '=') {
        char *end;
        long v = strtol(p + 1, &end, 10);
        if (end == p + 1 || *end || v < 0 || v > 10)
            return tdn_err_set(err, TDN_EINPUT,
                               "intensity: '%s' in '%s' is not a whole number from 0 to 10", p + 1,
                               text);
        intensity = (int)v;
    } else if (*p) {
        return tdn_err_set(err, TDN_EINPUT, "region: '%s' is not REGION[:SIDE][=0-10]", text);
    }
    *out = (tdn_pain){.region = region, .side = side, .intensity = intensity};
    return TDN_OK;
}
