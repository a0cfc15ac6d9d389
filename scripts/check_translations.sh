#!/usr/bin/env bash
# Fails when the English catalogue (pengawas/locale/en) lags behind the code: a string
# marked for translation that has no translation, or a catalogue entry that the code no
# longer uses. makemessages runs on a temporary copy of the sources, so the working tree is
# never touched. Needs GNU gettext (xgettext, msgattrib): apt-get install gettext.
set -euo pipefail
cd "$(dirname "$0")/.."
pengawas_cmd="$(cd "${BIN:-.venv/bin}" && pwd)/pengawas"

for tool in xgettext msgmerge msgattrib; do
  if ! command -v "$tool" >/dev/null; then
    echo "GAGAL: $tool tidak ada. Pasang dengan: sudo apt-get install gettext" >&2
    exit 1
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/pengawas" "$work/data"
tar -C pengawas --exclude=__pycache__ -cf - . | tar -C "$work/pengawas" -xf -
committed=pengawas/locale/en/LC_MESSAGES/django.po
fresh="$work/pengawas/locale/en/LC_MESSAGES/django.po"

# From inside the copy, makemessages writes to the copy's locale/ (the first locale
# directory above the scanned files), merging the committed translations into it.
(
  cd "$work/pengawas"
  PENGAWAS_DEMO=1 PENGAWAS_DATA_DIR="$work/data" "$pengawas_cmd" makemessages \
    -l en --no-location -v 0 -e html,txt,py,js  # js: templates/guide/sw.js is a template
)

# The msgid of every entry of a .po on standard input, one a line (the header left out).
msgids() {
  awk 'BEGIN { RS = "" }
    {
      id = ""; inside = 0; n = split($0, lines, "\n")
      for (i = 1; i <= n; i++) {
        line = lines[i]; sub(/^#~ /, "", line)
        if (line ~ /^msgid "/) { inside = 1; sub(/^msgid "/, "", line) }
        else if (!(inside && line ~ /^"/)) { inside = 0; continue }
        else { sub(/^"/, "", line) }
        sub(/"$/, "", line); id = id line
      }
      if (id != "") print "  " id
    }'
}

status=0
# New strings come out untranslated, or fuzzy when msgmerge guessed from a similar one.
missing=$( { msgattrib --untranslated --no-obsolete "$fresh"
             msgattrib --only-fuzzy --no-obsolete "$fresh"; } | msgids)
if [ -n "$missing" ]; then
  echo "GAGAL: teks berikut ditandai untuk diterjemahkan tetapi belum ada di $committed:" >&2
  echo "$missing" >&2
  status=1
fi
# Entries that the code no longer uses come out obsolete (#~).
unused=$(msgattrib --only-obsolete "$fresh" | msgids)
if [ -n "$unused" ]; then
  echo "GAGAL: entri $committed berikut tidak dipakai lagi oleh kode:" >&2
  echo "$unused" >&2
  status=1
fi
if [ "$status" != 0 ]; then
  echo "Perbaiki: cd pengawas && ../.venv/bin/pengawas makemessages -l en --no-location" \
    "--no-obsolete, terjemahkan, lalu ../.venv/bin/pengawas compilemessages." >&2
  exit "$status"
fi
count=$(msgattrib --translated --no-obsolete "$fresh" | msgids | wc -l)
echo "Terjemahan lengkap: $count teks, semuanya ada di $committed."
