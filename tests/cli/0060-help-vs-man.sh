# 0060-help-vs-man: the options each binary's --help lists (from its one
# option table) are exactly those the OPTIONS section of its man page
# documents (as git's t0450 checks its docs against -h).
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
