#!/bin/sh
# embed.sh NAME FILE: print a C file defining `const char NAME[]` with FILE's
# bytes and `const unsigned long NAME_len`, so data ships inside the binary.
name=$1 file=$2
echo "/* generated from $file by tools/embed.sh; do not edit */"
echo "const char ${name}[] = {"
od -An -v -tu1 "$file" | sed -e 's/  */ /g' -e 's/^ //' -e 's/ /, /g' -e 's/$/,/' | grep -v '^,$'
echo "0 };"
echo "const unsigned long ${name}_len = sizeof ${name} - 1;"
