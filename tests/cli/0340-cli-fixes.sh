# 0340-cli-fixes: behaviours a new user tripped over, each observed once:
# -l obeys -n and --offset; --batch answers every query (hits 0, errors)
# and refuses extra operands; --k1 out of range says so; TERM=dumb gets no
# colour; repeated -i or filter options are refused rather than one being
# dropped; a query starting with '-' is pointed to --; a missing index gets
# the one command that makes it (never "index into your texts"); --help ends
# with the query syntax; make demo prints how to search its index.
. tests/setup

# -l with -n and --offset count resolutions.
"$GENCORPUS" -o "$T/gen" -m 1 >/dev/null
"$UNINDEX" -q -i "$T/gix" "$T/gen" >/dev/null
all=$("$UNSEARCH" -i "$T/gix" -l 'Asamblea General' | wc -l)
check many-resolutions test "$all" -gt 20
check_eq l-all-by-default "$all" "$("$UNSEARCH" -i "$T/gix" --json --strict -n 1000000 'Asamblea General' | python3 -c '
import json, sys
print(len({json.loads(l)["file"] for l in sys.stdin}))')"
check_eq l-limit 3 "$("$UNSEARCH" -i "$T/gix" -l -n 3 'Asamblea General' | wc -l)"
check_eq l-offset "$("$UNSEARCH" -i "$T/gix" -l 'Asamblea General' | sed -n '3,4p')" \
	"$("$UNSEARCH" -i "$T/gix" -l --offset 2 -n 2 'Asamblea General')"
run "$UNSEARCH" -i "$T/gix" -l --offset 100000 'Asamblea General'
check_eq l-offset-past-end 1 "$rc"

# --batch: one line at least per query, whatever happens to it.
printf '%s\n' 'zzzyyyxxx' 'derechos' '"abierta' >"$T/q"
run "$UNSEARCH" -i "$IX" -n 1 --batch "$T/q"
check_eq batch-failed-line-status 2 "$rc"
check batch-every-query-answers python3 - "$T/out" <<'PY'
import json, sys
ls = [json.loads(l) for l in open(sys.argv[1])]
assert ls[0] == {"query": "zzzyyyxxx", "hits": 0}, ls[0]
assert ls[1]["query"] == "derechos" and ls[1]["rank"] == 1, ls[1]
assert ls[2]["query"] == '"abierta' and "error" in ls[2], ls[2]
assert len(ls) == 3
PY
run "$UNSEARCH" -i "$IX" -l --batch "$T/q"
check batch-l-hits-0 grep -qx '{"query":"zzzyyyxxx","hits":0}' "$T/out"
run "$UNSEARCH" -i "$IX" --batch - extra words </dev/null
check_eq batch-extra-operands-status 2 "$rc"
check batch-extra-operands-says grep -q "'extra' is one too many" "$T/err"

# --k1: a number out of range is named as such.
run "$UNSEARCH" -i "$IX" --k1 1e9 paz
check_eq k1-range-status 2 "$rc"
check k1-range-says grep -q 'out of range (0 to 1000)' "$T/err"
run "$UNSEARCH" -i "$IX" --k1 abc paz
check k1-not-number-says grep -q "'abc' is not a number" "$T/err"

# Colour on a terminal, but not on a dumb one (script(1) gives a terminal).
if command -v script >/dev/null; then
	TERM=xterm script -qec "'$UNSEARCH' -i '$IX' -n 1 paz" /dev/null >"$T/tty" 2>&1 || true
	check colour-on-terminal grep -q "$(printf '\033')" "$T/tty"
	TERM=dumb script -qec "'$UNSEARCH' -i '$IX' -n 1 paz" /dev/null >"$T/tty" 2>&1 || true
	check_eq no-colour-on-dumb-terminal 0 "$(grep -c "$(printf '\033')" "$T/tty" || true)"
	check dumb-terminal-still-prints grep -q 'paz' "$T/tty"
else
	echo "SKIP $SCRIPT:colour-on-terminal: no script(1)"
fi

# Two indexes are searched as one collection; each JSON hit names its own.
run "$UNSEARCH" -i "$IX" -i "$T/gix" --json -n 1000 paz
check_eq two-indexes-status 0 "$rc"
check two-indexes-name-first grep -q "\"index\":\"$IX\"" "$T/out"
check two-indexes-name-second grep -q "\"index\":\"$T/gix\"" "$T/out"
run env UNSEARCH_INDEX="$IX:$T/gix" "$UNSEARCH" --count paz
both=$(cat "$T/out")
run "$UNSEARCH" -i "$IX" --count paz
one=$(cat "$T/out")
run "$UNSEARCH" -i "$T/gix" --count paz
check_eq colon-list-counts-both "$((one + $(cat "$T/out")))" "$both"

# Options that name one thing, given twice.
run "$UNSEARCH" -i "$IX" --session 74 --session 3 paz
check_eq two-sessions-status 2 "$rc"
check two-sessions-says grep -q -- '--session given twice.*N\.\.M' "$T/err"

# A query that starts with '-'.
run "$UNSEARCH" -i "$IX" '-derechos'
check_eq dash-query-status 2 "$rc"
check dash-query-points-to-double-dash grep -q "unknown option '-d'.*after --" "$T/err"
run "$UNSEARCH" -i "$IX" -- '-derechos' humanos
check_eq dash-query-after-double-dash 0 "$rc"

# Missing indexes: a folder of texts is not where its index should go.
run "$UNSEARCH" -i "$CORPUS" paz
check_eq texts-folder-status 2 "$rc"
check texts-folder-suggests-default grep -q "index it with: unindex $CORPUS, then search with: unsearch WORDS" "$T/err"
check texts-folder-not-into-itself sh -c "! grep -q -- '-[io] $CORPUS' '$T/err'"
run "$UNSEARCH" -i "$T/nothing-here" paz
check nowhere-suggests-building grep -q "no index at $T/nothing-here; build it with: unindex -i $T/nothing-here FOLDER" "$T/err"
run env UNSEARCH_INDEX= XDG_DATA_HOME= HOME="$T/newhome" "$UNSEARCH" paz
check default-missing-explains grep -q "no index at $T/newhome/.local/share/unsearch (the default location.*build it with: unindex FOLDER" "$T/err"
# An index that cannot be read (damaged, or of another format version):
# the command suggested rebuilds it (a plain update refuses such an index).
cp -r "$IX" "$T/broken"
for f in "$T"/broken/seg-*.uns; do head -c 100 "$f" >"$f.cut" && mv "$f.cut" "$f"; done
run "$UNSEARCH" -i "$T/broken" paz
check_eq broken-status 2 "$rc"
check broken-suggests-rebuild grep -q "rebuild the index with: unindex --rebuild -i $T/broken FOLDER" "$T/err"
run "$UNINDEX" -q --rebuild -i "$T/broken" "$CORPUS"
check_eq broken-rebuilt 0 "$rc"
run "$UNSEARCH" -i "$T/broken" -c paz
check_eq broken-answers-again "$("$UNSEARCH" -i "$IX" -c paz)" "$(cat "$T/out")"

# --help closes with the query syntax.
run "$UNSEARCH" --help
for form in '"creación de capacidad"' 'NEAR/5' ' OR ' ' -nuclear' 'desarm\*' 'symbol:74/29' 'session:70..74' 'kind:operative' 'verb:insta' 'unsearch -- '; do
	check "help-syntax-$form" grep -q -- "$form" "$T/out"
done

# make demo: its last words are the command that searches its index.
O=$(dirname "$UNSEARCH_BIN")
run make -s --no-print-directory demo O="$O"
check_eq demo-status 0 "$rc"
check_eq demo-says-how "  $O/bin/unsearch -i $O/demo-index WORDS" "$(tail -n 1 "$T/out")"
run sh -c "$(tail -n 1 "$T/out" | sed 's/WORDS/paz/')"
check_eq demo-command-works 0 "$rc"
