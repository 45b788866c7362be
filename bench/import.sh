#!/usr/bin/env bash
# Import benchmark: chiso against the sqlite3 shell's plain `.import`.
#
# For each size (1M and 5M rows by default) it times, each into a fresh place:
#   (a) sqlite3 plain.db  .mode csv + .import FILE plain   (no parsing, no checks: the floor)
#   (b) chiso import --db fresh.sqlite FILE                 (first import)
#   (c) chiso import --db fresh.sqlite FILE                 (the same file again: nothing changes)
#   (d) chiso import --db sample.sqlite FILE                (into a database holding the sample data,
#                                                            as the window's first start leaves it)
# and reports wall seconds, peak RSS and the ratios chiso / sqlite3.
# Targets: (b) <= 0.5x (a) on 1M; (c) <= 0.5x (a); peak RSS of chiso <= 100 MiB on 5M.
#
# With BENCH_PG set to a PostgreSQL server's URL (e.g. the one `.ci/pg-start`
# prints), each size also runs on PostgreSQL, each into a fresh database:
#   (e) psql \copy FILE into a plain table of text columns   (the floor)
#   (f) chiso import --db URL FILE                          (first import)
#   (g) chiso import --db URL FILE                          (the same file again)
# Target (issue 14): (f) <= 1.5x (e) on 1M.
#
# usage: bench/import.sh [--no-build] [--pg-only] [SIZE...]      e.g. bench/import.sh 100000
#        --pg-only: only (e)-(g) (BENCH_PG must be set)
# env:   BENCH_DIR  where generated files and databases go (default target/bench)
#        CHISO      the binary to time (default target/release/chiso)
#        BENCH_PG   a PostgreSQL server (postgresql://user@host:port/db) for (e)-(g)
#
# Needs only: the repository, ../shared/bench/gen.py beside it, python3 and sqlite3
# on PATH, and cargo unless --no-build. Generated CSV files are kept and reused.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GEN="$ROOT/../shared/bench/gen.py"
BENCH_DIR="${BENCH_DIR:-$ROOT/target/bench}"
CHISO="${CHISO:-$ROOT/target/release/chiso}"
BUILD=1
PG_ONLY=0
SIZES=()
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        --pg-only) PG_ONLY=1 ;;
        -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *[!0-9]*|'') echo "bench: not a row count: $arg" >&2; exit 2 ;;
        *) SIZES+=("$arg") ;;
    esac
done
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000000 5000000)
[ "$PG_ONLY" = 0 ] || [ -n "${BENCH_PG:-}" ] || { echo "bench: --pg-only needs BENCH_PG" >&2; exit 2; }

die() { echo "bench: $*" >&2; exit 1; }
[ "$PG_ONLY" = 1 ] || command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 is not on PATH; install the SQLite shell (e.g. apt-get install sqlite3) and run again"
command -v python3 >/dev/null 2>&1 || die "python3 is not on PATH; it runs the row generator $GEN"
[ -f "$GEN" ] || die "row generator not found: $GEN (expected ../shared/bench/gen.py beside the repository)"

if [ "$BUILD" = 1 ]; then
    command -v cargo >/dev/null 2>&1 || die "cargo is not on PATH (or pass --no-build and set CHISO)"
    echo "== cargo build --release" >&2
    (cd "$ROOT" && cargo build --release) || die "cargo build --release failed"
fi
[ -x "$CHISO" ] || die "chiso binary not found: $CHISO (build it, or set CHISO=path)"

mkdir -p "$BENCH_DIR"
TIME_OUT="$BENCH_DIR/time.out"
if [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' -o "$TIME_OUT" true 2>/dev/null; then
    HAVE_GNU_TIME=1
else
    HAVE_GNU_TIME=0
    echo "bench: /usr/bin/time (GNU) not found: timing with bash, peak RSS not measured" >&2
fi

# measure LABEL CMD...: runs CMD, sets SECONDS_TAKEN and PEAK_KIB ("n/a" when unknown).
measure() {
    local label="$1"; shift
    local log="$BENCH_DIR/$label.log" status=0
    # Each run starts with no other run's writes still going to the disk:
    # otherwise the run after sqlite3's waits on its 0.2-0.9 GB of writeback.
    sync
    if [ "$HAVE_GNU_TIME" = 1 ]; then
        /usr/bin/time -f '%e %M' -o "$TIME_OUT" "$@" >"$log" 2>&1 || status=$?
        read -r SECONDS_TAKEN PEAK_KIB < <(tail -n 1 "$TIME_OUT")
    else
        local TIMEFORMAT='%R'
        SECONDS_TAKEN=$( { time "$@" >"$log" 2>&1; } 2>&1 ) || status=$?
        SECONDS_TAKEN="${SECONDS_TAKEN##*$'\n'}"
        PEAK_KIB="n/a"
    fi
    if [ "$status" != 0 ]; then
        echo "bench: $label failed (exit $status); last lines of $log:" >&2
        tail -n 5 "$log" >&2
        return 1
    fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
mib() { [ "$1" = "n/a" ] && echo "n/a" || awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
verdict() { awk -v v="$1" -v limit="$2" 'BEGIN { if (v == "n/a") print "?"; else print (v + 0 <= limit + 0 ? "ok" : "MISSED") }'; }

# gen.py refuses more rows than its key space ("at most N rows"): fall back to N, loudly.
generate() {
    local rows="$1" file="$2" message
    if [ -s "$file" ]; then
        echo "== reusing $file" >&2
        return 0
    fi
    echo "== generating $rows rows into $file" >&2
    if ! message=$(python3 "$GEN" "$rows" "$file.part" 2>&1); then
        rm -f "$file.part"
        local most
        most=$(printf '%s\n' "$message" | sed -n 's/.*at most \([0-9][0-9]*\) rows.*/\1/p')
        [ -n "$most" ] || die "gen.py failed: $message"
        echo "bench: WARNING: gen.py makes at most $most rows; using $most instead of $rows" >&2
        python3 "$GEN" "$most" "$file.part" || die "gen.py failed for $most rows"
    fi
    mv "$file.part" "$file"
}

# The sample database, made once: the catalogue, the 2021 report and the demo set.
SAMPLE_DB="$BENCH_DIR/sample.sqlite"
rm -f "$SAMPLE_DB" "$SAMPLE_DB-wal" "$SAMPLE_DB-shm"
"$CHISO" import-indicators --db "$SAMPLE_DB" "$ROOT/sample-data/indicators.csv" >/dev/null ||
    die "cannot load the sample catalogue into $SAMPLE_DB"
"$CHISO" import --db "$SAMPLE_DB" "$ROOT/sample-data/khanh-hoa-2021.csv" "$ROOT/sample-data/demo/demo-2019-2025.csv" >/dev/null ||
    die "cannot load the sample data into $SAMPLE_DB"

RESULTS=()
PG_RESULTS=()
for rows in "${SIZES[@]}"; do
    file="$BENCH_DIR/rows-$rows.csv"
    generate "$rows" "$file"
    lines=$(( $(wc -l <"$file") - 1 ))
    megabytes=$(awk -v b="$(wc -c <"$file")" 'BEGIN { printf "%.0f", b / 1048576 }')
    echo "== $rows requested: $lines data rows, $megabytes MB" >&2

    if [ "$PG_ONLY" = 0 ]; then
        plain="$BENCH_DIR/plain-$rows.db"
        rm -f "$plain" "$plain-wal" "$plain-shm" "$plain-journal"
        measure "sqlite3-$rows" sqlite3 "$plain" ".mode csv" ".import \"$file\" plain"
        s_sec=$SECONDS_TAKEN s_kib=$PEAK_KIB

        db="$BENCH_DIR/chiso-$rows.sqlite"
        rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
        measure "chiso-import-$rows" "$CHISO" import --db "$db" "$file"
        c_sec=$SECONDS_TAKEN c_kib=$PEAK_KIB

        measure "chiso-reimport-$rows" "$CHISO" import --db "$db" "$file"
        r_sec=$SECONDS_TAKEN r_kib=$PEAK_KIB

        into="$BENCH_DIR/sample-$rows.sqlite"
        rm -f "$into" "$into-wal" "$into-shm"
        cp "$SAMPLE_DB" "$into"
        measure "chiso-into-sample-$rows" "$CHISO" import --db "$into" "$file"
        d_sec=$SECONDS_TAKEN d_kib=$PEAK_KIB

        RESULTS+=("$rows $lines $s_sec $s_kib $c_sec $c_kib $r_sec $r_kib $d_sec $d_kib")
    fi

    if [ -n "${BENCH_PG:-}" ]; then
        command -v psql >/dev/null 2>&1 || die "BENCH_PG is set but psql is not on PATH"
        base="${BENCH_PG%/*}"
        for name in plain_$rows chiso_$rows; do
            psql -q "$BENCH_PG" -c "DROP DATABASE IF EXISTS bench_$name" -c "CREATE DATABASE bench_$name" >/dev/null
        done
        columns=$(head -n 1 "$file" | tr -d '\r' | awk -F, '{ for (i = 1; i <= NF; i++) printf "%s\"%s\" text", (i > 1 ? ", " : ""), $i }')
        psql -q "$base/bench_plain_$rows" -c "CREATE TABLE plain ($columns)" >/dev/null
        measure "psql-copy-$rows" psql -q "$base/bench_plain_$rows" -c "\\copy plain FROM '$file' WITH (FORMAT csv, HEADER true)"
        p_sec=$SECONDS_TAKEN
        "$CHISO" init --db "$base/bench_chiso_$rows" >/dev/null
        measure "chiso-pg-import-$rows" "$CHISO" import --db "$base/bench_chiso_$rows" "$file"
        f_sec=$SECONDS_TAKEN f_kib=$PEAK_KIB
        measure "chiso-pg-reimport-$rows" "$CHISO" import --db "$base/bench_chiso_$rows" "$file"
        g_sec=$SECONDS_TAKEN g_kib=$PEAK_KIB
        PG_RESULTS+=("$rows $lines $p_sec $f_sec $f_kib $g_sec $g_kib")
        for name in plain_$rows chiso_$rows; do
            psql -q "$BENCH_PG" -c "DROP DATABASE IF EXISTS bench_$name" >/dev/null
        done
    fi
done

echo
printf '%-9s %-22s %9s %10s %10s  %s\n' "rows" "run" "wall s" "peak MiB" "x sqlite3" "target"
for result in "${RESULTS[@]+"${RESULTS[@]}"}"; do
    read -r rows lines s_sec s_kib c_sec c_kib r_sec r_kib d_sec d_kib <<<"$result"
    c_ratio=$(ratio "$c_sec" "$s_sec")
    r_ratio=$(ratio "$r_sec" "$s_sec")
    import_target="-"
    [ "$rows" = 1000000 ] && import_target="<=0.5x $(verdict "$c_ratio" 0.5)"
    peak="$(mib "$c_kib")"
    [ "$r_kib" != "n/a" ] && [ "$c_kib" != "n/a" ] && [ "$r_kib" -gt "$c_kib" ] && peak="$(mib "$r_kib")"
    printf '%-9s %-22s %9s %10s %10s  %s\n' "$lines" "sqlite3 .import" "$s_sec" "$(mib "$s_kib")" "1.00" "-"
    printf '%-9s %-22s %9s %10s %10s  %s\n' "$lines" "chiso import (fresh)" "$c_sec" "$(mib "$c_kib")" "$c_ratio" "$import_target"
    printf '%-9s %-22s %9s %10s %10s  %s\n' "$lines" "chiso re-import" "$r_sec" "$(mib "$r_kib")" "$r_ratio" "<=0.5x $(verdict "$r_ratio" 0.5)"
    printf '%-9s %-22s %9s %10s %10s  %s\n' "$lines" "chiso into sample db" "$d_sec" "$(mib "$d_kib")" "$(ratio "$d_sec" "$s_sec")" "-"
    if [ "$rows" = 5000000 ]; then
        printf '%-9s %-22s %9s %10s %10s  %s\n' "$lines" "chiso peak RSS" "" "$peak" "" "<=100 $(verdict "$peak" 100)"
    fi
done
for result in "${PG_RESULTS[@]}"; do
    read -r rows lines p_sec f_sec f_kib g_sec g_kib <<<"$result"
    f_ratio=$(ratio "$f_sec" "$p_sec")
    pg_target="-"
    [ "$rows" = 1000000 ] && pg_target="<=1.5x $(verdict "$f_ratio" 1.5)"
    printf '%-9s %-22s %9s %10s %10s  %s\n' "$lines" "psql \\copy (plain)" "$p_sec" "n/a" "1.00" "-"
    printf '%-9s %-22s %9s %10s %10s  %s\n' "$lines" "chiso import (pg)" "$f_sec" "$(mib "$f_kib")" "$f_ratio" "$pg_target"
    printf '%-9s %-22s %9s %10s %10s  %s\n' "$lines" "chiso re-import (pg)" "$g_sec" "$(mib "$g_kib")" "$(ratio "$g_sec" "$p_sec")" "-"
done
echo
echo "Generated files and databases: $BENCH_DIR (logs: *.log). Delete the CSV files to regenerate them."
