#!/usr/bin/env bash
# Reproduces the "Screening 1,000,000 enterprises from the CLI" figures of benchmarks/README.md:
# wall time and peak RSS of `policyrules screen` against the hand-written single-threaded
# reader/evaluator/writer, at 100k and 1M rows, CSV and Parquet. Run from the repository root on a
# quiet machine: ./benchmarks/screen-1m.sh [runs-per-case, default 2] [work-dir, default /tmp/policyrules-1m]
set -euo pipefail

runs="${1:-2}"
work="${2:-/tmp/policyrules-1m}"
mkdir -p "$work"

dotnet build -c Release -v:q -nologo src/PolicyRules.Cli
dotnet build -c Release -v:q -nologo benchmarks/PolicyRules.Benchmarks
cli=(dotnet src/PolicyRules.Cli/bin/Release/net10.0/PolicyRules.Cli.dll)
handwritten=(dotnet benchmarks/PolicyRules.Benchmarks/bin/Release/net10.0/PolicyRules.Benchmarks.dll handwritten-screen)
three=SmeSize,TechBasedSme,HighTechEnterprise

[[ -f "$work/1m.csv" ]] || "${cli[@]}" generate --count 1000000 --output "$work/1m.csv"
[[ -f "$work/100k.csv" ]] || head -100001 "$work/1m.csv" > "$work/100k.csv"
[[ -f "$work/1m.parquet" ]] || "${cli[@]}" generate --count 1000000 --output "$work/1m.parquet"
[[ -f "$work/100k.parquet" ]] || "${cli[@]}" generate --count 100000 --output "$work/100k.parquet"
ls -l "$work"/*.csv "$work"/*.parquet

# One measured run: prints "label | wall s | peak RSS MB".
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
  measure "screen, 3 programmes, 1M CSV" "${cli[@]}" screen --input "$work/1m.csv" --output "$work/out.csv" --as-of 2025-06-30 --programs "$three"
  measure "screen, 3 programmes, 100k CSV" "${cli[@]}" screen --input "$work/100k.csv" --output "$work/out.csv" --as-of 2025-06-30 --programs "$three"
  measure "hand-written, 3 programmes, 1M CSV" "${handwritten[@]}" "$work/1m.csv" "$work/hw.csv"
  measure "hand-written, 3 programmes, 100k CSV" "${handwritten[@]}" "$work/100k.csv" "$work/hw.csv"
  measure "screen, all programmes, 1M CSV" "${cli[@]}" screen --input "$work/1m.csv" --output "$work/out.csv" --as-of 2025-06-30
  measure "screen, all programmes, 100k CSV" "${cli[@]}" screen --input "$work/100k.csv" --output "$work/out.csv" --as-of 2025-06-30
  measure "screen, 3 programmes, 1M Parquet" "${cli[@]}" screen --input "$work/1m.parquet" --output "$work/out.parquet" --as-of 2025-06-30 --programs "$three"
  measure "screen, 3 programmes, 100k Parquet" "${cli[@]}" screen --input "$work/100k.parquet" --output "$work/out.parquet" --as-of 2025-06-30 --programs "$three"
done
