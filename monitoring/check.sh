#!/usr/bin/env bash
# Checks the Prometheus alert rules (syntax, templates) and the example configuration, runs the rules'
# unit tests, and parses every query of the Grafana dashboard, all with promtool.
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
"$promtool" check config prometheus.example.yml
shopt -s nullglob
tests=(tests/*.yml)
if [ ${#tests[@]} -eq 0 ]; then
  echo "monitoring/check.sh: no rule tests under monitoring/prometheus/tests" >&2
  exit 1
fi
"$promtool" test rules "${tests[@]}"

# The dashboard's queries, as recording rules, with Grafana's variables given sample values.
dashboard=../grafana/cutover-dashboard.json
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
{
  echo "groups:"
  echo "  - name: dashboard-queries"
  echo "    rules:"
  grep -o '"expr": "\([^"\\]\|\\.\)*"' "$dashboard" \
    | sed -e 's/^"expr": "//' -e 's/"$//' -e 's/\\"/"/g' -e 's/\\\\/\\/g' \
          -e 's/\$__rate_interval/5m/g' -e 's/\$__range/1h/g' -e 's/\$job/cutover.*/g' -e 's/\$instance/.*/g' \
          -e "s/'/''/g" \
    | while IFS= read -r expr; do
        i=$((${i:-0} + 1))
        echo "      - record: dashboard:query_$i"
        echo "        expr: '$expr'"
      done
} >"$tmp/dashboard-queries.yml"
n="$(grep -c 'record:' "$tmp/dashboard-queries.yml" || true)"
if [ "$n" -lt 1 ]; then
  echo "monitoring/check.sh: found no queries in $dashboard" >&2
  exit 1
fi
echo "Checking the $n queries of grafana/cutover-dashboard.json"
"$promtool" check rules "$tmp/dashboard-queries.yml"
