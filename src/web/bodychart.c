/* bodychart.c — the body chart as inline SVG: a front and a back view, each
 * a plain silhouette with one clickable spot per region and side. Front view
 * shows the patient's right on the viewer's left; the back view the other way.
 * Spots carry data-region / data-side; app.js does the rest. Regions a
 * screening blocks are marked (class "blocked", said in the label). For
 * fingers (phone, tablet) the regions are also a list of large buttons by
 * body part, shown by app.css where the spots are too small to hit. */
#include <string.h>

#include "core/body.h"
#include "web/routes.h"

#define MID 120

typedef struct spot {
    const char *code;
    char view;          /* 'F' front, 'K' back */
    short x, y, rx, ry; /* right-side spot (midline spots: side B, x ignored) */
    char mid;           /* 1 = midline: one spot, side B */
} spot;

static const spot spots[] = {
    {"vertex", 'F', 120, 14, 14, 6, 1},
    {"forehead", 'F', 120, 28, 14, 6, 1},
    {"temple", 'F', 100, 34, 5, 6, 0},
    {"orbit", 'F', 110, 42, 5, 4, 0},
    {"ear_tmj", 'F', 92, 48, 4, 6, 0},
    {"cheek", 'F', 105, 54, 6, 5, 0},
    {"upper_teeth", 'F', 114, 58, 4, 3, 0},
    {"jaw", 'F', 104, 66, 7, 4, 0},
    {"lower_teeth", 'F', 114, 65, 4, 3, 0},
    {"throat", 'F', 120, 82, 7, 8, 1},
    {"lateral_neck", 'F', 106, 82, 5, 8, 0},
    {"shoulder_top", 'F', 88, 95, 12, 5, 0},
    {"anterior_shoulder", 'F', 70, 110, 8, 9, 0},
    {"lateral_shoulder", 'F', 56, 112, 6, 10, 0},
    {"upper_chest", 'F', 98, 110, 12, 8, 0},
    {"axilla", 'F', 76, 132, 5, 7, 0},
    {"sternum", 'F', 120, 135, 6, 22, 1},
    {"chest", 'F', 98, 138, 12, 12, 0},
    {"lateral_chest", 'F', 80, 165, 6, 14, 0},
    {"anterior_arm", 'F', 58, 155, 8, 22, 0},
    {"lateral_elbow", 'F', 44, 200, 4, 7, 0},
    {"anterior_elbow", 'F', 54, 200, 6, 6, 0},
    {"medial_elbow", 'F', 64, 200, 4, 7, 0},
    {"volar_forearm", 'F', 50, 240, 7, 22, 0},
    {"volar_wrist", 'F', 46, 280, 7, 4, 0},
    {"thumb", 'F', 34, 300, 3, 8, 0},
    {"thenar", 'F', 42, 294, 4, 5, 0},
    {"palm", 'F', 48, 300, 5, 6, 0},
    {"ulnar_hand", 'F', 55, 298, 3, 7, 0},
    {"fingers", 'F', 48, 318, 6, 10, 0},
    {"upper_abdomen", 'F', 120, 180, 20, 12, 1},
    {"flank", 'F', 84, 205, 6, 14, 0},
    {"lower_abdomen", 'F', 120, 222, 20, 12, 1},
    {"lateral_hip", 'F', 76, 256, 6, 10, 0},
    {"anterior_hip", 'F', 92, 250, 8, 7, 0},
    {"groin", 'F', 104, 268, 6, 6, 0},
    {"perineum", 'F', 120, 284, 5, 5, 1},
    {"lateral_thigh", 'F', 78, 325, 5, 26, 0},
    {"anterior_thigh", 'F', 95, 320, 9, 28, 0},
    {"medial_thigh", 'F', 110, 325, 5, 22, 0},
    {"lateral_knee", 'F', 84, 398, 4, 8, 0},
    {"anterior_knee", 'F', 96, 398, 7, 8, 0},
    {"medial_knee", 'F', 108, 398, 4, 8, 0},
    {"lateral_leg", 'F', 86, 445, 4, 22, 0},
    {"shin", 'F', 98, 445, 6, 24, 0},
    {"lateral_ankle", 'F', 88, 490, 4, 4, 0},
    {"anterior_ankle", 'F', 98, 490, 5, 4, 0},
    {"medial_ankle", 'F', 108, 490, 4, 4, 0},
    {"dorsal_foot", 'F', 98, 503, 7, 5, 0},
    {"big_toe", 'F', 106, 516, 3, 4, 0},
    {"lesser_toes", 'F', 94, 516, 6, 4, 0},
    /* back: patient's right on the viewer's right */
    {"vertex", 'K', 120, 14, 14, 6, 1},
    {"temple", 'K', 144, 30, 5, 6, 0},
    {"occiput", 'K', 130, 40, 8, 7, 0},
    {"ear_tmj", 'K', 148, 46, 4, 5, 0},
    {"mastoid", 'K', 141, 54, 4, 5, 0},
    {"posterior_neck", 'K', 128, 76, 7, 9, 0},
    {"lateral_neck", 'K', 140, 80, 4, 8, 0},
    {"shoulder_top", 'K', 154, 94, 12, 5, 0},
    {"suprascapular", 'K', 148, 106, 10, 5, 0},
    {"interscapular", 'K', 130, 128, 5, 16, 0},
    {"scapula", 'K', 150, 130, 10, 14, 0},
    {"posterior_shoulder", 'K', 170, 112, 7, 9, 0},
    {"lateral_shoulder", 'K', 184, 112, 5, 10, 0},
    {"posterior_arm", 'K', 182, 155, 8, 22, 0},
    {"medial_elbow", 'K', 176, 200, 4, 7, 0},
    {"posterior_elbow", 'K', 186, 200, 5, 6, 0},
    {"lateral_elbow", 'K', 196, 200, 4, 7, 0},
    {"dorsal_forearm", 'K', 190, 240, 7, 22, 0},
    {"dorsal_wrist", 'K', 194, 280, 7, 4, 0},
    {"dorsal_hand", 'K', 192, 298, 6, 7, 0},
    {"ulnar_hand", 'K', 185, 298, 3, 7, 0},
    {"thumb", 'K', 206, 300, 3, 8, 0},
    {"fingers", 'K', 192, 318, 6, 10, 0},
    {"thoracic_spine", 'K', 120, 165, 6, 30, 1},
    {"lateral_chest", 'K', 160, 165, 6, 14, 0},
    {"flank", 'K', 156, 205, 6, 12, 0},
    {"lumbar", 'K', 130, 218, 8, 14, 0},
    {"sacroiliac", 'K', 132, 250, 4, 6, 0},
    {"sacrum", 'K', 120, 258, 6, 10, 1},
    {"coccyx", 'K', 120, 276, 4, 5, 1},
    {"lateral_hip", 'K', 164, 256, 6, 10, 0},
    {"buttock", 'K', 146, 276, 12, 13, 0},
    {"lateral_thigh", 'K', 162, 325, 5, 26, 0},
    {"posterior_thigh", 'K', 143, 330, 10, 30, 0},
    {"lateral_knee", 'K', 156, 398, 4, 8, 0},
    {"posterior_knee", 'K', 143, 400, 7, 8, 0},
    {"lateral_leg", 'K', 155, 445, 4, 20, 0},
    {"calf", 'K', 142, 440, 8, 24, 0},
    {"achilles", 'K', 142, 480, 4, 8, 0},
    {"medial_ankle", 'K', 132, 492, 4, 4, 0},
    {"lateral_ankle", 'K', 152, 492, 4, 4, 0},
    {"heel", 'K', 142, 500, 6, 5, 0},
    {"sole", 'K', 142, 512, 6, 5, 0},
    {"ball_of_foot", 'K', 142, 524, 6, 4, 0},
};

/* A plain silhouette, mirrored about the midline. */
static void silhouette(tdn_buf *b)
{
    tdn_buf_put(b, "<g class=\"body\" aria-hidden=\"true\">"
                   "<ellipse cx=\"120\" cy=\"40\" rx=\"26\" ry=\"32\"/>"
                   "<rect x=\"107\" y=\"68\" width=\"26\" height=\"24\"/>"
                   "<path d=\"M62 96 Q120 84 178 96 L170 240 Q172 262 166 290 L74 290 Q68 262 70 "
                   "240 Z\"/>"
                   "<path d=\"M62 96 Q48 100 48 130 L40 200 L38 290 L56 290 L60 205 L72 140 Z\"/>"
                   "<path d=\"M178 96 Q192 100 192 130 L200 200 L202 290 L184 290 L180 205 L168 "
                   "140 Z\"/>"
                   "<ellipse cx=\"47\" cy=\"306\" rx=\"12\" ry=\"22\"/>"
                   "<ellipse cx=\"193\" cy=\"306\" rx=\"12\" ry=\"22\"/>"
                   "<path d=\"M74 288 L118 288 L112 400 L106 485 L90 485 L82 400 Z\"/>"
                   "<path d=\"M122 288 L166 288 L158 400 L150 485 L134 485 L128 400 Z\"/>"
                   "<ellipse cx=\"98\" cy=\"506\" rx=\"12\" ry=\"20\"/>"
                   "<ellipse cx=\"142\" cy=\"506\" rx=\"12\" ry=\"20\"/></g>");
}

/* Whether region (index) on side is among blocked (side B blocks both). */
static bool is_blocked(const tdn_bodychart_marks *m, int region, char side)
{
    for (int i = 0; m && i < m->n_blocked; i++)
        if (m->blocked[i].region == region &&
            (m->blocked[i].side == side || m->blocked[i].side == 'B' || side == 'B'))
            return true;
    return false;
}

static void spot_shape(tdn_buf *b, const spot *s, int x, char side, const tdn_bodychart_marks *m)
{
    int idx = tdn_region_find(s->code);
    const tdn_region_info *r = tdn_region_at(idx);
    const char *side_name = side == 'R' ? "right" : side == 'L' ? "left" : "midline";
    const char *blocked = is_blocked(m, idx, side) ? ", blocked by the screening" : "";
    tdn_html(b,
             "<ellipse class=\"spot%s\" tabindex=\"0\" role=\"button\" cx=\"%d\" cy=\"%d\" "
             "rx=\"%d\" ry=\"%d\" data-region=\"%s\" data-side=\"%c\" "
             "aria-label=\"%s, %s%s\"><title>%s (%s)%s</title></ellipse>",
             *blocked ? " blocked" : "", x, s->y, s->rx, s->ry, s->code, side,
             r ? r->name : s->code, side_name, blocked, r ? r->name : s->code, side_name, blocked);
}

static void view(tdn_buf *b, char which, const tdn_bodychart_marks *m)
{
    bool front = which == 'F';
    tdn_html(b,
             "<figure class=\"view\"><svg viewBox=\"0 0 240 540\" role=\"group\" "
             "aria-label=\"%s view\" class=\"bodysvg\">",
             front ? "Front" : "Back");
    silhouette(b);
    /* side labels: on the front the patient's right is on the viewer's left */
    tdn_html(b,
             "<text x=\"14\" y=\"24\" class=\"sidelabel\">%s</text>"
             "<text x=\"214\" y=\"24\" class=\"sidelabel\">%s</text>",
             front ? "R" : "L", front ? "L" : "R");
    for (size_t i = 0; i < sizeof spots / sizeof spots[0]; i++) {
        const spot *s = &spots[i];
        if (s->view != which) continue;
        if (s->mid) {
            spot_shape(b, s, MID, 'B', m);
            continue;
        }
        spot_shape(b, s, s->x, 'R', m);
        spot_shape(b, s, 2 * MID - s->x, 'L', m);
    }
    tdn_html(b, "</svg><figcaption>%s</figcaption></figure>", front ? "Front" : "Back");
}

/* The regions as large buttons grouped by body part (for fingers). */
static void region_list(tdn_buf *b, const tdn_bodychart_marks *m)
{
    tdn_buf_put(b, "<div class=\"region-list\" id=\"region-list\"><h2 class=\"region-list-head\">"
                   "Choose a region</h2>");
    const char *group = "";
    for (int i = 0; i < tdn_region_count(); i++) {
        const tdn_region_info *r = tdn_region_at(i);
        if (strcmp(group, r->group) != 0) {
            if (*group) tdn_buf_put(b, "</div></details>");
            tdn_html(b, "<details><summary>%s</summary><div class=\"regionbtns\">", r->group);
            group = r->group;
        }
        bool right = is_blocked(m, i, 'R'), left = is_blocked(m, i, 'L');
        const char *note = right && left ? " (blocked)"
                           : right       ? " (blocked on the right)"
                           : left        ? " (blocked on the left)"
                                         : "";
        tdn_html(b,
                 "<button type=\"button\" class=\"regionbtn%s\" data-region=\"%s\">%s%s</button>",
                 *note ? " blocked" : "", r->code, r->name, note);
    }
    tdn_buf_put(b, "</div></details></div>");
}

void tdn_bodychart_svg(tdn_buf *b, const tdn_bodychart_marks *m)
{
    tdn_buf_put(b, "<div class=\"views\">");
    view(b, 'F', m);
    view(b, 'K', m);
    tdn_buf_put(b, "</div>");
    region_list(b, m);
}

int tdn_bodychart_check(tdn_err *err)
{
    for (size_t i = 0; i < sizeof spots / sizeof spots[0]; i++)
        if (tdn_region_find(spots[i].code) < 0)
            return tdn_err_set(err, TDN_EINPUT, "bodychart: unknown region '%s'", spots[i].code);
    for (int r = 0; r < tdn_region_count(); r++) {
        bool placed = false;
        for (size_t i = 0; i < sizeof spots / sizeof spots[0] && !placed; i++)
            placed = strcmp(spots[i].code, tdn_region_at(r)->code) == 0;
        if (!placed)
            return tdn_err_set(err, TDN_EINPUT, "bodychart: region '%s' has no spot",
                               tdn_region_at(r)->code);
    }
    return TDN_OK;
}
