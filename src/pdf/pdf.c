/* placeholder until the pdf module lands */
typedef int gw_placeholder_pdf;
