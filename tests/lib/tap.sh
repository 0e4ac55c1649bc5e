# tap.sh - a few TAP helpers for the shell tests (sourced).
# TOP is the project root; LD the binary under test; TMP a fresh scratch
# folder removed at exit.
TOP=$(cd "$(dirname "$0")/.." && pwd)
LD=${LD:-$TOP/listdigest}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ld-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# the archive index goes to a scratch cache, never to $HOME
export LISTDIGEST_CACHE=$TMP/cache
# no configuration file of the user running the tests (tests/config.t
# makes its own)
export XDG_CONFIG_HOME=$TMP/xdg-config
_n=0
_fail=0

ok() { # ok COND-EXIT-STATUS NAME
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $_n - $2"; else echo "not ok $_n - $2"; _fail=$((_fail + 1)); fi
}

is() { # is GOT WANT NAME
	_n=$((_n + 1))
	if [ "$1" = "$2" ]; then echo "ok $_n - $3"; else
		echo "not ok $_n - $3"; _fail=$((_fail + 1))
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
	fi
}

skip_all() { echo "1..0 # SKIP $1"; exit 0; }

done_testing() { echo "1..$_n"; [ "$_fail" -eq 0 ]; }

# The real archives in ../shared/archives, cloned once per test run into a
# cache beside the build (bundles are read-only inputs).
real_archive() { # real_archive NAME -> prints the path of a bare clone
	local bundle="$TOP/../shared/archives/$1.bundle" dir="$TOP/build/archives/$1.git"
	[ -f "$bundle" ] || return 1
	if [ ! -d "$dir" ]; then
		mkdir -p "$TOP/build/archives"
		git clone -q --bare "$bundle" "$dir.tmp" && mv "$dir.tmp" "$dir" || return 1
	fi
	echo "$dir"
}
