#!/usr/bin/env bash
# The "Screening where the data lives" comparison (issue 16, docs/sql.md): wall time and peak RSS at
# 1M rows for three programmes and for all programmes, of
#   - policyrules screen (.NET),
#   - the compiled query in embedded DuckDB (all cores),
#   - a hand-written DuckDB query for HighTechEnterprise (exact DECIMAL money; the floor),
#   - the compiled query in PostgreSQL, screening a table in place into a result table.
# Run from the repository root on a quiet machine (figures go to benchmarks/README.md):
#   ./benchmarks/sql-engines.sh [WORK-DIR] [CONNECTION] [--postgres] [--rows N]
#     WORK-DIR     default /tmp/policyrules-sql
#     CONNECTION   an Npgsql connection string to a server of yours; the table is loaded with psql's
#                  \copy when psql is on the PATH and PGURL (a libpq URL for the same server) is set
#     --postgres   start a throw-away server (benchmarks/postgres-server.sh) for the PostgreSQL rows,
#                  load the table into it, and stop it at the end, whatever happens
#     --rows N     generated records (default 1000000); a small N checks the script end to end
# Without a connection string or --postgres, the PostgreSQL rows are left out.
set -euo pipefail

work=/tmp/policyrules-sql
connection=""
own_server=false
rows=1000000
positional=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --postgres) own_server=true ;;
    --rows) rows="$2"; shift ;;
    --rows=*) rows="${1#--rows=}" ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) if [[ $positional == 0 ]]; then work="$1"; else connection="$1"; fi; positional=$((positional + 1)) ;;
  esac
  shift
done
[[ "$rows" =~ ^[1-9][0-9]*$ ]] || { echo "--rows takes a positive whole number" >&2; exit 2; }
asof=2025-06-30
three=SmeSize,TechBasedSme,HighTechEnterprise
mkdir -p "$work"
input="$work/$([[ $rows == 1000000 ]] && echo 1m || echo "rows-$rows").csv"
label=$([[ $rows == 1000000 ]] && echo "1M rows" || echo "$rows rows")

if $own_server; then
  if [[ -n "$connection" ]]; then echo "give a connection string or --postgres, not both" >&2; exit 2; fi
  export POLICYRULES_PG_STATE="$work/postgres.state"
  trap './benchmarks/postgres-server.sh stop' EXIT
  eval "$(./benchmarks/postgres-server.sh start)"
  connection="$CONNECTION"
  export PGURL
  PATH="$(dirname "$PSQL"):$PATH"
fi

dotnet build -c Release -v:q -nologo src/PolicyRules.Cli
dotnet build -c Release -v:q -nologo benchmarks/PolicyRules.Benchmarks
cli=(dotnet src/PolicyRules.Cli/bin/Release/net10.0/PolicyRules.Cli.dll)
bench=(dotnet benchmarks/PolicyRules.Benchmarks/bin/Release/net10.0/PolicyRules.Benchmarks.dll sql-screen)
all=$("${cli[@]}" lint >/dev/null && ls rules/*.json | grep -v -e tests -e schema -e targets -e record -e YoungTalent | sed 's#rules/##; s#\..*##' | sort -u | paste -sd, -)

[[ -f "$input" ]] || "${cli[@]}" generate --count "$rows" --output "$input"

measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.log" "$@" > /dev/null
  read -r wall rss < "$work/time.log"
  awk -v l="$label" -v w="$wall" -v r="$rss" 'BEGIN { printf "| %s | %.2f s | %.1f MB |\n", l, w, r / 1024 }'
}

echo "| contender ($label) | wall | peak RSS |"
echo "|---|---|---|"
measure "screen (.NET), HighTechEnterprise" "${cli[@]}" screen --input "$input" --output "$work/net-hte.csv" --programmes HighTechEnterprise --as-of $asof
measure "screen --engine duckdb, HighTechEnterprise" "${cli[@]}" screen --engine duckdb --input "$input" --output "$work/engine-hte.csv" --programmes HighTechEnterprise --as-of $asof
measure "DuckDB compiled, HighTechEnterprise" "${bench[@]}" duckdb "$input" "$work/duck-hte.csv" HighTechEnterprise $asof
measure "DuckDB hand-written, HighTechEnterprise" "${bench[@]}" duckdb-handwritten "$input" "$work/hand-hte.csv" HighTechEnterprise $asof
measure "screen (.NET), three programmes" "${cli[@]}" screen --input "$input" --output "$work/net-3.csv" --programmes $three --as-of $asof
measure "screen --engine duckdb, three programmes" "${cli[@]}" screen --engine duckdb --input "$input" --output "$work/engine-3.csv" --programmes $three --as-of $asof
measure "DuckDB compiled, three programmes" "${bench[@]}" duckdb "$input" "$work/duck-3.csv" $three $asof
measure "screen (.NET), all programmes" "${cli[@]}" screen --input "$input" --output "$work/net-all.csv" --programmes "$all" --as-of $asof
measure "screen --engine duckdb, all programmes" "${cli[@]}" screen --engine duckdb --input "$input" --output "$work/engine-all.csv" --programmes "$all" --as-of $asof
measure "DuckDB compiled, all programmes" "${bench[@]}" duckdb "$input" "$work/duck-all.csv" "$all" $asof

if [[ -n "$connection" ]]; then
  if [[ -n "${PGURL:-}" ]] && command -v psql >/dev/null; then
    cols=$(head -1 "$input" | tr ',' '\n' | sed 's/.*/"&" text/' | paste -sd, -)
    psql "$PGURL" -q -c "DROP TABLE IF EXISTS enterprises; CREATE TABLE enterprises ($cols)" -c "\\copy enterprises FROM '$input' (FORMAT csv, HEADER true)"
  fi
  measure "PostgreSQL in place, three programmes" "${bench[@]}" postgres enterprises screening_3 $three $asof "$connection"
  measure "PostgreSQL in place, all programmes" "${bench[@]}" postgres enterprises screening_all "$all" $asof "$connection"
  measure "screen --engine postgres, three programmes (file + --write-table)" env POLICYRULES_CONNECTION="$connection" "${cli[@]}" screen --engine postgres --table enterprises --output "$work/pg-3.csv" --write-table screening_engine_3 --replace --programmes $three --as-of $asof
  measure "screen --engine postgres, all programmes (file + --write-table)" env POLICYRULES_CONNECTION="$connection" "${cli[@]}" screen --engine postgres --table enterprises --output "$work/pg-all.csv" --write-table screening_engine_all --replace --programmes "$all" --as-of $asof
fi
