#!/usr/bin/env bash
# Runs the whole suite on SQLite, then again on PostgreSQL when one is reachable, and says
# which ran. PENGAWAS_REQUIRE_POSTGRES=1 / PENGAWAS_REQUIRE_BROWSER=1 (set by CI) turn a
# missing PostgreSQL or Chromium into a failure instead of a notice.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
ran=()
args=("$@")

if [ ! -x /usr/bin/chromium ]; then
  if [ "${PENGAWAS_REQUIRE_BROWSER:-0}" = 1 ]; then
    echo "GAGAL: /usr/bin/chromium tidak ada, padahal tes peramban diwajibkan." >&2
    exit 1
  fi
  echo "Catatan: /usr/bin/chromium tidak ada; tes peramban (-m browser) tidak dijalankan."
  echo "         Pasang dengan: sudo apt-get install chromium"
  args+=(-m "not browser")
fi

echo "== Tes pada SQLite =="
env -u DATABASE_URL -u TEST_DATABASE_URL "$BIN/pytest" "${args[@]}" || exit 1
ran+=("SQLite")

pg_url="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/pengawas}"
if "$BIN/python" - "$pg_url" <<'PY' 2>/dev/null
import sys
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
info = conninfo_to_dict(sys.argv[1])
info["dbname"] = "postgres"
psycopg.connect(make_conninfo(**info), connect_timeout=3).close()
PY
then
  echo "== Tes pada PostgreSQL (${pg_url%%@*}@…) =="
  TEST_DATABASE_URL="$pg_url" "$BIN/pytest" "${args[@]}" || exit 1
  ran+=("PostgreSQL")
elif [ "${PENGAWAS_REQUIRE_POSTGRES:-0}" = 1 ]; then
  echo "GAGAL: PostgreSQL tidak dapat dihubungi di $pg_url, padahal diwajibkan." >&2
  exit 1
else
  echo "Catatan: PostgreSQL tidak dapat dihubungi ($pg_url); tes hanya berjalan pada SQLite."
fi
echo "Tes selesai pada: ${ran[*]}"
