#!/bin/sh
# mkinbox.sh - build a deterministic public-inbox-shaped archive from .eml files
#
# usage: mkinbox.sh OUTDIR MANIFEST            v2 inbox: OUTDIR/git/N.git
#        mkinbox.sh --single REPO.git MANIFEST one bare epoch repository
#
# MANIFEST (paths relative to the manifest's directory):
#   # comment / blank line      ignored
#   epoch N                     start (root commit, no parent) or switch to
#                               OUTDIR/git/N.git; ignored with --single
#   add FILE.eml                commit whose tree is only `m` = FILE's bytes
#   mboxfrom FILE.eml           like add, blob prefixed by an mbox From line
#   delete FILE.eml             deletion commit: tree is only `d` = FILE's bytes
#   purge                       commit with the empty tree
#   time T                      the next commit is made at T (seconds since
#                               the epoch), the ones after it 60 s apart:
#                               archives mirrored or re-imported long after
#                               the mail was sent
#
# Every commit gets author = the message's From header (raw, unfolded),
# committer = "Test Inbox <inbox@example.org>", and date
# 1700000000 + 60 * (number of commits made before it, over all epochs), +0000,
# unless a `time` line says otherwise.
# Commit message = the raw unfolded Subject (deletions: same; purge: "purge").
# Hashes are therefore identical on every run. OUTDIR must not exist yet.
set -eu

die() { echo "mkinbox.sh: $*" >&2; exit 1; }

single=0
if [ "${1:-}" = "--single" ]; then single=1; shift; fi
[ $# -eq 2 ] || die "usage: mkinbox.sh [--single] OUTDIR MANIFEST"
out=$1
manifest=$2
[ -f "$manifest" ] || die "manifest not found: $manifest"
[ ! -e "$out" ] || die "output already exists (refusing to overwrite): $out"
mandir=$(cd "$(dirname "$manifest")" && pwd)

# isolate from any user/system git configuration
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL=/dev/null
export HOME=/nonexistent
export LC_ALL=C
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
      GIT_ALTERNATE_OBJECT_DIRECTORIES 2>/dev/null || true

base=1700000000
n=0          # commits made so far (all epochs)
repo=""      # current epoch repository

# header FILE NAME: print the unfolded value of the first NAME: header
header() {
	tr -d '\r' < "$1" | awk -v want="$2" '
		BEGIN { want = tolower(want) ":" }
		NR == 1 && /^From / { next }          # mbox From line
		/^$/ { exit }
		/^[ \t]/ { if (cur) { sub(/^[ \t]+/, ""); val = val " " $0 }; next }
		{ if (cur) { print val; found = 1; exit }
		  i = index($0, ":")
		  if (i > 0 && tolower(substr($0, 1, i)) == want) {
			cur = 1; val = substr($0, i + 1); sub(/^[ \t]+/, "", val)
		  } }
		END { if (cur && !found) print val }'
}

# ident FILE: set NAME and EMAIL from the From header
ident() {
	from=$(header "$1" From)
	[ -n "$from" ] || die "$1: no From header"
	case $from in
	*"<"*">"*)
		EMAIL=$(printf '%s\n' "$from" | sed 's/.*<\([^>]*\)>.*/\1/')
		NAME=$(printf '%s\n' "$from" | sed 's/<[^>]*>.*//; s/^[ \t"]*//; s/[ \t"]*$//')
		;;
	*)
		EMAIL=$(printf '%s\n' "$from" | sed 's/^[ \t]*//; s/[ \t].*$//')
		NAME=""
		;;
	esac
	[ -n "$EMAIL" ] || die "$1: cannot find an address in From: $from"
	[ -n "$NAME" ] || NAME=${EMAIL%%@*}
}

newrepo() {
	mkdir -p "$(dirname "$1")"
	git init -q --bare "$1"
	git -C "$1" symbolic-ref HEAD refs/heads/master
}

need_repo() {
	if [ -z "$repo" ]; then
		if [ $single -eq 1 ]; then repo=$out; else repo=$out/git/0.git; fi
		newrepo "$repo"
	fi
}

# commit TREE NAME EMAIL MESSAGE
commit() {
	date="@$((base + 60 * n)) +0000"
	if parent=$(git -C "$repo" rev-parse -q --verify refs/heads/master^{commit}); then
		set -- "$1" "$2" "$3" "$4" -p "$parent"
	else
		set -- "$1" "$2" "$3" "$4"
	fi
	tree=$1 an=$2 ae=$3 msg=$4; shift 4
	c=$(printf '%s\n' "$msg" | GIT_AUTHOR_NAME=$an GIT_AUTHOR_EMAIL=$ae \
		GIT_AUTHOR_DATE=$date GIT_COMMITTER_NAME="Test Inbox" \
		GIT_COMMITTER_EMAIL=inbox@example.org GIT_COMMITTER_DATE=$date \
		git -C "$repo" commit-tree "$tree" "$@")
	git -C "$repo" update-ref refs/heads/master "$c"
	n=$((n + 1))
}

msgfile() {
	[ -n "$1" ] || die "$manifest:$lineno: missing file name"
	f=$mandir/$1
	[ -f "$f" ] || die "$manifest:$lineno: no such file: $f"
}

lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	line=$(printf '%s' "$line" | sed 's/^[ \t]*//; s/[ \t]*$//')
	case $line in ''|'#'*) continue ;; esac
	cmd=${line%%[ 	]*}
	arg=""
	[ "$cmd" = "$line" ] || arg=$(printf '%s' "${line#"$cmd"}" | sed 's/^[ \t]*//')
	case $cmd in
	epoch)
		case $arg in ''|*[!0-9]*) die "$manifest:$lineno: bad epoch number: '$arg'" ;; esac
		[ $single -eq 1 ] && continue
		repo=$out/git/$arg.git
		[ -d "$repo" ] || newrepo "$repo"
		;;
	add|mboxfrom|delete)
		msgfile "$arg"
		need_repo
		ident "$f"
		subj=$(header "$f" Subject)
		case $cmd in
		add)      blob=$(git -C "$repo" hash-object -w --no-filters -- "$f"); file=m ;;
		delete)   blob=$(git -C "$repo" hash-object -w --no-filters -- "$f"); file=d ;;
		mboxfrom) blob=$( { printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\n'; cat "$f"; } |
				git -C "$repo" hash-object -w --no-filters --stdin); file=m ;;
		esac
		tree=$(printf '100644 blob %s\t%s\n' "$blob" "$file" | git -C "$repo" mktree)
		commit "$tree" "$NAME" "$EMAIL" "$subj"
		;;
	time)
		case $arg in ''|*[!0-9]*) die "$manifest:$lineno: bad time: '$arg'" ;; esac
		base=$((arg - 60 * n))
		;;
	purge)
		[ -z "$arg" ] || die "$manifest:$lineno: purge takes no argument"
		need_repo
		tree=$(git -C "$repo" mktree </dev/null)
		commit "$tree" "Test Inbox" inbox@example.org purge
		;;
	*)
		die "$manifest:$lineno: unknown directive: $cmd"
		;;
	esac
done < "$manifest"

[ -n "$repo" ] || die "$manifest: no messages"
