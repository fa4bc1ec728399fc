/* placeholder until the engine module lands */
typedef int gw_placeholder_engine;
