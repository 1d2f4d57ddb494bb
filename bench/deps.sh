#!/bin/sh
# deps.sh: installs the Debian packages the benchmark needs when run as root,
# otherwise prints the exact apt-get command and fails. Used by `make bench`
# and bench/smoke.sh. gnuplot-nox is gnuplot without X; any installed gnuplot
# binary counts.
PKGS="libxapian-dev sqlite3 libsqlite3-dev ripgrep hyperfine gnuplot-nox g++ time"
missing=""
for p in $PKGS; do
	if [ "$p" = gnuplot-nox ] && command -v gnuplot >/dev/null 2>&1; then
		continue
	fi
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "bench: installing:$missing"
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) \
		>/dev/null || { echo "bench: apt-get install -y$missing failed" >&2; exit 2; }
else
	echo "bench: missing packages; run: sudo apt-get install -y$missing" >&2
	exit 2
fi
