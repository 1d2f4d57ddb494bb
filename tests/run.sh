#!/bin/sh
# tests/run.sh BUILD_DIR: run every unit-test binary in BUILD_DIR/tests and
# every tests/cli/*.sh against BUILD_DIR/bin, then print one closing line
# "N passed, N failed". A test reports itself with a line "PASS name" or
# "FAIL name: why", or "SKIP name: why" when it cannot run here (shown,
# counted in neither); a program that exits non-zero without any FAIL line
# (a crash, a sanitizer report) counts as one more failure.
build=${1:-build}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
extra_fail=0

run_one() {
	name=$1; shift
	out=$("$@" 2>&1)
	status=$?
	printf '%s\n' "$out" | grep -E '^(PASS|FAIL|SKIP) ' | tee -a "$log"
	if [ $status -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL '; then
		printf 'FAIL %s: exited with status %d\n' "$name" $status | tee -a "$log"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/    /'
	elif printf '%s\n' "$out" | grep -q '^FAIL '; then
		printf '%s\n' "$out" | grep -v -E '^(PASS|FAIL) ' | tail -n 20 | sed 's/^/    /'
	fi
}

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "$(basename "$t")" "$t"
done
for s in tests/cli/*.sh; do
	[ -f "$s" ] || continue
	run_one "$(basename "$s")" env UNSEARCH_BIN="$build/bin" sh "$s"
done

passed=$(grep -c '^PASS ' "$log")
failed=$(grep -c '^FAIL ' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
