#!/usr/bin/env bash
# Cold start (issue 19): a fresh process loads, checks and compiles the bundled rules once, timed from
# inside the process (benchmarks/PolicyRules.ColdStart), for the same program published two ways:
#   jit  - framework-dependent, as `dotnet build` leaves it: every method of ours and of
#          System.Linq.Dynamic.Core is JIT-compiled on first use;
#   r2r  - published with -p:PublishReadyToRun=true (precompiled native code for this machine's
#          runtime identifier), as an application that cares about its start-up ships.
# Launches alternate between the two so that a slow moment of the machine hits both alike.
# Run from the repository root on a quiet machine (figures go to benchmarks/README.md):
#   ./benchmarks/cold-start.sh [LAUNCHES] [WORK-DIR]      default 20 launches each, /tmp/policyrules-cold
set -euo pipefail

launches="${1:-20}"
work="${2:-/tmp/policyrules-cold}"
[[ "$launches" =~ ^[1-9][0-9]*$ ]] || { echo "LAUNCHES takes a positive whole number" >&2; exit 2; }
rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
[[ -n "$rid" ]] || { echo "could not read the runtime identifier from dotnet --info" >&2; exit 1; }
project=benchmarks/PolicyRules.ColdStart
rm -rf "$work" && mkdir -p "$work"
dotnet publish "$project" -c Release -v:q -nologo -o "$work/jit"
dotnet publish "$project" -c Release -v:q -nologo -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$work/r2r"

for ((i = 0; i < launches; i++)); do
  for kind in jit r2r; do
    dotnet "$work/$kind/PolicyRules.ColdStart.dll" rules | awk '{ print $1 }' >> "$work/$kind.ms"
  done
done

echo "| build ($launches fresh launches each, $rid) | median | min | max |"
echo "|---|---:|---:|---:|"
for kind in jit r2r; do
  sort -n "$work/$kind.ms" | awk -v k="$kind" '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "| %s | %.0f ms | %.0f ms | %.0f ms |\n", k, m, v[1], v[NR] }'
done
