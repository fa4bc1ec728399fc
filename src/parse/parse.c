/* placeholder until the parse module lands */
typedef int gw_placeholder_parse;
