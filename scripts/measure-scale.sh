#!/bin/sh
# measure-scale.sh N [PORT] — measures Tremplin on a catalog grown to N items
# (docs/performance.md): tremplin index time and peak RSS, data directory
# size, served latency in process (tremplin eval --catalog), and the RSS of
# tremplin serve after answering the dev queries (tremplin eval --url).
# Needs /usr/bin/time (GNU time) and ../shared. Writes into $OUT (default
# /tmp/tremplin-scale), never into the repository.
set -eu
N=$1
PORT=${2:-18413}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
OUT=${OUT:-/tmp/tremplin-scale}
BIN=$OUT/tremplin
mkdir -p "$OUT"
[ -x "$BIN" ] || (cd "$ROOT" && go build -o "$BIN" ./cmd/tremplin)
CAT=$OUT/catalog-$N.jsonl
DATA=$OUT/data-$N
Q=$SHARED/eval/queries-dev.jsonl
export TREMPLIN_LOG_LEVEL=warn

echo "== $N items — $(date -u +%FT%TZ) — load: $(uptime | sed 's/.*load average: //')"
"$BIN" catalog generate --catalog "$SHARED/eval/catalog-rncp.jsonl" --referentiel "$SHARED/referentiels" \
	--items "$N" --out "$CAT" >/dev/null
rm -rf "$DATA"
"$BIN" referentiel import --rome "$SHARED/referentiels/rome4_v460" --data "$DATA" >/dev/null

/usr/bin/time -v "$BIN" index --catalog "$CAT" --data "$DATA" >"$OUT/index-$N.out" 2>"$OUT/index-$N.time"
tail -1 "$OUT/index-$N.out"
grep -E 'Elapsed|Maximum resident' "$OUT/index-$N.time"
echo "data dir: $(du -sm "$DATA" | cut -f1) MiB"

echo "load before eval: $(uptime | sed 's/.*load average: //')"
/usr/bin/time -v "$BIN" eval --catalog "$CAT" --queries "$Q" --referentiel "$SHARED/referentiels" --json \
	>"$OUT/eval-$N.json" 2>"$OUT/eval-$N.time"
grep -E 'Maximum resident' "$OUT/eval-$N.time" | sed 's/^/eval (index + queries) /'

TREMPLIN_DATA=$DATA "$BIN" serve --addr "127.0.0.1:$PORT" >"$OUT/serve-$N.out" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
i=0
until curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -lt 600 ] || { echo "serve not ready"; exit 1; }; sleep 0.5
done
echo "serve ready: $(grep VmRSS /proc/$PID/status)"
"$BIN" eval --url "http://127.0.0.1:$PORT" --queries "$Q" --json >"$OUT/evalurl-$N.json"
echo "serve after $(wc -l <"$Q") queries: $(grep -E 'VmRSS|VmHWM' /proc/$PID/status | tr -s ' \t' ' ' | tr '\n' ' ')"
kill $PID
wait $PID 2>/dev/null || true
trap - EXIT
