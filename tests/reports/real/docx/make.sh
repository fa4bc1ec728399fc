#!/bin/sh
# Make the DOCX fixtures of this folder with LibreOffice (Debian
# libreoffice-writer-nogui, needed only here: CI uses the committed .docx).
#   features.fodt       written by hand: automatic numbering (一、 （一）),
#                       merged cells, a tracked insertion and deletion, a
#                       comment, a header and a footer
#   example-draft.html  the example report as a Word-saved page
#                       (../html/make.py writes it)
# The HTML import filter must be named: without it soffice has no export
# filter for an HTML document.
set -eu
cd "$(dirname "$0")"
soffice --headless --convert-to docx features.fodt
soffice --headless --infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML" \
    --outdir . example-draft.html
mv example-draft.docx example.docx
