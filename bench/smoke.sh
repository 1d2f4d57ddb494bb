#!/bin/sh
# smoke.sh: quick self-test of the benchmark's peer drivers, for `make check`.
#
#   sh bench/smoke.sh [BUILD_DIR]      (BUILD_DIR defaults to build)
#
# Installs missing packages as `make bench` does (bench/deps.sh), builds the
# drivers, indexes corpus/ with unindex (export), the Xapian and the FTS5
# driver, and checks that each driver indexed every clause and finds hits for
# a few queries of every kind. A JSON Lines file with every escape checks the
# export parser. Prints one "PASS bench-smoke: ..." or "FAIL bench-smoke: ..."
# line per check; exits 1 if any failed, 2 if it could not run.
set -eu
O=${1:-build}
cd "$(dirname "$0")/.."
sh bench/deps.sh
make -s O="$O" "$O/bin/unindex" "$O/bench/xapian_driver" "$O/bench/fts5_driver" >/dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
pass() { printf "PASS bench-smoke: %s\n" "$*"; }
fail() { printf "FAIL bench-smoke: %s\n" "$*"; fails=$((fails + 1)); }

"$O/bin/unindex" -q -o "$tmp/idx" --export "$tmp/export.jsonl" corpus/ >/dev/null
clauses=$(wc -l < "$tmp/export.jsonl")
if [ "$clauses" -gt 0 ]; then pass "export of corpus/ has $clauses clauses"
else fail "export of corpus/ is empty"; fi

cat > "$tmp/queries.txt" <<'EOF'
"creación de capacidad"
derechos humanos
educación OR salud
capaci*
derechos -humanos
Naciones Unidas
EOF

for eng in xapian fts5; do
	db="$tmp/$eng.db"
	drv="$O/bench/${eng}_driver"
	if ! "$drv" index "$tmp/export.jsonl" "$db" 2>"$tmp/err"; then
		fail "$eng index: $(cat "$tmp/err")"
		continue
	fi
	n=$(sed -n 's/.*: \([0-9]*\) clauses in .*/\1/p' "$tmp/err")
	if [ "$n" = "$clauses" ]; then pass "$eng indexed $n clauses"
	else fail "$eng indexed '$n' clauses, export has $clauses"; fi
	if ! "$drv" search "$db" "$tmp/queries.txt" 3 >"$tmp/out" 2>"$tmp/err"; then
		fail "$eng search: $(cat "$tmp/err")"
		continue
	fi
	lines=$(wc -l < "$tmp/out")
	[ "$lines" = 6 ] || fail "$eng printed $lines result lines for 6 queries"
	while IFS="$(printf '\t')" read -r us cpu hits q; do
		if [ "$hits" -gt 0 ] && [ "${us%.*}" -ge 0 ] && [ "${cpu%.*}" -ge 0 ]; then
			pass "$eng: $q: $hits hits in $us us"
		else
			fail "$eng: $q: $hits hits"
		fi
	done < "$tmp/out"
	# fill: the words' OR after an AND with fewer than 10 full matches
	# answers as many hits as unsearch's default (partial matches).
	for q in "libertad seguridad" "educación familia"; do
		printf '%s\n' "$q" > "$tmp/fill-q.txt"
		plain=$("$drv" search "$db" "$tmp/fill-q.txt" 1 | cut -f3)
		filled=$("$drv" search "$db" "$tmp/fill-q.txt" 1 fill | cut -f3)
		want=$("$O/bin/unsearch" -i "$tmp/idx" --json $q | wc -l)
		if [ "$plain" -lt 10 ] && [ "$filled" = "$want" ] && [ "$filled" -gt "$plain" ]; then
			pass "$eng fill: $q: $plain full matches, $filled hits as unsearch's $want"
		else
			fail "$eng fill: $q: $plain full matches, $filled hits, unsearch $want"
		fi
	done
done

# The export parser: every escape of the known shape, an unknown member, and
# a malformed line that must be refused with its line number.
printf '%s\n' \
	'{"symbol":"A/RES/1/1","label":"OP1","kind":"operative","text":"dijo \"comillas\" y barra \\ fin\nlínea\tcaf\u00e9 \ud83d\ude00 cierre"}' \
	'' \
	'{"symbol":"A/RES/1/2", "extra":"x", "label":"OP2","kind":"operative","text":"segunda cl\u00c1usula"}' \
	> "$tmp/esc.jsonl"
printf 'comillas\ncafé\n"barra fin línea"\ncláusula\n' > "$tmp/esc-q.txt"
if "$O/bench/fts5_driver" index "$tmp/esc.jsonl" "$tmp/esc.db" 2>"$tmp/err" &&
   "$O/bench/fts5_driver" search "$tmp/esc.db" "$tmp/esc-q.txt" >"$tmp/out" 2>>"$tmp/err"; then
	if [ "$(cut -f3 "$tmp/out" | tr '\n' ' ')" = "1 1 1 1 " ]; then
		pass "export parser decodes escapes (\\\" \\\\ \\n \\t \\uXXXX, surrogates)"
	else
		fail "export parser: hits per query $(cut -f3 "$tmp/out" | tr '\n' ' ')"
	fi
else
	fail "export parser: $(cat "$tmp/err")"
fi
printf '%s\n' '{"text":"bien"}' '{"text":"sin cierre}' > "$tmp/bad.jsonl"
if "$O/bench/fts5_driver" index "$tmp/bad.jsonl" "$tmp/bad.db" 2>"$tmp/err"; then
	fail "a malformed export line was accepted"
elif grep -q 'bad.jsonl:2:' "$tmp/err"; then
	pass "a malformed export line is refused with its line number"
else
	fail "malformed export line: $(cat "$tmp/err")"
fi

[ "$fails" = 0 ] || exit 1
