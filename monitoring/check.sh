#!/usr/bin/env bash
# Checks the Prometheus alert rules (syntax, templates) and runs their unit tests with promtool.
# `mvn -B verify` runs it from the monitoring module; it exits non-zero on any failure.
# PROMTOOL=/path/to/promtool overrides the one on PATH.
set -euo pipefail
cd "$(dirname "$0")/prometheus"

promtool="${PROMTOOL:-promtool}"
if ! command -v "$promtool" >/dev/null 2>&1; then
  echo "monitoring/check.sh: promtool not found (needed to check and test the alert rules)." >&2
  echo "Install it: apt-get install -y prometheus   (Debian/Ubuntu; or set PROMTOOL=/path/to/promtool)" >&2
  exit 1
fi

"$promtool" check rules cutover-rules.yml
shopt -s nullglob
tests=(tests/*.yml)
if [ ${#tests[@]} -eq 0 ]; then
  echo "monitoring/check.sh: no rule tests under monitoring/prometheus/tests" >&2
  exit 1
fi
"$promtool" test rules "${tests[@]}"
