# 0300-install: `make install DESTDIR=...` lays out the three binaries, the
# man pages and the bash and zsh completion; the installed binaries alone
# index and search (no build tree, no PATH); `make uninstall` removes
# exactly the files install wrote.
. tests/setup

O=$(dirname "$UNSEARCH_BIN")
ROOT=$T/root
run make -s --no-print-directory install O="$O" PREFIX=/usr/local DESTDIR="$ROOT"
check_eq install-status 0 "$rc"
(cd "$ROOT" && find . -type f | sort) >"$T/files"
check_eq installed-files "./usr/local/bin/unindex
./usr/local/bin/unsearch
./usr/local/bin/unsearch-serve
./usr/local/lib/unsearch/unindex-readers.so
./usr/local/share/bash-completion/completions/unindex
./usr/local/share/bash-completion/completions/unsearch
./usr/local/share/man/man1/unindex.1
./usr/local/share/man/man1/unsearch-serve.1
./usr/local/share/man/man1/unsearch.1
./usr/local/share/man/man5/unsearch.5
./usr/local/share/zsh/site-functions/_unsearch" "$(cat "$T/files")"
check installed-binaries-executable test -x "$ROOT/usr/local/bin/unsearch" -a -x "$ROOT/usr/local/bin/unindex"

# Only the installed files: a copy of the corpus elsewhere, an empty
# environment, the default index location under a fresh HOME.
cp -r "$CORPUS" "$T/texts"
mkdir "$T/home"
cd "$T"
run env -i HOME="$T/home" "$ROOT/usr/local/bin/unindex" -q "$T/texts"
check_eq installed-unindex-status 0 "$rc"
check installed-index-in-default-place test -f "$T/home/.local/share/unsearch/MANIFEST"
run env -i HOME="$T/home" "$ROOT/usr/local/bin/unsearch" --json -n 1 'creación de capacidad'
check_eq installed-unsearch-status 0 "$rc"
check_eq installed-unsearch-hit "A/RES/74/29:PP9" "$(jfield symbol label <"$T/out")"
# The installed unindex reads Word files with the readers plugin it
# finds in ../lib/unsearch/.
if command -v pandoc >/dev/null 2>&1; then
	mkdir "$T/word"
	printf 'La Asamblea General,\n\n1. *Decide* fortalecer la cooperación.\n' |
		pandoc -f markdown -o "$T/word/a.docx"
	run env -i HOME="$T/home" "$ROOT/usr/local/bin/unindex" -q -i "$T/word-ix" "$T/word"
	check_eq installed-docx-status 0 "$rc"
	check installed-docx-read grep -q 'indexed 1 docx$' "$T/out"
else
	echo "SKIP $SCRIPT:installed-docx: needs pandoc (make deps)"
fi
# `unsearch serve` runs the installed unsearch-serve beside it.
run env -i "$ROOT/usr/local/bin/unsearch" serve --help
check_eq installed-serve-help-status 0 "$rc"
check installed-serve-help grep -q -- '--listen HOST:PORT' "$T/out"
for prog in unindex unsearch; do
	run "$ROOT/usr/local/bin/$prog" --version
	check_eq "$prog-version" "$prog $(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$OLDPWD/debian/changelog") (index format $(sed -n 's/^#define FORMAT_VERSION //p' "$OLDPWD/common/format.h"))" "$(cat "$T/out")"
	# The installed man page renders and documents --version.
	if command -v man >/dev/null; then
		check "$prog-man-renders" sh -c "MANWIDTH=80 man -l '$ROOT/usr/local/share/man/man1/$prog.1' 2>/dev/null | grep -q -- --version"
	else
		echo "SKIP $SCRIPT:$prog-man-renders: no man command"
	fi
done
cd "$OLDPWD"

# Something else in the same directories stays; exactly our files go.
touch "$ROOT/usr/local/bin/other-tool" "$ROOT/usr/local/share/man/man1/other.1"
run make -s --no-print-directory uninstall O="$O" PREFIX=/usr/local DESTDIR="$ROOT"
check_eq uninstall-status 0 "$rc"
check_eq uninstall-leaves-only-others "./usr/local/bin/other-tool
./usr/local/share/man/man1/other.1" "$(cd "$ROOT" && find . -type f | sort)"
