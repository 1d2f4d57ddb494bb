# 0310-completion: the installed bash completion, run through bash's own
# completion machinery (bash-completion's _init_completion), completes
# options from --help, --kind/--sort/--color values, the query filter
# prefixes and kinds after kind:, and directories for -i; the zsh
# completion lists exactly the options --help lists, and parses.
. tests/setup

O=$(dirname "$UNSEARCH_BIN")
ROOT=$T/root
BC=/usr/share/bash-completion/bash_completion
make -s --no-print-directory install O="$O" PREFIX=/usr DESTDIR="$ROOT" >/dev/null
if ! command -v bash >/dev/null || [ ! -f "$BC" ]; then
	echo "SKIP $SCRIPT: bash or bash-completion missing"
	exit 0
fi
mkdir -p "$T/work/indexes" "$T/work/informe"
touch "$T/work/indice.txt"

# complete WORD...: what Tab offers for the last word of the command line
# WORD..., one candidate a line, sorted. The words are COMP_WORDS split as
# bash splits them (':' and '=' are word breaks, written without spaces
# around them in the line).
complete() {
	(cd "$T/work" && PATH="$ROOT/usr/bin:$PATH" bash -c '
		. "$1"; . "$2"; shift 2
		COMP_LINE=$(printf "%s " "$@" | sed "s/ \([:=]\) /\1/g; s/ $//")
		COMP_POINT=${#COMP_LINE}
		COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
		_unsearch "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}" | sort' bash "$BC" \
		"$ROOT/usr/share/bash-completion/completions/unsearch" "$@")
}

check_eq long-options "--b
--batch
--by-resolution" "$(complete unsearch --b)"
check_eq every-option-from-help "$("$UNSEARCH" --help | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u)" \
	"$(complete unsearch -- | grep -- '^--' | sed 's/=$//' | sort -u)"
check_eq unindex-options "--index" "$(complete unindex --ind)"
check_eq kind-values "operative" "$(complete unsearch --kind op)"
check_eq kind-values-all "$(sed -n '/^\.BI kind: K/,/^\.TP/s/^\.BR \([a-z]*\) [,.]$/\1/p' man/unsearch.1 | sort | tr '\n' ' ')" \
	"$(complete unsearch --kind '' | tr '\n' ' ')"
check_eq sort-values "date
score" "$(complete unsearch --sort '')"
check_eq color-values "always
auto
never" "$(complete unsearch --color = '')"
check_eq filter-prefixes "serve
session:
symbol:" "$(complete unsearch s)"
check_eq serve-only-first "session:
symbol:" "$(complete unsearch paz s)"
check_eq serve-options "$("$UNSEARCH" serve --help | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u)" \
	"$(complete unsearch serve -- | grep -- '^--' | sort -u)"
check_eq kind-after-prefix "preambular" "$(complete unsearch kind : pre)"
check_eq index-directories "indexes
informe" "$(complete unsearch -i in)"
check_eq unindex-output-directories "indexes
informe" "$(complete unindex -o in)"

# zsh: the options of each program's block are those of its --help.
zsh_opts() {
	sed -n "/^$1)/,/;;/p" completion/_unsearch | grep -o -- "--[a-z0-9][a-z0-9-]*" | sort -u
}
check_eq zsh-unindex-options "$("$UNINDEX" --help | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u)" "$(zsh_opts unindex)"
check_eq zsh-unsearch-options "$("$UNSEARCH" --help | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u)" "$(zsh_opts '\*')"
check_eq zsh-serve-options "$("$UNSEARCH" serve --help | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u)" \
	"$(sed -n '/^_unsearch_serve()/,/^}/p' completion/_unsearch | grep -o -- "--[a-z0-9][a-z0-9-]*" | sort -u)"
check zsh-installed test -f "$ROOT/usr/share/zsh/site-functions/_unsearch"
if command -v zsh >/dev/null; then
	check zsh-parses zsh -n "$ROOT/usr/share/zsh/site-functions/_unsearch"
else
	echo "SKIP $SCRIPT:zsh-parses: no zsh"
fi
