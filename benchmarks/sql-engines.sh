#!/usr/bin/env bash
# The "Screening where the data lives" comparison (issue 16, docs/sql.md): wall time and peak RSS at
# 1M rows for three programmes and for all programmes, of
#   - policyrules screen (.NET),
#   - the compiled query in embedded DuckDB (all cores),
#   - a hand-written DuckDB query for HighTechEnterprise (exact DECIMAL money; the floor),
#   - the compiled query in PostgreSQL, screening a table in place into a result table.
# Run from the repository root on a quiet machine (figures go to benchmarks/README.md):
#   ./benchmarks/sql-engines.sh [work-dir, default /tmp/policyrules-sql] [postgres connection string]
# Without a connection string, the PostgreSQL rows are left out. The table is loaded with psql's \copy
# when psql is on the PATH and PGURL (a libpq URL for the same server) is set.
set -euo pipefail

work="${1:-/tmp/policyrules-sql}"
connection="${2:-}"
asof=2025-06-30
three=SmeSize,TechBasedSme,HighTechEnterprise
mkdir -p "$work"

dotnet build -c Release -v:q -nologo src/PolicyRules.Cli
dotnet build -c Release -v:q -nologo benchmarks/PolicyRules.Benchmarks
cli=(dotnet src/PolicyRules.Cli/bin/Release/net10.0/PolicyRules.Cli.dll)
bench=(dotnet benchmarks/PolicyRules.Benchmarks/bin/Release/net10.0/PolicyRules.Benchmarks.dll sql-screen)
all=$("${cli[@]}" lint >/dev/null && ls rules/*.json | grep -v -e tests -e schema -e targets -e record -e YoungTalent | sed 's#rules/##; s#\..*##' | sort -u | paste -sd, -)

[[ -f "$work/1m.csv" ]] || "${cli[@]}" generate --count 1000000 --output "$work/1m.csv"

measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.log" "$@" > /dev/null
  read -r wall rss < "$work/time.log"
  awk -v l="$label" -v w="$wall" -v r="$rss" 'BEGIN { printf "| %s | %.2f s | %.1f MB |\n", l, w, r / 1024 }'
}

echo "| contender (1M rows) | wall | peak RSS |"
echo "|---|---|---|"
measure "screen (.NET), HighTechEnterprise" "${cli[@]}" screen --input "$work/1m.csv" --output "$work/net-hte.csv" --programmes HighTechEnterprise --as-of $asof
measure "screen --engine duckdb, HighTechEnterprise" "${cli[@]}" screen --engine duckdb --input "$work/1m.csv" --output "$work/engine-hte.csv" --programmes HighTechEnterprise --as-of $asof
measure "DuckDB compiled, HighTechEnterprise" "${bench[@]}" duckdb "$work/1m.csv" "$work/duck-hte.csv" HighTechEnterprise $asof
measure "DuckDB hand-written, HighTechEnterprise" "${bench[@]}" duckdb-handwritten "$work/1m.csv" "$work/hand-hte.csv" HighTechEnterprise $asof
measure "screen (.NET), three programmes" "${cli[@]}" screen --input "$work/1m.csv" --output "$work/net-3.csv" --programmes $three --as-of $asof
measure "screen --engine duckdb, three programmes" "${cli[@]}" screen --engine duckdb --input "$work/1m.csv" --output "$work/engine-3.csv" --programmes $three --as-of $asof
measure "DuckDB compiled, three programmes" "${bench[@]}" duckdb "$work/1m.csv" "$work/duck-3.csv" $three $asof
measure "screen (.NET), all programmes" "${cli[@]}" screen --input "$work/1m.csv" --output "$work/net-all.csv" --programmes "$all" --as-of $asof
measure "screen --engine duckdb, all programmes" "${cli[@]}" screen --engine duckdb --input "$work/1m.csv" --output "$work/engine-all.csv" --programmes "$all" --as-of $asof
measure "DuckDB compiled, all programmes" "${bench[@]}" duckdb "$work/1m.csv" "$work/duck-all.csv" "$all" $asof

if [[ -n "$connection" ]]; then
  if [[ -n "${PGURL:-}" ]] && command -v psql >/dev/null; then
    cols=$(head -1 "$work/1m.csv" | tr ',' '\n' | sed 's/.*/"&" text/' | paste -sd, -)
    psql "$PGURL" -q -c "DROP TABLE IF EXISTS enterprises; CREATE TABLE enterprises ($cols)" -c "\\copy enterprises FROM '$work/1m.csv' (FORMAT csv, HEADER true)"
  fi
  measure "PostgreSQL in place, three programmes" "${bench[@]}" postgres enterprises screening_3 $three $asof "$connection"
  measure "PostgreSQL in place, all programmes" "${bench[@]}" postgres enterprises screening_all "$all" $asof "$connection"
  measure "screen --engine postgres, three programmes (file + --write-table)" env POLICYRULES_CONNECTION="$connection" "${cli[@]}" screen --engine postgres --table enterprises --output "$work/pg-3.csv" --write-table screening_engine_3 --replace --programmes $three --as-of $asof
  measure "screen --engine postgres, all programmes (file + --write-table)" env POLICYRULES_CONNECTION="$connection" "${cli[@]}" screen --engine postgres --table enterprises --output "$work/pg-all.csv" --write-table screening_engine_all --replace --programmes "$all" --as-of $asof
fi
