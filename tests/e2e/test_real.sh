#!/bin/bash
# End to end on the real reports of other agencies in tests/reports/real/
# (sources in SOURCES.md, expectations from reading each in expect.tsv).
set -euo pipefail
exec python3 "$2/tests/e2e/realcheck.py" "$1" "$2" "$3/real"
