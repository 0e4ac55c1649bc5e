#!/bin/bash
# lore.t - INBOX as a URL (issue 13): a v2 inbox of several epochs built
# from tests/data with Debian's public-inbox, served by
# public-inbox-httpd on a free loopback port, mirrored by listdigest:
# the mirror's report equals the inbox's own; new messages, a new epoch,
# a fetch killed half-way (new epoch and existing one), the network lost
# half-way through a pack (a proxy that cuts the connection), a rewritten
# history (public-inbox-purge) with --state; --offline; progress on a
# terminal only; grokmirror fingerprints; the errors, each one line with
# its exit code (unreachable host, HTTP 404 and 503, not a public-inbox, a
# failed fetch, a bad URL, an untrusted mirror folder); valgrind.
. "$(dirname "$0")/lib/tap.sh"

for t in public-inbox-init public-inbox-mda public-inbox-httpd public-inbox-purge python3 git; do
	command -v "$t" >/dev/null 2>&1 || skip_all "$t not installed (Debian: apt-get install public-inbox python3 git)"
done

export SOURCE_DATE_EPOCH=1800000000
export PI_CONFIG=$TMP/pi-config HOME=$TMP/home XDG_DATA_HOME=$TMP/xdg
export GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
DATA=$TOP/tests/data
IN=$TMP/inbox/test
PIDS=""
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# deliver FILE [rotate]: one message into the inbox; with rotate, into a
# new epoch.  public-inbox 1.9 starts a new epoch when the newest one's
# packs pass 1 GB (V2Writable's importer, packed_bytes): rotate makes
# packed_bytes say so, for this one delivery.
deliver() {
	local rot='' 
	[ "${2:-}" = rotate ] && rot='require PublicInbox::Git; no warnings "redefine"; *PublicInbox::Git::packed_bytes = sub { 1 << 40 };'
	sed 's/^To: .*/To: test@example.org/' "$1" | ORIGINAL_RECIPIENT=test@example.org \
		perl -e "$rot"' $0 = "/usr/bin/public-inbox-mda"; do $0; die $@ if $@' -- --no-precheck
}

public-inbox-init -V2 -L basic test "$IN" http://127.0.0.1/test test@example.org >/dev/null 2>&1
git config -f "$PI_CONFIG" publicinboxmda.spamcheck none
for m in 0001 0002 0003; do deliver "$DATA"/$m-*.eml; done
deliver "$DATA"/0004-*.eml rotate
deliver "$DATA"/0005-*.eml
is "$(ls "$IN/git")" "0.git
1.git" "the inbox has two epochs"

PORT=$(free_port)
public-inbox-httpd -l "http://127.0.0.1:$PORT" -W0 >"$TMP/httpd.log" 2>&1 &
PIDS="$PIDS $!"
BASE=http://127.0.0.1:$PORT
URL=$BASE/test/
for _ in $(seq 100); do
	python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1])" "${URL}manifest.js.gz" 2>/dev/null && break
	sleep 0.1
done

M=$TMP/mirrors
MI=$M/127.0.0.1:$PORT/test
report() { "$LD" "$@"; }
# same(NAME, ARGS...): the report of the mirror (updated first) equals
# the report of the inbox folder, in text and json
same() {
	local name=$1; shift
	report --mirror-dir "$M" "$@" "$URL" >"$TMP/m.txt" 2>"$TMP/m.err"; local rc=$?
	report "$@" "$IN" >"$TMP/i.txt" 2>"$TMP/i.err"
	is "$rc:$(cat "$TMP/m.err")" "0:$(cat "$TMP/i.err")" "$name: mirrored, quietly (not a terminal: stderr as the inbox folder's)"
	cmp -s "$TMP/m.txt" "$TMP/i.txt"; ok $? "$name: report of the URL = report of the inbox folder"
	[ -s "$TMP/i.txt" ] || ok 1 "$name: the reports are not empty"
}

# ---- a first mirror, from nothing --------------------------------------
same "first run"
is "$(ls "$MI/git")" "0.git
1.git" "mirror under DIR/HOST/LIST with both epochs"
is "$(stat -c %a "$M" "$M/127.0.0.1:$PORT" "$MI" "$MI/git" | tr '\n' ' ')" "700 700 700 700 " "mirror folders are private"
is "$(git -C "$MI/git/1.git" config remote.origin.url):$(git -C "$MI/git/1.git" config remote.origin.fetch):$(git -C "$MI/git/1.git" config remote.origin.mirror)" \
	"${URL}1:+refs/*:refs/*:true" "an epoch is a mirror clone of URL/N"
is "$(git -C "$MI/git/0.git" rev-parse HEAD)" "$(git -C "$IN/git/0.git" rev-parse HEAD)" "epoch 0 at the inbox's head"
"$LD" --format json --mirror-dir "$M" "$URL" >"$TMP/m.json" 2>/dev/null
"$LD" --format json "$IN" >"$TMP/i.json" 2>/dev/null
cmp -s "$TMP/m.json" "$TMP/i.json"; ok $? "json of the URL = json of the inbox folder"
# the default place: $XDG_DATA_HOME/listdigest/mirrors/HOST/LIST
"$LD" "$URL" >/dev/null 2>&1
is "$(ls "$XDG_DATA_HOME/listdigest/mirrors/127.0.0.1:$PORT/test/git" | tr '\n' ' ')" "0.git 1.git " "default mirror dir under XDG_DATA_HOME"

# grokmirror's fingerprints: recorded after a complete fetch; an epoch
# whose fingerprint in the manifest is the one recorded is not fetched
fp() { # fp N: the manifest's fingerprint of epoch N
	python3 -c 'import gzip,json,sys,urllib.request; print(json.loads(gzip.decompress(urllib.request.urlopen(sys.argv[1] + "manifest.js.gz").read()))["/test/git/%s.git" % sys.argv[2]]["fingerprint"])' "$URL" "$1"
}
is "$(git -C "$MI/git/0.git" config listdigest.fingerprint) $(git -C "$MI/git/1.git" config listdigest.fingerprint)" \
	"$(fp 0) $(fp 1)" "the manifest's fingerprints are recorded in the epochs"
old_fp=$(fp 1)
deliver "$DATA"/0006-*.eml
[ "$(fp 1)" != "$old_fp" ]; ok $? "a new message changes the manifest's fingerprint"
git -C "$MI/git/1.git" config listdigest.fingerprint "$(fp 1)"
"$LD" --mirror-dir "$M" "$URL" >"$TMP/skip.txt" 2>/dev/null
cmp -s "$TMP/skip.txt" "$TMP/m.txt"; ok $? "an epoch with the manifest's fingerprint recorded is not fetched"
git -C "$MI/git/1.git" config --unset listdigest.fingerprint
same "fingerprint unset"
grep -q 'Fix off-by-one in the ring index' "$TMP/m.txt"; ok $? "fingerprint unset: fetched again"

# --state on both, to follow the same sequence below
"$LD" --state "$TMP/st.m" --mirror-dir "$M" "$URL" >/dev/null 2>&1
"$LD" --state "$TMP/st.i" "$IN" >/dev/null 2>&1
state_same() { # state_same NAME: the next --state reports agree
	"$LD" --state "$TMP/st.m" --mirror-dir "$M" "$URL" >"$TMP/sm.txt" 2>"$TMP/sm.err"; local rc=$?
	"$LD" --state "$TMP/st.i" "$IN" >"$TMP/si.txt" 2>/dev/null
	is "$rc" 0 "$1: --state run on the URL"
	cmp -s "$TMP/sm.txt" "$TMP/si.txt"; ok $? "$1: --state report of the URL = of the inbox folder"
}

# ---- new messages, --offline -------------------------------------------
cp "$TMP/m.txt" "$TMP/before.txt"
deliver "$DATA"/0007-*.eml
"$LD" --offline --mirror-dir "$M" "$URL" >"$TMP/off.txt" 2>"$TMP/off.err"
is "$?:$(cat "$TMP/off.err")" "0:" "--offline: reports without fetching"
cmp -s "$TMP/off.txt" "$TMP/before.txt"; ok $? "--offline: the mirror as it was"
state_same "new messages"
grep -q 'Do not take the vCPU mutex in the kick path' "$TMP/sm.txt"; ok $? "new messages: the --state report has the new message"
same "new messages"

# ---- a new epoch --------------------------------------------------------
deliver "$DATA"/0008-*.eml rotate
is "$(ls "$IN/git" | tr '\n' ' ')" "0.git 1.git 2.git " "the inbox has a third epoch"
state_same "new epoch"
same "new epoch"
is "$(ls "$MI/git" | tr '\n' ' ')" "0.git 1.git 2.git " "the new epoch is cloned"

# ---- progress: on a terminal only ----------------------------------------
deliver "$DATA"/0009-*.eml
if command -v script >/dev/null 2>&1; then
	LISTDIGEST_TEST_PROGRESS_AFTER=0 script -qc "'$LD' --mirror-dir '$M' -o '$TMP/tty.txt' '$URL'" /dev/null >"$TMP/tty.out" 2>&1
	grep -q 'listdigest: fetching epoch 2 (3/3): [0-9]*/[0-9]* objects, [0-9.]* MiB' "$TMP/tty.out"
	ok $? "progress on a terminal: objects and bytes per epoch"
else
	ok 0 "# SKIP no script(1) for a terminal"
fi
same "progress run"

# ---- a fetch killed half-way ---------------------------------------------
kill_fetch() { # kill_fetch NAME: run, wait for the pause in the pack, kill
	LISTDIGEST_TEST_PAUSE=fetch "$LD" --mirror-dir "$M" "$URL" >/dev/null 2>"$TMP/kill.err" &
	local pid=$!
	for _ in $(seq 200); do grep -q "test pause at fetch" "$TMP/kill.err" && break; sleep 0.05; done
	grep -q "test pause at fetch" "$TMP/kill.err"; ok $? "$1: the fetch reached the middle of the pack"
	kill -KILL "$pid"; wait "$pid" 2>/dev/null
}
"$LD" --offline --mirror-dir "$M" "$URL" >"$TMP/before.txt" 2>/dev/null
refs_before=$(git -C "$MI/git/2.git" show-ref)
deliver "$DATA"/0010-*.eml
kill_fetch "existing epoch"
is "$(git -C "$MI/git/2.git" show-ref)" "$refs_before" "killed: the epoch's refs did not move"
"$LD" --offline --mirror-dir "$M" "$URL" >"$TMP/off.txt" 2>"$TMP/off.err"
is "$?:$(cat "$TMP/off.err")" "0:" "killed: the mirror is usable"
cmp -s "$TMP/off.txt" "$TMP/before.txt"; ok $? "killed: the mirror reports as before"
same "after a killed fetch"

"$LD" --offline --mirror-dir "$M" "$URL" >"$TMP/before.txt" 2>/dev/null
deliver "$DATA"/0011-*.eml rotate
kill_fetch "new epoch"
"$LD" --offline --mirror-dir "$M" "$URL" >"$TMP/off.txt" 2>"$TMP/off.err"
is "$?:$(cat "$TMP/off.err")" "0:" "killed in a new epoch's clone: the mirror is usable"
cmp -s "$TMP/off.txt" "$TMP/before.txt"; ok $? "killed in a new epoch's clone: reports as before"
state_same "after a killed clone"
same "after a killed clone"

# ---- the network lost half-way through a pack -------------------------------
# A proxy in front of public-inbox-httpd that, when $TMP/cut holds N > 0,
# closes the connection after N bytes of the answer to a git-upload-pack
# POST (the pack).
cat >"$TMP/cutproxy.py" <<'EOF'
import socket, sys, threading
lport, tport, cutfile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def serve(c):
    u = socket.create_connection(("127.0.0.1", tport))
    st = {"post": False, "sent": 0}
    cut = int(open(cutfile).read() or 0)
    def up():
        try:
            while True:
                d = c.recv(65536)
                if not d:
                    break
                if b"POST " in d and b"git-upload-pack" in d:
                    st["post"] = True
                u.sendall(d)
        except OSError:
            pass
    threading.Thread(target=up, daemon=True).start()
    try:
        while True:
            d = u.recv(65536)
            if not d:
                break
            if st["post"] and cut > 0:
                d = d[:max(0, cut - st["sent"])]
                st["sent"] += len(d)
            c.sendall(d)
            if st["post"] and cut > 0 and st["sent"] >= cut:
                break
    except OSError:
        pass
    for x in (c, u):   # shutdown: close() alone sends no FIN while up() reads
        try:
            x.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        x.close()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", lport))
s.listen(16)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF
echo 0 >"$TMP/cut"
PPORT=$(free_port)
python3 "$TMP/cutproxy.py" "$PPORT" "$PORT" "$TMP/cut" &
PIDS="$PIDS $!"
PURL=http://127.0.0.1:$PPORT/test/
for _ in $(seq 100); do python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])))" "$PPORT" 2>/dev/null && break; sleep 0.1; done
C=$TMP/cutm
CE=$C/127.0.0.1:$PPORT/test/git
"$LD" --mirror-dir "$C" "$PURL" >"$TMP/c.txt" 2>/dev/null; rc=$?
"$LD" "$IN" >"$TMP/i.txt" 2>/dev/null
is "$rc" 0 "through the proxy: mirrored"
cmp -s "$TMP/c.txt" "$TMP/i.txt"; ok $? "through the proxy: report = the inbox folder's"
newest=$(ls "$IN/git" | sed 's/\.git$//' | sort -n | tail -1)
refs_before=$(git -C "$CE/$newest.git" show-ref)
deliver "$DATA"/0014-*.eml
echo 300 >"$TMP/cut"
"$LD" --mirror-dir "$C" "$PURL" >"$TMP/cut.out" 2>"$TMP/cut.err"; rc=$?
is "$rc:$(wc -l <"$TMP/cut.err"):$(wc -c <"$TMP/cut.out")" "9:1:0" "network lost in the pack: exit 9, one line, no report"
is "$(cat "$TMP/cut.err")" "listdigest: fetching ${PURL}$newest into $CE/$newest.git: http parser error: stream ended at an unexpected time; the mirror keeps what it had: run again, or report from it as it is with --offline" \
	"network lost in the pack: says which epoch, libgit2's reason, what to do"
is "$(git -C "$CE/$newest.git" show-ref)" "$refs_before" "network lost: the epoch's refs did not move"
"$LD" --offline --mirror-dir "$C" "$PURL" >"$TMP/off.txt" 2>/dev/null
cmp -s "$TMP/off.txt" "$TMP/c.txt"; ok $? "network lost: the mirror reports as before"
echo 0 >"$TMP/cut"
"$LD" --mirror-dir "$C" "$PURL" >"$TMP/c.txt" 2>/dev/null; rc=$?
"$LD" "$IN" >"$TMP/i.txt" 2>/dev/null
is "$rc" 0 "network back: fetched"
cmp -s "$TMP/c.txt" "$TMP/i.txt"; ok $? "network back: report = the inbox folder's"

# ---- a rewritten history: public-inbox-purge -----------------------------
old_head=$(git -C "$MI/git/1.git" rev-parse HEAD)
sed 's/^To: .*/To: test@example.org/' "$DATA"/0006-*.eml | public-inbox-purge --all >/dev/null 2>&1
new_head=$(git -C "$IN/git/1.git" rev-parse HEAD)
git -C "$IN/git/1.git" rev-list "$new_head" | grep -q "$old_head"
is "$?" 1 "purge rewrote epoch 1's history"
deliver "$DATA"/0012-*.eml
state_same "rewritten history"
is "$(git -C "$MI/git/1.git" rev-parse HEAD)" "$new_head" "rewritten history: the mirror is force-updated"
same "rewritten history"

# ---- a hand-made mirror (git clone --mirror) keeps working -----------------
H=$TMP/hand
mkdir -p "$H/127.0.0.1:$PORT/test/git"
git clone -q --mirror "${URL}0" "$H/127.0.0.1:$PORT/test/git/0.git"
report --mirror-dir "$H" "$URL" >"$TMP/h.txt" 2>"$TMP/h.err"
is "$?:$(cat "$TMP/h.err")" "0:$(cat "$TMP/i.err")" "a hand-made mirror with one epoch: updated"
cmp -s "$TMP/h.txt" "$TMP/i.txt"; ok $? "a hand-made mirror: its report = the inbox folder's"
"$LD" "$H/127.0.0.1:$PORT/test" >"$TMP/h2.txt" 2>/dev/null
cmp -s "$TMP/h2.txt" "$TMP/i.txt"; ok $? "the mirror is an inbox folder"

# ---- errors: one line each, with its exit code ---------------------------
err_is() { # err_is NAME WANT-RC WANT-LINE ARGS...
	local name=$1 want_rc=$2 want=$3; shift 3
	"$LD" "$@" >"$TMP/e.out" 2>"$TMP/e.err"; local rc=$?
	is "$rc:$(sed 's/after [0-9]* ms/after N ms/' "$TMP/e.err")" "$want_rc:$want" "$name"
	[ -s "$TMP/e.out" ] && ok 1 "$name: no report"
}
# a fake server for what public-inbox-httpd does not do
FPORT=$(free_port)
mkdir -p "$TMP/www"
cat >"$TMP/fake.py" <<'EOF'
import gzip, http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        p = self.path
        body = {
            "/notgz/manifest.js.gz": b"<html>hello</html>",
            "/notjson/manifest.js.gz": gzip.compress(b"hello"),
            "/noepochs/manifest.js.gz": gzip.compress(b'{"/noepochs": {}}'),
            "/big/manifest.js.gz": gzip.compress(b" " * (5 << 20)),
            "/other/manifest.js.gz": gzip.compress(b'{"/test/git/0.git": {}}'),
            "/nogit/manifest.js.gz": gzip.compress(b'{"/nogit/git/0.git": {}}'),
        }.get(p)
        code = 503 if p.startswith("/busy/") else 200 if body is not None else 404
        self.send_response(code)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
EOF
python3 "$TMP/fake.py" "$FPORT" &
PIDS="$PIDS $!"
F=http://127.0.0.1:$FPORT
for _ in $(seq 100); do python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])))" "$FPORT" 2>/dev/null && break; sleep 0.1; done
DEAD=$(free_port)
E="$TMP/emirror"
err_is "unreachable host: 9" 9 "listdigest: GET http://127.0.0.1:$DEAD/test/manifest.js.gz: Failed to connect to 127.0.0.1 port $DEAD after N ms: Couldn't connect to server; check the URL and the network, or report from the mirror as it is with --offline" \
	--mirror-dir "$E" "http://127.0.0.1:$DEAD/test/"
err_is "HTTP 404: not a public-inbox: 3" 3 "listdigest: GET $BASE/nope/manifest.js.gz: HTTP 404: not a public-inbox (v2 inboxes serve manifest.js.gz); give the URL of one inbox, such as https://lore.kernel.org/kvm/" \
	--mirror-dir "$E" "$BASE/nope/"
err_is "HTTP 503: 9" 9 "listdigest: GET $F/busy/manifest.js.gz: HTTP 503; try again later, or report from the mirror as it is with --offline" \
	--mirror-dir "$E" "$F/busy/"
err_is "not gzip: 3" 3 "listdigest: $F/notgz/manifest.js.gz: not gzip data (or over 4 MB inflated): not a public-inbox; give the URL of one inbox, such as https://lore.kernel.org/kvm/" \
	--mirror-dir "$E" "$F/notgz/"
err_is "over the bound: 3" 3 "listdigest: $F/big/manifest.js.gz: not gzip data (or over 4 MB inflated): not a public-inbox; give the URL of one inbox, such as https://lore.kernel.org/kvm/" \
	--mirror-dir "$E" "$F/big/"
err_is "not JSON: 3" 3 "listdigest: $F/notjson/manifest.js.gz: not JSON (lexical error: invalid char in json text.): not a public-inbox manifest; give the URL of one inbox, such as https://lore.kernel.org/kvm/" \
	--mirror-dir "$E" "$F/notjson/"
err_is "no epochs: 3" 3 "listdigest: $F/noepochs/manifest.js.gz: no epochs (LIST/git/N.git) in it: not a public-inbox v2 inbox; give the URL of one, such as https://lore.kernel.org/kvm/" \
	--mirror-dir "$E" "$F/noepochs/"
err_is "another inbox's manifest: 3" 3 "listdigest: $F/other/manifest.js.gz: the manifest of the inbox /test, not of other; give the URL of the inbox itself, such as https://lore.kernel.org/kvm/" \
	--mirror-dir "$E" "$F/other/"
err_is "fetch fails: 9" 9 "listdigest: fetching $F/nogit/0 into $E/127.0.0.1:$FPORT/nogit/git/0.git: unexpected http status code: 404; the mirror keeps what it had: run again, or report from it as it is with --offline" \
	--mirror-dir "$E" "$F/nogit/"
err_is "a URL with a query: 2" 2 "listdigest: $BASE/test/?x=1: expected the URL of one inbox, such as https://lore.kernel.org/kvm/ (no query, a list name of letters, digits and ._-+~)" \
	--mirror-dir "$E" "$BASE/test/?x=1"
err_is "--offline without a mirror: 3" 3 "listdigest: $TMP/none/127.0.0.1:$PORT/test: no mirror of $URL here (No such file or directory); run once without --offline to make it" \
	--offline --mirror-dir "$TMP/none" "$URL"
chmod 777 "$MI"
err_is "a mirror others may write: 6" 6 "listdigest: the mirror folder $MI is writable by group or others; not using it: give --mirror-dir with a folder of your own, or report from it with --offline" \
	--mirror-dir "$M" "$URL"
chmod 700 "$MI"

# ---- the HTTP GET runs in a helper program (listdigest-remote-http) -------
# listdigest itself links no libcurl: a run on a local archive does not
# load it (startup); the helper is found beside the binary, else in
# ../libexec/listdigest/ (make install; tests/help.t runs that layout)
if command -v ldd >/dev/null 2>&1; then
	ldd "$LD" | grep -c libcurl >"$TMP/curl.n"
	is "$(cat "$TMP/curl.n")" 0 "listdigest links no libcurl"
	ldd "$TOP/listdigest-remote-http" | grep -q libcurl; ok $? "listdigest-remote-http links libcurl"
fi
mkdir -p "$TMP/lonely"
cp "$LD" "$TMP/lonely/listdigest"
LONE=$(cd "$TMP/lonely" && pwd -P)
LD_SAVED=$LD
LD=$LONE/listdigest
err_is "no helper: 9" 9 "listdigest: GET $BASE/test/manifest.js.gz: no listdigest-remote-http in $LONE/ or $LONE/../libexec/listdigest/: install listdigest whole (make install), or report from the mirror as it is with --offline" \
	--mirror-dir "$TMP/lonely-m" "$BASE/test/"
mkdir -p "$TMP/libexec/listdigest"
cp "$TOP/listdigest-remote-http" "$TMP/libexec/listdigest/"
"$LD" --mirror-dir "$TMP/lonely-m" "$URL" >"$TMP/lonely.txt" 2>/dev/null
ok $? "helper in ../libexec/listdigest/: the URL inbox reported"
LD=$LD_SAVED
"$LD" --offline --mirror-dir "$TMP/lonely-m" "$URL" >"$TMP/lonely-off.txt" 2>/dev/null
cmp -s "$TMP/lonely.txt" "$TMP/lonely-off.txt"; ok $? "... the same report as the mirror's"
"$TOP/listdigest-remote-http" >/dev/null 2>"$TMP/usage.err"
is "$?:$(cat "$TMP/usage.err")" "2:usage: listdigest-remote-http URL MAX (run by listdigest for URL inboxes)" "the helper alone: usage, exit 2"

# ---- under valgrind: a clone from nothing, then a fetch ----------------------
if command -v valgrind >/dev/null 2>&1; then
	LD_REAL=$LD "$TOP/tests/lib/valgrind-ld" --mirror-dir "$TMP/vg" "$URL" >/dev/null 2>"$TMP/vg.err"
	ok $? "clone of every epoch under valgrind: no leak, no memory error"
	grep -v '^listdigest: ' "$TMP/vg.err" | head -30 | sed 's/^/#   /'
	deliver "$DATA"/0013-*.eml
	LD_REAL=$LD "$TOP/tests/lib/valgrind-ld" --mirror-dir "$M" "$URL" >/dev/null 2>"$TMP/vg.err"
	ok $? "fetch under valgrind: no leak, no memory error"
	grep -v '^listdigest: ' "$TMP/vg.err" | head -30 | sed 's/^/#   /'
else
	ok 0 "# SKIP valgrind not installed"
fi

done_testing
