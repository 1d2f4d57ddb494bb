# 0430-suggest: did you mean, on the bundled corpus: a word that matches
# nothing gets the most frequent word of the index within two edits,
# on stderr ("¿Quiso decir: ...?") and as did_you_mean in --json and
# --batch; words that match get none.
. tests/setup

run "$UNSEARCH" -i "$IX" esclavitd
check_eq typo-status 1 "$rc"
check_eq typo-stdout "" "$(cat "$T/out")"
check_eq typo-stderr "¿Quiso decir: esclavitud?" "$(cat "$T/err")"
# A transposition is one edit: "tortrua" -> the UDHR's "torturas" (two).
run "$UNSEARCH" -i "$IX" tortrua
check_eq transposition "¿Quiso decir: torturas?" "$(cat "$T/err")"
# Only the unknown word is replaced, where it was typed.
run "$UNSEARCH" -i "$IX" --strict 'Nadie esclavitd'
check_eq in-context "¿Quiso decir: Nadie esclavitud?" "$(cat "$T/err")"
# JSON: one object when there is no hit, a field of every hit otherwise
# (the partial matches of "Nadie").
check_eq json-alone "esclavitud" "$("$UNSEARCH" -i "$IX" --json esclavitd 2>/dev/null | jfield did_you_mean)"
check_eq json-hits "Nadie esclavitud" \
	"$("$UNSEARCH" -i "$IX" --json -n 1 'Nadie esclavitd' 2>/dev/null | jfield did_you_mean)"
printf 'esclavitd\ntortura\n' | "$UNSEARCH" -i "$IX" --batch - >"$T/b.json" 2>/dev/null || true
check_eq batch "esclavitd:esclavitud" "$(head -n 1 "$T/b.json" | jfield query did_you_mean)"
# Known words: no suggestion, nothing on stderr.
run "$UNSEARCH" -i "$IX" esclavitud
check_eq known-no-stderr "" "$(cat "$T/err")"
check_eq known-no-field 0 "$(tail -n +2 "$T/b.json" | python3 -c '
import json, sys
print(sum("did_you_mean" in json.loads(l) for l in sys.stdin))')"
# Nothing within two edits: nothing said.
run "$UNSEARCH" -i "$IX" qqqqqqxx
check_eq far-no-stderr "" "$(cat "$T/err")"
