#!/bin/bash
# --format json: the output validates against docs/listdigest.schema.json
# (python3-jsonschema) and is strict UTF-8, on the main golden archive, on
# the hostile fixtures (invalid bytes, terminal escapes) and on the
# hand-built report of tests/render_unit.c (every section filled, invalid
# UTF-8 that reaches the renderer).
. "$(dirname "$0")/lib/tap.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import jsonschema' 2>/dev/null ||
	skip_all "python3-jsonschema missing (make check installs it as root; else: apt-get install python3-jsonschema)"

check() { # check FILE NAME
	"$PY" - "$TOP/docs/listdigest.schema.json" "$1" >"$TMP/check.out" 2>&1 <<'PYEOF'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
raw = open(sys.argv[2], "rb").read()
text = raw.decode("utf-8", errors="strict")          # valid UTF-8 or fail
doc = json.loads(text)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
for e in errors[:5]:
    print("/".join(map(str, e.absolute_path)), e.message)
sys.exit(1 if errors else 0)
PYEOF
	local rc=$?
	ok $rc "$2: valid UTF-8 and valid against the schema"
	[ $rc -eq 0 ] || sed 's/^/#   /' "$TMP/check.out"
}

"$TOP/tests/lib/mkinbox.sh" "$TMP/main" "$TOP/tests/golden/main.manifest"
"$LD" --format json "$TMP/main" >"$TMP/main.json" 2>/dev/null
is "$?" 0 "main: exit code"
check "$TMP/main.json" "main archive"
check "$TOP/tests/golden/main.json.expected" "main golden file"
check "$TOP/tests/golden/split.json.expected" "split golden file (missing runs, here, earlier)"
check "$TOP/tests/golden/waiting.week-json.expected" "waiting golden file (a waiting list)"
check "$TOP/tests/golden/waiting.week-off.expected" "waiting golden file (--waiting-days 0: null, disabled)"
check "$TOP/tests/golden/waiting.week-noindex-json.expected" "waiting golden file (--no-index: null, no_index)"
check "$TOP/tests/golden/waiting.week-maint-json.expected" "waiting golden file (--maintainers: who could review)"
check "$TOP/tests/golden/waitodd.week-path-json.expected" "waiting golden file (--maintainers, --path, a garbage posting)"

# the filters of the report, as given (issue 10)
"$LD" --format json --path virt/ --path 'docs/*' --author 'Alice <' --domain example.com \
	--grep '^(virt|frob):' --maintainers "$TOP/tests/golden/series.maintainers" --subsystem 'virt frob driver' \
	"$TMP/main" >"$TMP/filters.json" 2>/dev/null
check "$TMP/filters.json" "main archive with filters"
"$PY" - "$TMP/filters.json" "$TMP/main.json" <<'PYEOF'
import json, sys
f = json.load(open(sys.argv[1], encoding="utf-8"))["filters"]
assert f == {"paths": ["virt/", "docs/*"], "authors": ["Alice <"], "domains": ["example.com"],
             "grep": "^(virt|frob):", "subsystem": "VIRT FROB DRIVER"}, f
n = json.load(open(sys.argv[2], encoding="utf-8"))["filters"]
assert n == {"paths": [], "authors": [], "domains": [], "grep": None, "subsystem": None}, n
PYEOF
ok $? "filters: given ones listed, none as [] and null"

# pull requests, bots, names with commas (tests/golden/threads.manifest)
check "$TOP/tests/golden/threads.json.expected" "threads golden file (pull requests)"

"$TOP/tests/lib/mkinbox.sh" "$TMP/hostile" "$TOP/tests/hostile/hostile.manifest" 2>/dev/null  # git warns about the non-UTF-8 subject
"$LD" --format json "$TMP/hostile" >"$TMP/hostile.json" 2>/dev/null
is "$?" 0 "hostile: exit code"
check "$TMP/hostile.json" "hostile archive (invalid bytes, escapes)"
"$PY" - "$TMP/hostile.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
subjects = [p["subject"] for p in d["postings"]]
assert "[PATCH] <script>alert(1)</script>" in subjects, subjects
assert '[PATCH] "><img src=x onerror=alert(1)>' in subjects, subjects
assert any(r["label"] == "Mallory <b>Bold</b> &amp; Co <mallory@evil.example>"
           for r in d["contributors"]["rows"]), d["contributors"]
PYEOF
ok $? "hostile: strings arrive as data, unchanged"

"$TOP/build/render-unit" json >"$TMP/full.json"
check "$TMP/full.json" "hand-built report (every section, invalid UTF-8)"
grep -q '\\ufffd' "$TMP/full.json"; ok $? "hand-built: invalid bytes became \\ufffd"
grep -q '\\u001b' "$TMP/full.json"; ok $? "hand-built: ESC escaped as \\u001b"

# the schema rejects what it must (the test can fail)
sed 's/"schema": "listdigest\/1"/"schema": "listdigest\/0"/' "$TMP/main.json" >"$TMP/bad.json"
"$PY" -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' \
	"$TOP/docs/listdigest.schema.json" "$TMP/bad.json" >/dev/null 2>&1
is "$?" 1 "schema rejects a wrong schema version"

done_testing
