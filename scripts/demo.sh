#!/usr/bin/env bash
# The main job on the bundled samples: set up, ingest samples/scans (OCR, metadata, index),
# search the archive with and without diacritics, then run the web app with one user per role
# (passwords printed at the end). Data goes to $SOHOA_HOME (default: .sohoa-demo in this folder).
# Usage: bash scripts/demo.sh [--no-serve]   (DEMO_HOST / DEMO_PORT: where the app listens)
set -euo pipefail
cd "$(dirname "$0")/.."
SERVE=1
[ "${1:-}" = "--no-serve" ] && SERVE=0
bash scripts/setup.sh

export SOHOA_HOME="${SOHOA_HOME:-$PWD/.sohoa-demo}"
say() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

say "Ingesting the sample scans into $SOHOA_HOME (stored by SHA-256, OCR on every core)"
.venv/bin/sohoa ingest samples/scans --batch "Lô mẫu"

say "Searching without diacritics: sohoa search \"quyet dinh\""
.venv/bin/sohoa search "quyet dinh" --limit 3

# A number from the samples' ground truth, typed the way officers do: spaces, no diacritics, lower case.
NUMBER=$(.venv/bin/python -c 'import json; print(json.load(open("samples/truth/trich-luc-khai-sinh-fax.json"))["metadata"]["number"])')
LOOSE=$(.venv/bin/python -c 'import sys; from indexing.vietnamese import fold; print(fold(sys.argv[1]).replace("/", " / ").replace("-", " - "))' "$NUMBER")
say "Searching the document number $NUMBER typed loosely: sohoa search \"$LOOSE\""
.venv/bin/sohoa search "$LOOSE" --limit 2

say "Archive status: sohoa status"
.venv/bin/sohoa status

if [ $SERVE -eq 0 ]; then
  printf '\nDone. Try: SOHOA_HOME="%s" .venv/bin/sohoa search "nguyen van" --json\n' "$SOHOA_HOME"
  exit 0
fi

say "Web users, one per role (new passwords at every run): sohoa users add / passwd"
logins=()
for entry in "quantri:admin:Quản trị hệ thống" "vanthu:clerk:Văn thư lưu trữ" "tracuu:officer:Cán bộ tra cứu"; do
  IFS=: read -r name role label <<<"$entry"
  if .venv/bin/sohoa users list --json | .venv/bin/python -c 'import json,sys; sys.exit(0 if sys.argv[1] in [u["username"] for u in json.load(sys.stdin)] else 1)' "$name"; then
    password=$(.venv/bin/sohoa users passwd "$name" --generate-password 2>/dev/null)
  else
    password=$(.venv/bin/sohoa users add "$name" --role "$role" --name "$label (demo)" --generate-password 2>/dev/null)
  fi
  logins+=("$(printf '  %-9s mật khẩu: %-18s (%s)' "$name" "$password" "$label")")
done

HOST="${DEMO_HOST:-127.0.0.1}"
PORT="${DEMO_PORT:-8000}"
SHOWN_HOST="$HOST"
[ "$HOST" = "0.0.0.0" ] && SHOWN_HOST="127.0.0.1"
say "Web app on the sample archive: open http://$SHOWN_HOST:$PORT/ and log in"
printf '%s\n' "${logins[@]}"
cat <<MSG

  Văn thư: tải lên lô mới, theo dõi tiến độ, sửa trường đọc sai.  Cán bộ tra cứu: tìm "ngo ngoc nga", mở văn bản.
  Quản trị: biểu đồ, xử lý lại lỗi, người dùng, mã API.  API: http://$SHOWN_HOST:$PORT/openapi.json
  Command line on the same archive: export SOHOA_HOME="$SOHOA_HOME"; .venv/bin/sohoa --help
  Ctrl+C stops the app.

MSG
exec .venv/bin/sohoa serve --host "$HOST" --port "$PORT"
