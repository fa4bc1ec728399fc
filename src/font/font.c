/* placeholder until the font module lands */
typedef int gw_placeholder_font;
