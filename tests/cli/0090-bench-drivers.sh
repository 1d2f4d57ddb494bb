# 0090-bench-drivers: the benchmark's peer drivers (Xapian, FTS5) still
# build and answer on corpus/ (bench/smoke.sh; no timing). Sanitizer builds
# skip it: the drivers are not unsearch's code.
case "$UNSEARCH_BIN" in *asan*) exit 0 ;; esac
exec sh bench/smoke.sh "$(dirname "$UNSEARCH_BIN")"
