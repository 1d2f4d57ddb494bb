#!/bin/sh
# 0130-diskfull: a build that cannot write fails with one clear line and
# exit 2, and leaves the previous index intact and answering, with no
# temporaries behind. As root (who ignores chmod) the cases use small tmpfs
# mounts: a full disk, a nearly full disk, a read-only file system. When
# mounting is not permitted: chmod 555 (non-root) or only the cases that
# need no privilege, which the PASS names say.
. tests/setup

MOUNTS=""
trap 'rc=$?; for m in $MOUNTS; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || :; done
      rm -rf "$T"; [ "$rc" -ne 0 ] || rc=$FAILED; exit "$rc"' EXIT

"$GENCORPUS" -o "$T/big" -s 7 -m 1 >/dev/null
q="derechos humanos"
"$UNSEARCH" -i "$IX" --json "$q" >"$T/expected" 2>/dev/null

# refused NAME DIR: the last run (of unindex into DIR) failed cleanly, and
# the index in DIR still answers as $IX does.
refused() {
	check_eq "$1-exit" 2 "$rc"
	check_eq "$1-one-line" 1 "$(wc -l <"$T/err")"
	if grep -q -i -e 'space' -e 'read-only' -e 'permission' "$T/err"; then
		pass "$1-says-why"
	else
		fail "$1-says-why" "stderr: $(head -c 300 "$T/err")"
	fi
	r=0
	"$UNSEARCH" -i "$2" --json "$q" >"$T/got" 2>"$T/got.err" || r=$?
	if [ "$r" -eq 0 ] && cmp -s "$T/got" "$T/expected"; then
		pass "$1-old-index-answers"
	else
		fail "$1-old-index-answers" "exit $r: $(head -c 300 "$T/got.err")"
	fi
	r=0
	"$UNINDEX" --check -o "$2" >/dev/null 2>&1 || r=$?
	check_eq "$1-old-index-checks" 0 "$r"
	left=$(cd "$2" && ls | grep -v -x -e MANIFEST -e LOCK -e 'seg-[0-9]*\.uns' || :)
	check_eq "$1-no-temporaries-left" "" "$left"
}

# mount_tmpfs DIR SIZE: 0 if a tmpfs of SIZE is now mounted on DIR.
mount_tmpfs() {
	mkdir -p "$1"
	[ "$(id -u)" = 0 ] && command -v mount >/dev/null || return 1
	mount -t tmpfs -o "size=$2" tmpfs "$1" 2>/dev/null || return 1
	MOUNTS="$1 $MOUNTS"
}

if mount_tmpfs "$T/full" 200k; then
	# Full disk: the index of corpus/ (~50 KB) fits, one of 1 MB does not.
	"$UNINDEX" -q -o "$T/full/ix" "$CORPUS" >/dev/null
	run "$UNINDEX" -q -o "$T/full/ix" "$T/big"
	refused tmpfs-full "$T/full/ix"
	# Nearly full: fill the disk but for a few KB, then rebuild the same
	# small corpus (fails while writing the segment or the MANIFEST).
	for free in 40 16 4; do
		rm -f "$T/full/filler"
		avail=$(df -k "$T/full" | awk 'NR == 2 { print $4 }')
		dd if=/dev/zero of="$T/full/filler" bs=1k count=$((avail - free)) 2>/dev/null || :
		run "$UNINDEX" -q -o "$T/full/ix" "$CORPUS"
		if [ "$rc" -eq 0 ]; then
			pass "tmpfs-${free}k-free-build-fits"
			"$UNSEARCH" -i "$T/full/ix" --json "$q" >"$T/got" 2>&1 || :
			cmp -s "$T/got" "$T/expected" && pass "tmpfs-${free}k-free-answers" ||
				fail "tmpfs-${free}k-free-answers" "new index answers differently"
		else
			refused "tmpfs-${free}k-free" "$T/full/ix"
		fi
	done
	rm -f "$T/full/filler"
	# Read-only file system.
	if mount_tmpfs "$T/ro" 1m; then
		"$UNINDEX" -q -o "$T/ro/ix" "$CORPUS" >/dev/null
		if mount -o remount,ro "$T/ro" 2>/dev/null; then
			run "$UNINDEX" -q -o "$T/ro/ix" "$CORPUS"
			refused read-only-fs "$T/ro/ix"
		else
			pass read-only-fs-skipped-remount-not-permitted
		fi
	fi
elif [ "$(id -u)" != 0 ]; then
	cp -r "$IX" "$T/ro-ix"
	chmod 555 "$T/ro-ix"
	run "$UNINDEX" -q -o "$T/ro-ix" "$CORPUS"
	chmod 755 "$T/ro-ix"
	refused chmod-555-dir "$T/ro-ix"
else
	pass tmpfs-and-chmod-cases-skipped-root-cannot-mount
fi

# Without privileges: the index path is a regular file, or a FIFO.
: >"$T/plainfile"
run "$UNINDEX" -q -o "$T/plainfile" "$CORPUS"
check_eq index-path-is-a-file-exit 2 "$rc"
check_eq index-path-is-a-file-one-line 1 "$(wc -l <"$T/err")"
mkfifo "$T/fifo"
rc=0
timeout 10 "$UNINDEX" -q -o "$T/fifo" "$CORPUS" >"$T/out" 2>"$T/err" || rc=$?
check_eq index-path-is-a-fifo-exit 2 "$rc"
check_eq index-path-is-a-fifo-one-line 1 "$(wc -l <"$T/err")"
