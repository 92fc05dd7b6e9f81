#!/usr/bin/env bash
# Reproduces the ".xlsx in and out" figures of benchmarks/README.md: wall time and peak RSS of
# `policyrules screen` reading and writing Excel workbooks at 100k rows, beside the same rows as CSV.
# Run from the repository root on a quiet machine:
#   ./benchmarks/screen-xlsx.sh [runs-per-case, default 2] [rows, default 100000] [work-dir, default /tmp/policyrules-xlsx]
set -euo pipefail

runs="${1:-2}"
rows="${2:-100000}"
work="${3:-/tmp/policyrules-xlsx}"
mkdir -p "$work"

dotnet build -c Release -v:q -nologo src/PolicyRules.Cli
cli=(dotnet src/PolicyRules.Cli/bin/Release/net10.0/PolicyRules.Cli.dll)
three=SmeSize,TechBasedSme,HighTechEnterprise

# The same seeded enterprises in both formats.
[[ -f "$work/$rows.xlsx" ]] || "${cli[@]}" generate --count "$rows" --output "$work/$rows.xlsx"
[[ -f "$work/$rows.csv" ]] || "${cli[@]}" generate --count "$rows" --output "$work/$rows.csv"
ls -l "$work/$rows.xlsx" "$work/$rows.csv"

# One measured run: prints "| label | wall s | peak RSS MB |".
measure() {
  local label="$1"; shift
  local log="$work/time.log"
  /usr/bin/time -f "%e %M" -o "$log" "$@" > /dev/null
  read -r wall rss < "$log"
  awk -v l="$label" -v w="$wall" -v r="$rss" 'BEGIN { printf "| %s | %.2f s | %.1f MB |\n", l, w, r / 1024 }'
}

echo "| run | wall time | peak RSS |"
echo "|---|---|---|"
for _ in $(seq "$runs"); do
  measure "generate $rows rows to .xlsx" "${cli[@]}" generate --count "$rows" --output "$work/gen.xlsx"
  measure "screen, 3 programmes, $rows .xlsx → .xlsx" "${cli[@]}" screen --input "$work/$rows.xlsx" --output "$work/out.xlsx" --as-of 2025-06-30 --programs "$three"
  measure "screen, 3 programmes, $rows .xlsx → CSV" "${cli[@]}" screen --input "$work/$rows.xlsx" --output "$work/out.csv" --as-of 2025-06-30 --programs "$three"
  measure "screen, 3 programmes, $rows CSV → .xlsx" "${cli[@]}" screen --input "$work/$rows.csv" --output "$work/out.xlsx" --as-of 2025-06-30 --programs "$three"
  measure "screen, 3 programmes, $rows CSV → CSV (reference)" "${cli[@]}" screen --input "$work/$rows.csv" --output "$work/out.csv" --as-of 2025-06-30 --programs "$three"
  measure "screen, all programmes, $rows .xlsx → .xlsx" "${cli[@]}" screen --input "$work/$rows.xlsx" --output "$work/out.xlsx" --as-of 2025-06-30
done
