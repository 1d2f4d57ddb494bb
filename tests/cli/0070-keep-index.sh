# 0070-keep-index: a run that finds nothing to index (a mistyped folder,
# a folder of binary files) exits 2 and leaves the existing index as it was.
. tests/setup

run "$UNSEARCH" -i "$IX" --json "creación de capacidad"
before=$(cat "$T/out")
seg_before=$(ls "$IX"/seg-*.uns)

run "$UNINDEX" -q -o "$IX" "$T/no-such-folder"
check_eq missing-folder-status 2 "$rc"
check missing-folder-says-unchanged grep -q "unchanged" "$T/err"

mkdir "$T/binary"
printf 'A\000B\000C' > "$T/binary/a.txt"
run "$UNINDEX" -q -o "$IX" "$T/binary"
check_eq binary-only-status 2 "$rc"
check binary-only-names-file grep -q "$T/binary/a.txt" "$T/err"

check_eq same-segment "$seg_before" "$(ls "$IX"/seg-*.uns)"
run "$UNSEARCH" -i "$IX" --json "creación de capacidad"
check_eq same-answers "$before" "$(cat "$T/out")"
check_eq no-temporaries "" "$(ls "$IX" | grep '\.tmp$' || true)"
