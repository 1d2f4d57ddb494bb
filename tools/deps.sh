#!/bin/sh
# deps.sh PKG...: make sure these Debian packages are installed. As root,
# installs the missing ones with apt-get; otherwise prints the exact command
# to run and fails. The one install step of the build, the tests, the fuzzers
# and the benchmark.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "installing:$missing"
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) \
		>/dev/null || { echo "apt-get install -y$missing failed" >&2; exit 2; }
else
	echo "missing packages; run: sudo apt-get install -y$missing" >&2
	exit 2
fi
