# bash completion for gongwen (installed as
# PREFIX/share/bash-completion/completions/gongwen)
_gongwen() {
    local cur prev words cword
    _init_completion -s 2>/dev/null || {
        cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
    }
    local opts="--output --to --from --layout --no-check --previous --strict --format --data --jobs --diagnostics --color --quiet --help --version -o -j -q -h"
    case $prev in
        --to) COMPREPLY=($(compgen -W "pdf ofd pdf,ofd" -- "$cur")); return ;;
        --from) COMPREPLY=($(compgen -W "text html docx" -- "$cur")); return ;;
        --diagnostics) COMPREPLY=($(compgen -W "human json" -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "json csv" -- "$cur")); return ;;
        --previous) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --layout) COMPREPLY=($(compgen -W "gbt9704 gbt9704-sealed" -- "$cur") $(compgen -f -X '!*.ini' -- "$cur")); return ;;
        --data) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        -o|--output) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        -j|--jobs) COMPREPLY=($(compgen -W "1 2 4 8" -- "$cur")); return ;;
    esac
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "build check read data trace fonts --help --version" -- "$cur"))
    elif [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -X '!*.@(txt|html|htm|docx|pdf)' -- "$cur") $(compgen -d -- "$cur"))
    fi
}
complete -F _gongwen gongwen
