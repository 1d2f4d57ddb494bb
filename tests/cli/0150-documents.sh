#!/bin/sh
# 0150-documents: what unindex makes of real files. A Latin-1 and a UTF-16
# copy of the Universal Declaration (made here with iconv) index exactly
# like the UTF-8 one (same --export lines, same unsearch --json answers but
# for the file name), with one notice naming the file and exit 0; a folder
# with a README is indexed (a plain document, a notice, exit 0); a file of
# 500 generated resolutions is split into 500, and a volume of 2,000 is
# indexed with --memory 64M in a bounded peak RSS.
. tests/setup

udhr=$CORPUS/A_RES_217_A_III.txt
mkdir "$T/utf8" "$T/latin1" "$T/utf16"
cp "$udhr" "$T/utf8/udhr.txt"
iconv -f UTF-8 -t LATIN1 "$udhr" >"$T/latin1/udhr.txt"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$udhr"; } >"$T/utf16/udhr.txt"

"$UNINDEX" -q -o "$T/ix-utf8" --export "$T/utf8.jsonl" "$T/utf8" >/dev/null
for enc in latin1 utf16; do
	run "$UNINDEX" -q -o "$T/ix-$enc" --export "$T/$enc.jsonl" "$T/$enc"
	check_eq "$enc-exit" 0 "$rc"
	check_eq "$enc-one-notice" 1 "$(grep -c "^unindex: notice: $T/$enc/udhr.txt: not UTF-8: read as" "$T/err")"
	check_eq "$enc-nothing-else" 1 "$(wc -l <"$T/err" | tr -d ' ')"
	check "$enc-export-same" cmp "$T/utf8.jsonl" "$T/$enc.jsonl"
	for q in 'libertad NEAR/4 expresión' 'asilo' 'kind:article "derecho a la vida"' 'Proclama'; do
		a=$("$UNSEARCH" -i "$T/ix-utf8" --json -n 50 "$q" | jfield rank symbol session date label kind text)
		b=$("$UNSEARCH" -i "$T/ix-$enc" --json -n 50 "$q" | jfield rank symbol session date label kind text)
		if [ -n "$a" ] && [ "$a" = "$b" ]; then pass "$enc-json-same:$q"; else
			fail "$enc-json-same:$q" "utf8 '$(echo "$a" | cut -c1-80)' vs '$(echo "$b" | cut -c1-80)'"; fi
	done
done
# The Latin-1 copy keeps its accents and its articles.
check_eq latin1-article-19 "Art.19" "$("$UNSEARCH" -i "$T/ix-latin1" --json 'libertad NEAR/4 expresión' | jfield label)"

# A README next to a resolution: a plain document, a notice, exit 0.
mkdir "$T/readme"
cp "$CORPUS/A_RES_74_29.txt" "$T/readme/"
printf '# Resoluciones\n\nCopias de trabajo de A/74/363 y otras.\n' >"$T/readme/README.md"
run "$UNINDEX" -q -o "$T/ix-readme" "$T/readme"
check_eq readme-exit 0 "$rc"
check readme-summary grep -q '2 files parsed (1 resolution, 1 plain document)' "$T/out"
check readme-notice grep -q "^unindex: notice: $T/readme/README.md: not a UN resolution" "$T/err"
check_eq readme-searchable "paragraph" "$("$UNSEARCH" -i "$T/ix-readme" --json --strict 'copias de trabajo' | jfield kind)"

# 500 generated resolutions in one file: 500 resolutions.
"$GENCORPUS" -o "$T/gen" -s 7 -m 8 >/dev/null
mkdir "$T/vol"
find "$T/gen" -name '*.txt' | sort | head -n 500 | while read -r f; do cat "$f"; echo; done >"$T/vol/volume.txt"
run "$UNINDEX" -q -o "$T/ix-vol" --memory 64M "$T/vol"
check_eq volume-exit 0 "$rc"
check volume-500-resolutions grep -q '1 file parsed (500 resolutions)' "$T/out"
check_eq volume-distinct-symbols 500 "$("$UNSEARCH" -i "$T/ix-vol" -l --json 'kind:title' -n 1000 | jfield symbol | tr ' ' '\n' | sort -u | wc -l | tr -d ' ')"

# Four times that volume (30 MB, 2,000 resolutions) with --memory 64M: the
# peak RSS stays under 64 MiB (read whole, it took 100 MiB).
for i in 1 2 3 4; do cat "$T/vol/volume.txt"; done >"$T/vol4.txt"
mkdir "$T/big" && mv "$T/vol4.txt" "$T/big/"
peak=$(python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$UNINDEX" -q -o "$T/ix-big" --memory 64M "$T/big")
if ldd "$UNINDEX" 2>/dev/null | grep -q libasan; then
	# AddressSanitizer's shadow memory and quarantine are not the indexer's.
	printf 'SKIP %s:volume-peak-rss-bounded: sanitizer build (peak RSS %s KiB)\n' "$SCRIPT" "$peak"
elif [ "$peak" -lt 65536 ]; then pass "volume-peak-rss-bounded"; else
	fail volume-peak-rss-bounded "peak RSS ${peak} KiB"; fi
check_eq volume-2000 2000 "$("$UNSEARCH" -i "$T/ix-big" -c 'kind:title')"
