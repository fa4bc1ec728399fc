/* placeholder until the check module lands */
typedef int gw_placeholder_check;
