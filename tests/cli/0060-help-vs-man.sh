# 0060-help-vs-man: the options each binary's --help lists (from its one
# option table) are exactly those the OPTIONS section of its man page
# documents (as git's t0450 checks its docs against -h), and the format
# version unsearch(5) states is the one unindex writes.
. tests/setup

# Long options in --help output.
help_opts() {
	"$1" --help | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u
}

# Long options in the OPTIONS section of a man page (roff writes \-\-name).
man_opts() {
	sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$1" | grep -o '\\-\\-[a-z0-9][a-z0-9\\-]*' |
		sed 's/\\//g' | sort -u
}

for prog in unindex unsearch; do
	bin=$UNSEARCH_BIN/$prog
	man=man/$prog.1
	h=$(help_opts "$bin")
	m=$(man_opts "$man")
	check_eq "$prog-help-has-options" yes "$([ -n "$h" ] && echo yes || echo no)"
	check_eq "$prog-help-equals-man" "$h" "$m"
done

# unsearch serve: its own table against the options of the SERVE section.
h=$("$UNSEARCH" serve --help | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u)
m=$(sed -n '/^\.SH SERVE/,/^\.SH /p' man/unsearch.1 | sed -n '/^\.SS Options/,$p' |
	grep -o '\\-\\-[a-z0-9][a-z0-9\\-]*' | sed 's/\\//g' | sort -u)
check_eq serve-help-equals-man "$h" "$m"

# unsearch(5): the format version its file header states, and the last one
# its Versions section describes, are the version unindex writes (a u32,
# little-endian, at byte 12 of every file).
run "$UNINDEX" -q -o "$T/ix" "$CORPUS"
written=$(od -An -t u4 -j 12 -N 4 "$(ls "$T"/ix/seg-*.uns | head -n 1)" | tr -d ' ')
stated=$(sed -n 's/^12 *4 *u32 format version (\([0-9]*\))$/\1/p' man/unsearch.5)
described=$(sed -n '/^\.SS Versions/,/^\.SH /p' man/unsearch.5 | tr '\n' ' ' |
	grep -o '[0-9][0-9]*: ' | tail -n 1 | tr -d ': ')
check_eq man5-header-version "$written" "$stated"
check_eq man5-last-version "$written" "$described"
