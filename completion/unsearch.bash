# bash completion for unsearch and unindex (installed under both names in
# bash-completion's completions directory). Options come from the program's
# own --help, the one option table, so they never drift; option values, query
# filter prefixes and their values are listed here (man unsearch).

_unsearch_kinds="preambular operative article title heading intro header footer paragraph footnote vote decision"

# The long and short options that `PROG [SUBCOMMAND] --help` lists.
_unsearch_help_options()
{
    "$@" --help 2>/dev/null | sed -n 's/^ *\(-[A-Za-z0-9]\)\{0,1\},\{0,1\} *\(--[a-z0-9-]*\).*/\1 \2/p'
}

_unsearch()
{
    local cur prev words cword split
    _init_completion -s -n : || return

    case $prev in
        -i | --index | -o | --output)
            _filedir -d
            return
            ;;
        --batch | --export)
            _filedir
            return
            ;;
        --kind)
            COMPREPLY=($(compgen -W "$_unsearch_kinds" -- "$cur"))
            return
            ;;
        --sort)
            COMPREPLY=($(compgen -W "score date" -- "$cur"))
            return
            ;;
        --color)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
            return
            ;;
        -n | --limit | --offset | -C | --context | --k1 | --b | --session | --year | \
        --verb | --symbol | --show | -m | --memory | --listen | --time-limit)
            return
            ;;
    esac
    $split && return

    # unsearch serve: its own options, from `unsearch serve --help`.
    if [[ $1 != *unindex && ${words[1]-} == serve && $cword -gt 1 ]]; then
        [[ $cur == -* ]] && COMPREPLY=($(compgen -W "$(_unsearch_help_options "$1" serve)" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_unsearch_help_options "$1")" -- "$cur"))
        [[ ${COMPREPLY-} == --color ]] && COMPREPLY=(--color=) && compopt -o nospace
        return
    fi
    if [[ $1 == *unindex ]]; then
        _filedir
        return
    fi
    # Query words: the filter prefixes, and the kinds after kind:.
    case $cur in
        kind:*)
            COMPREPLY=($(compgen -P kind: -W "$_unsearch_kinds" -- "${cur#kind:}"))
            ;;
        *)
            COMPREPLY=($(compgen -W "symbol: session: year: kind: verb:" -- "$cur"))
            # The subcommand, as the first word.
            [[ $cword -eq 1 && serve == "$cur"* ]] && COMPREPLY+=(serve)
            [[ ${#COMPREPLY[@]} -gt 0 ]] && compopt -o nospace
            ;;
    esac
    __ltrim_colon_completions "$cur"
}
complete -F _unsearch unsearch unindex
