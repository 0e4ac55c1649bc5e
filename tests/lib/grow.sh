#!/bin/sh
# grow.sh - append generated messages to a public-inbox epoch repository,
# as public-inbox does when mail arrives (for tests/state.t, dates.t).
#
# usage: grow.sh REPO.git FIRST LAST [BASE]
#   adds messages FIRST..LAST; message i has Subject "[PATCH] grow: message i",
#   Message-ID <grow.i@test.example>, Date BASE + 3600*i (UTC; BASE defaults
#   to 1763337600 = 2025-11-17T00:00Z) and is committed 60 s after its Date.
#   REPO is created (bare, first commit a root) when missing.
set -eu
repo=$1 first=$2 last=$3 base=${4:-1763337600}
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME=/nonexistent LC_ALL=C
if [ ! -d "$repo" ]; then
	mkdir -p "$(dirname "$repo")"
	git init -q --bare "$repo"
	git -C "$repo" symbolic-ref HEAD refs/heads/master
fi
i=$first
while [ "$i" -le "$last" ]; do
	t=$((base + 3600 * i))
	date=$(date -u -d "@$t" '+%a, %d %b %Y %H:%M:%S +0000')
	blob=$(printf 'From: Grower %s <grow%s@example.org>\nTo: list@example.org\nSubject: [PATCH] grow: message %s\nDate: %s\nMessage-ID: <grow.%s@test.example>\n\nMessage %s.\n---\n f | 1 +\n 1 file changed, 1 insertion(+)\n' \
		"$i" "$i" "$i" "$date" "$i" "$i" | git -C "$repo" hash-object -w --stdin)
	tree=$(printf '100644 blob %s\tm\n' "$blob" | git -C "$repo" mktree)
	if parent=$(git -C "$repo" rev-parse -q --verify refs/heads/master^{commit}); then
		set -- -p "$parent"
	else
		set --
	fi
	c=$(echo "[PATCH] grow: message $i" | GIT_AUTHOR_NAME="Grower $i" GIT_AUTHOR_EMAIL="grow$i@example.org" \
		GIT_AUTHOR_DATE="@$((t + 60)) +0000" GIT_COMMITTER_NAME="Test Inbox" \
		GIT_COMMITTER_EMAIL=inbox@example.org GIT_COMMITTER_DATE="@$((t + 60)) +0000" \
		git -C "$repo" commit-tree "$tree" "$@")
	git -C "$repo" update-ref refs/heads/master "$c"
	i=$((i + 1))
done
