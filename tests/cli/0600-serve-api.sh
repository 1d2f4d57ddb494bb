#!/bin/sh
# 0600-serve-api.sh: `unsearch serve`'s JSON API through a real HTTP client
# (curl) on a free loopback port: every answer equals the command line's
# --json for the same query (hits, facets, suggestion, --show, --refs,
# --history), errors carry the CLI's message and a 4xx status, the limits
# and the security headers hold, nothing but the API and the page answers.
. tests/setup

# same_json NAME CLI_FILE JQ_PATH: the API's body at PATH (a key of the
# object, or "." for the whole) equals the JSON Lines of CLI_FILE.
same_json() {
	if python3 - "$T/body" "$2" "$3" <<'EOF'
import json, sys
body = json.load(open(sys.argv[1]))
cli = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
got = body if sys.argv[3] == "." else body[sys.argv[3]]
if sys.argv[3] == ".":
    cli = cli[0]
if got != cli:
    print("api:", json.dumps(got, ensure_ascii=False)[:400], file=sys.stderr)
    print("cli:", json.dumps(cli, ensure_ascii=False)[:400], file=sys.stderr)
    sys.exit(1)
EOF
	then pass "$1"; else fail "$1" "the API differs from the CLI"; fi
}

# body_field EXPR: a Python expression over the parsed body `b`.
body_field() {
	python3 -c 'import json, sys; b = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$T/body" "$1"
}

serve_start -i "$IX" || exit 1
check ready-line grep -q "^serving $IX on http://127.0.0.1:[0-9]*/\$" "$T/serve.out"

# The hits of a query are the CLI's --json lines, field for field.
Q='creación de capacidad'
"$UNSEARCH" -i "$IX" --json -n 5 "$Q" >"$T/cli"
http_get /api/search --data-urlencode "q=$Q" --data-urlencode n=5
check_eq search-status 200 "$status"
same_json search-hits "$T/cli" hits
check_eq search-echo "$Q 0 5 None" "$(body_field 'b["query"], b["offset"], b["limit"], b["total"]' |
	tr -d "(),'")"
check content-type grep -qi '^Content-Type: application/json' "$T/headers"
check csp grep -qi "^Content-Security-Policy: default-src 'none'; script-src 'self'" "$T/headers"
check nosniff grep -qi '^X-Content-Type-Options: nosniff' "$T/headers"

# A page further on, and filters as parameters, as -n/--offset/--kind/--session.
"$UNSEARCH" -i "$IX" --json -n 2 --offset 3 --kind operative --session 74 seguridad >"$T/cli"
http_get /api/search --data-urlencode q=seguridad --data-urlencode n=2 \
	--data-urlencode offset=3 --data-urlencode kind=operative --data-urlencode session=74
same_json search-page-filters "$T/cli" hits
"$UNSEARCH" -i "$IX" --json -n 3 --sort date --year 1948 derechos >"$T/cli"
http_get /api/search --data-urlencode q=derechos --data-urlencode n=3 \
	--data-urlencode sort=date --data-urlencode year=1948
same_json search-sort-year "$T/cli" hits

# Facets: one evaluation, each field as --facet counts it; total is the count.
http_get /api/search --data-urlencode q=seguridad --data-urlencode facet=session,kind \
	--data-urlencode facet=verb
: >"$T/cli"
for f in session kind verb; do
	"$UNSEARCH" -i "$IX" --json --facet "$f" seguridad >>"$T/cli"
done
same_json facets "$T/cli" facets
check_eq facet-total "$("$UNSEARCH" -i "$IX" --count seguridad)" "$(body_field 'b["total"]')"

# A word the index lacks: the CLI's suggestion, no hits, status 200.
"$UNSEARCH" -i "$IX" tortra 2>"$T/err" >/dev/null || true
http_get /api/search --data-urlencode q=tortra
check_eq suggestion "$(sed -n 's/^¿Quiso decir: \(.*\)?$/\1/p' "$T/err")" \
	"$(body_field 'b["did_you_mean"]')"
check_eq suggestion-no-hits "0 200" "$(body_field 'len(b["hits"])') $status"

# A syntax error: 400, the CLI's message and column.
http_get /api/search --data-urlencode 'q=paz AND (guerra'
check_eq syntax-status 400 "$status"
run "$UNSEARCH" -i "$IX" 'paz AND (guerra'
check_eq syntax-message "$(sed -n '1s/^unsearch: syntax error: //p' "$T/err")" \
	"$(body_field 'b["error"]')"
# The CLI's caret stands under the column (two spaces of indent).
check_eq syntax-column "$(sed -n '3s/^\( *\)^$/\1/p' "$T/err" | awk '{ print length - 1 }')" \
	"$(body_field 'b["column"]')"
http_get /api/search --data-urlencode q=paz --data-urlencode kind=nothing
check_eq bad-kind-400 400 "$status"
http_get /api/search --data-urlencode q=paz --data-urlencode facet=colour
check_eq bad-facet "400 facet: 'colour' is not session, year, kind, verb or committee" \
	"$status $(body_field 'b["error"]')"
http_get /api/search
check_eq no-query 400 "$status"

# --show, --refs, --history: the same JSON, lists as {"results": [...]}.
"$UNSEARCH" -i "$IX" --json --show 74/29 >"$T/cli"
http_get /api/show --data-urlencode symbol=74/29
same_json show "$T/cli" .
"$UNSEARCH" -i "$IX" --json --show 74/29 OP3 >"$T/cli"
http_get /api/show --data-urlencode symbol=74/29 --data-urlencode label=OP3
same_json show-label "$T/cli" .
"$UNSEARCH" -i "$IX" --json --refs 74/29 >"$T/cli"
http_get /api/refs --data-urlencode symbol=74/29
same_json refs "$T/cli" results
"$UNSEARCH" -i "$IX" --json --history 74/29 PP7 >"$T/cli"
http_get /api/history --data-urlencode symbol=74/29 --data-urlencode label=PP7
same_json history "$T/cli" results
run "$UNSEARCH" -i "$IX" --json --show 99/999
http_get /api/show --data-urlencode symbol=99/999
check_eq show-missing "404 $(sed -n 's/^unsearch: //p' "$T/err")" "$status $(body_field 'b["error"]')"
http_get /api/history --data-urlencode symbol=74/29
check_eq history-needs-label 400 "$status"

# Nothing but the page and the API answers: no file, no directory listing.
for p in /etc/passwd /../../../../etc/passwd /api /index.html "/%2e%2e/%2e%2e/etc/passwd" \
         "/api/search/../../etc/passwd"; do
	http_get "$p"
	if [ "$status" = 404 ] && ! grep -q 'root:' "$T/body" && body_field 'b["error"]' >/dev/null; then
		pass "no-file:$p"
	else
		fail "no-file:$p" "status $status: $(head -c 200 "$T/body")"
	fi
done
status=$(curl -s -o "$T/body" -w '%{http_code}' -X POST --data q=paz "$SERVE_URL/api/search")
check_eq post-405 405 "$status"

# Limits: parameters, page size and depth, the request line.
long=$(python3 -c 'print("paz " * 300)')
http_get /api/search --data-urlencode "q=$long"
check_eq long-query "400 q: longer than 1024 bytes" "$status $(body_field 'b["error"]')"
http_get /api/search --data-urlencode q=paz --data-urlencode n=101
check_eq n-limit "400 n: at most 100" "$status $(body_field 'b["error"]')"
http_get /api/search --data-urlencode q=paz --data-urlencode n=ten
check_eq n-count "400 n: 'ten' is not a count" "$status $(body_field 'b["error"]')"
http_get /api/search --data-urlencode q=paz --data-urlencode offset=10001
check_eq offset-limit 400 "$status"
huge=$(python3 -c 'print("a" * 40000)')
status=$(curl -s -o /dev/null -w '%{http_code}' "$SERVE_URL/api/search?q=$huge") || status=000
case $status in 4??) pass request-line-limit ;; *) fail request-line-limit "status $status" ;; esac
http_get /api/search --data-urlencode q=paz
check_eq alive-after-limits 200 "$status"

# The page and its two resources, compiled in.
http_get /
check page-html grep -q '<script src="/serve.js"' "$T/body"
check page-type grep -qi '^Content-Type: text/html; charset=utf-8' "$T/headers"
http_get /serve.js
check page-js grep -q 'api/search' "$T/body"
http_get /serve.css
check_eq page-css 200 "$status"

serve_stop
check_eq sigterm-exit 0 "$rc"

# Bad options; no index yet answers 503 with the CLI's reason, then works
# once unindex has built it, without a restart.
run "$UNSEARCH" serve --listen nowhere
check_eq bad-listen "2 unsearch serve: --listen: 'nowhere' is not HOST:PORT" "$rc $(head -n 1 "$T/err")"
run "$UNSEARCH" serve -i "$IX" paz
check_eq serve-no-operand 2 "$rc"
serve_start -i "$T/later" || exit 1
http_get /api/search --data-urlencode q=paz
check_eq no-index-503 503 "$status"
"$UNINDEX" -q -o "$T/later" "$CORPUS" >/dev/null
http_get /api/search --data-urlencode q=paz
check_eq index-appears 200 "$status"
serve_stop

# Two indexes served as one, as unsearch -i A -i B searches them.
"$UNINDEX" -q -o "$T/shapes" tests/shapes >/dev/null 2>&1
serve_start -i "$IX" -i "$T/shapes" || exit 1
check ready-line-two grep -q "^serving $IX, $T/shapes on http://" "$T/serve.out"
"$UNSEARCH" -i "$IX" -i "$T/shapes" --json -n 20 seguridad >"$T/cli"
http_get /api/search --data-urlencode q=seguridad --data-urlencode n=20 --data-urlencode facet=session
same_json two-indexes-hits "$T/cli" hits
check_eq two-indexes-total "$("$UNSEARCH" -i "$IX" -i "$T/shapes" --count seguridad)" "$(body_field 'b["total"]')"
serve_stop
