#!/bin/sh
# deps.sh: installs the Debian packages the benchmark needs when run as root,
# otherwise prints the exact apt-get command and fails. Used by `make bench`
# and bench/smoke.sh. gnuplot-nox is gnuplot without X; any installed gnuplot
# binary counts.
PKGS="libxapian-dev xapian-tools sqlite3 libsqlite3-dev ripgrep hyperfine gnuplot-nox g++ time"
# Any installed gnuplot binary will do instead of gnuplot-nox.
if command -v gnuplot >/dev/null 2>&1; then
	PKGS=$(echo "$PKGS" | sed 's/gnuplot-nox//')
fi
exec sh "$(dirname "$0")/../tools/deps.sh" $PKGS
