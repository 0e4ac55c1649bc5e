#!/bin/bash
# Output files (-o and --state) as the lockfile helper (src/util/lockfile.c)
# writes them: a device, FIFO or /dev/stdout is written in place and stays
# what it is; a symlink's target is replaced and the link kept; a new
# file gets 0666 & ~umask; a replaced file keeps its mode and owner; no
# temporary is left, also after SIGTERM.  Run as root and, when root, as
# an unprivileged user (setpriv) in a scratch folder it owns.
#
# Root never writes into /dev here unless the same case passed on a
# device node in the scratch folder first: a regression must not replace
# the machine's /dev/null or /dev/stdout.
. "$(dirname "$0")/lib/tap.sh"
GROW=$TOP/tests/lib/grow.sh
T="timeout -s KILL 30"

MB=$TMP/in.mbox
for f in 0001-series-cover-letter-0of3.eml 0002-series-patch-1of3.eml 0005-reply-re-patch-reviewed-by.eml; do
	echo "From mboxrd@z Thu Jan  1 00:00:00 1970"
	cat "$TOP/tests/data/$f"
	echo
done >"$MB"
chmod 755 "$TMP"
chmod 644 "$MB"
$T "$LD" --list-name VIRT --mbox "$MB" >"$TMP/ref" 2>/dev/null
is "$?" 0 "reference report to stdout"

USER_CMD=""
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	USER_GROUP=$(id -gn nobody)
	# HOME of its own: libgit2 reads $HOME/.gitconfig and fails on root's
	USER_CMD="setpriv --reuid=nobody --regid=$USER_GROUP --clear-groups -- env HOME=$TMP/user"
fi

# as WHO UMASK CMD...: runs CMD as WHO (root: this shell's user) with UMASK
as() {
	local who=$1 um=$2
	shift 2
	if [ "$who" = user ]; then
		$T $USER_CMD sh -c 'umask "$0"; exec "$@"' "$um" "$@"
	else
		$T sh -c 'umask "$0"; exec "$@"' "$um" "$@"
	fi
}
# ld WHO UMASK ARGS...: the report of the mbox, as WHO
ld() { local who=$1 um=$2; shift 2; as "$who" "$um" "$LD" --list-name VIRT --mbox "$MB" "$@"; }
temps() { find "$1" -name '*.tmp.*' | wc -l; }

cases() {
	local who=$1 W=$TMP/$1
	mkdir -p "$W"
	[ "$who" = user ] && chown nobody "$W"

	# ---- a character device: written in place, stays a device ----
	local dev=$W/null
	if [ "$(id -u)" = 0 ] && mknod "$dev" c 1 3 2>/dev/null; then
		[ "$who" = user ] && chmod 666 "$dev"
		ld "$who" 022 -o "$dev" 2>"$W/err"
		is "$?" 0 "$who: -o on a device node: exit 0"
		is "$(stat -c '%F %t:%T' "$dev")" "character special file 1:3" "$who: -o on a device node: still the same device"
		if [ "$who" = user ] || [ "$(stat -c %F "$dev")" = "character special file" ]; then
			ld "$who" 022 -o /dev/null 2>"$W/err"
			is "$?" 0 "$who: -o /dev/null: exit 0"
			is "$(stat -c '%F %t:%T %a' /dev/null)" "character special file 1:3 666" "$who: -o /dev/null: still the null device, mode 666"
		else
			ok 1 "$who: -o /dev/null not tried: the device node was replaced"
		fi
	else
		ld "$who" 022 -o /dev/null 2>"$W/err"
		is "$?" 0 "$who: -o /dev/null: exit 0"
		is "$(stat -c '%F %t:%T %a' /dev/null)" "character special file 1:3 666" "$who: -o /dev/null: still the null device"
	fi

	# ---- a FIFO, read by a background reader ----
	mkfifo "$W/fifo"
	[ "$who" = user ] && chown nobody "$W/fifo"
	timeout -s KILL 15 cat "$W/fifo" >"$W/fifo.out" &
	local reader=$!
	ld "$who" 022 -o "$W/fifo" 2>"$W/err"
	is "$?" 0 "$who: -o FIFO: exit 0"
	wait "$reader"
	is "$?" 0 "$who: -o FIFO: the reader got end of file"
	cmp -s "$W/fifo.out" "$TMP/ref"; ok $? "$who: -o FIFO: the reader got the whole report"
	[ -p "$W/fifo" ]; ok $? "$who: -o FIFO: still a FIFO"

	# ---- /dev/stdout and /dev/fd/N: the descriptor itself ----
	if [ "$who" = user ]; then
		ld "$who" 022 -o /dev/stdout >"$W/so.out" 2>"$W/err"
		is "$?" 0 "$who: -o /dev/stdout: exit 0"
		cmp -s "$W/so.out" "$TMP/ref"; ok $? "$who: -o /dev/stdout: the report on stdout"
		[ -L /dev/stdout ]; ok $? "$who: -o /dev/stdout: still a symlink"
		ld "$who" 022 -o /dev/stdout 2>"$W/err" | cat >"$W/pipe.out"
		cmp -s "$W/pipe.out" "$TMP/ref"; ok $? "$who: -o /dev/stdout into a pipe"
	fi
	# (root: a link of our own to /proc/self/fd/1, never /dev/stdout itself)
	ln -s /proc/self/fd/1 "$W/so-link"
	ld "$who" 022 -o "$W/so-link" >"$W/so2.out" 2>"$W/err"
	is "$?" 0 "$who: -o link to /proc/self/fd/1: exit 0"
	cmp -s "$W/so2.out" "$TMP/ref"; ok $? "$who: -o link to /proc/self/fd/1: the report on stdout"
	is "$(readlink "$W/so-link")" /proc/self/fd/1 "$who: -o link to /proc/self/fd/1: link kept"
	echo "earlier line" >"$W/append"
	[ "$who" = user ] && chown nobody "$W/append"
	ld "$who" 022 -o /dev/fd/3 3>>"$W/append" 2>"$W/err"
	is "$?" 0 "$who: -o /dev/fd/3 (appending redirection): exit 0"
	{ echo "earlier line"; cat "$TMP/ref"; } | cmp -s - "$W/append"
	ok $? "$who: -o /dev/fd/3: appended after the earlier line, as the descriptor says"

	# ---- symlinks: the target is replaced, the links stay ----
	echo old >"$W/target.html"
	ln -s target.html "$W/link.html"
	mkdir -p "$W/sub"
	echo old >"$W/target2.html"
	ln -s ../target2.html "$W/sub/l3"
	ln -s sub/l3 "$W/l2"
	ln -s new.html "$W/dangling"
	if [ "$who" = user ]; then chown -h nobody "$W"/target.html "$W"/target2.html "$W"/sub "$W"/link.html; fi
	ld "$who" 022 -o "$W/link.html" 2>"$W/err"
	is "$?" 0 "$who: -o symlink: exit 0"
	[ -L "$W/link.html" ] && [ "$(readlink "$W/link.html")" = target.html ]; ok $? "$who: -o symlink: the link kept"
	cmp -s "$W/target.html" "$TMP/ref"; ok $? "$who: -o symlink: the target holds the report"
	ld "$who" 022 -o "$W/l2" 2>"$W/err"
	[ -L "$W/l2" ] && [ -L "$W/sub/l3" ] && cmp -s "$W/target2.html" "$TMP/ref"
	ok $? "$who: -o chain of relative symlinks: both links kept, the final target written"
	ld "$who" 022 -o "$W/dangling" 2>"$W/err"
	[ -L "$W/dangling" ] && cmp -s "$W/new.html" "$TMP/ref"
	ok $? "$who: -o dangling symlink: the link kept, its target created"

	# ---- modes: new files 0666 & ~umask, replaced files keep theirs ----
	ld "$who" 022 -o "$W/new022" 2>"$W/err"
	is "$(stat -c %a "$W/new022")" 644 "$who: new file under umask 022: 0644"
	ld "$who" 077 -o "$W/new077" 2>"$W/err"
	is "$(stat -c %a "$W/new077")" 600 "$who: new file under umask 077: 0600"
	ld "$who" 077 -o "$W/new022" 2>"$W/err"
	is "$(stat -c %a "$W/new022")" 644 "$who: existing 0644 file under umask 077: stays 0644"
	echo old >"$W/m640"
	chmod 640 "$W/m640"
	[ "$who" = user ] && chown nobody "$W/m640"
	ld "$who" 022 -o "$W/m640" 2>"$W/err"
	is "$(stat -c %a "$W/m640")" 640 "$who: existing 0640 file under umask 022: stays 0640"
	cmp -s "$W/m640" "$TMP/ref"; ok $? "$who: existing file: replaced by the report"

	# ---- owner ----
	echo old >"$W/owned"
	chmod 644 "$W/owned"
	if [ "$who" = root ]; then
		chown nobody:"${USER_GROUP:-nogroup}" "$W/owned" 2>/dev/null
		local want
		want=$(stat -c %U:%G "$W/owned")
		ld "$who" 022 -o "$W/owned" 2>"$W/err"
		is "$(stat -c %U:%G:%a "$W/owned")" "$want:644" "$who: a file of another user: owner, group and mode kept"
	else
		# root's file in nobody's folder: nobody may replace it, not keep root as owner
		ld "$who" 022 -o "$W/owned" 2>"$W/err"
		is "$?" 0 "$who: root's file in the user's folder: replaced"
		is "$(stat -c %U:%a "$W/owned")" "nobody:644" "$who: root's file: the owner cannot be kept (not permitted), the mode is"
	fi

	# ---- errors: one line, exit 6, nothing left ----
	ld "$who" 022 -o "$W/sub" >/dev/null 2>"$W/err"
	is "$?" 6 "$who: -o on a folder: exit 6"
	is "$(wc -l <"$W/err")" 1 "$who: -o on a folder: one line"
	grep -q "cannot write $W/sub: Is a directory" "$W/err"; ok $? "$who: -o on a folder: says what"

	# ---- --state: the same rules (symlink kept, mode kept) ----
	local in=$W/inbox
	as "$who" 022 "$GROW" "$in/git/0.git" 1 3 >/dev/null
	as "$who" 022 "$LD" --state "$W/st-real" -o "$W/r1" "$in" 2>"$W/err"
	is "$?" 0 "$who: --state: first run"
	chmod 640 "$W/st-real"
	ln -s st-real "$W/st-link"
	as "$who" 022 "$GROW" "$in/git/0.git" 4 4 >/dev/null
	as "$who" 022 "$LD" --state "$W/st-link" -o "$W/r2" "$in" 2>"$W/err"
	is "$?" 0 "$who: --state through a symlink: exit 0"
	[ -L "$W/st-link" ]; ok $? "$who: --state symlink: the link kept"
	grep -q 'grow.4@test.example' "$W/st-real"; ok $? "$who: --state symlink: its target updated"
	is "$(stat -c %a "$W/st-real")" 640 "$who: --state: the file keeps its mode 0640"

	# ---- a signal removes the temporary ----
	as "$who" 022 "$GROW" "$in/git/0.git" 5 5 >/dev/null
	cp "$W/st-real" "$W/st-before"
	# $! is timeout's pid: timeout passes the SIGTERM on to listdigest
	local pre=""
	[ "$who" = user ] && pre=$USER_CMD
	LISTDIGEST_TEST_PAUSE=state-tmp $T $pre "$LD" --state "$W/st-real" -o "$W/r3" "$in" 2>"$W/err.pause" &
	local pid=$!
	for _ in $(seq 200); do grep -q "test pause at state-tmp" "$W/err.pause" && break; sleep 0.05; done
	is "$(temps "$W")" 1 "$who: paused before the state's rename: one temporary"
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null
	is "$(temps "$W")" 0 "$who: SIGTERM: the temporary removed"
	cmp -s "$W/st-real" "$W/st-before"; ok $? "$who: SIGTERM: the state file as it was"
	is "$(temps "$W")" 0 "$who: no temporary left in the folder"
}

cases root
if [ -n "$USER_CMD" ]; then
	cases user
else
	echo "# not root (or no setpriv/nobody): the unprivileged-user cases are not run"
fi
done_testing
