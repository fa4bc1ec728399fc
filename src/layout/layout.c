/* placeholder until the layout module lands */
typedef int gw_placeholder_layout;
