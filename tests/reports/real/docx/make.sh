#!/bin/sh
# Make the DOCX fixtures of this folder with LibreOffice (Debian
# libreoffice-writer-nogui, needed only here: CI uses the committed .docx).
#   features.fodt       written by hand: automatic numbering (一、 （一）),
#                       merged cells, a tracked insertion and deletion, a
#                       comment, a header and a footer
#   example-draft.html  the example report as a Word-saved page
#                       (../html/make.py writes it)
#   numbered.fodt       the example report with its heading numbers made by
#                       styles (make-numbered.py writes it, and styled.docx,
#                       which it writes part by part without LibreOffice)
# The HTML import filter must be named: without it soffice has no export
# filter for an HTML document.
set -eu
cd "$(dirname "$0")"
soffice --headless --convert-to docx features.fodt
python3 make-numbered.py ../../../../examples/report-2022.txt
soffice --headless --convert-to docx numbered.fodt
soffice --headless --infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML" \
    --outdir . example-draft.html
mv example-draft.docx example.docx
