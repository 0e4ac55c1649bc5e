#!/usr/bin/env python3
# layers.t - the shape of src/ (issue 12), checked on the sources and on
# the objects `make` built (build/LAYER/FILE.o):
#   1. every folder src/LAYER/ is a layer of the table below and has one
#      public header, src/LAYER/LAYER.h (PUBLIC_HEADERS adds report/model.h,
#      PRIVATE_HEADERS names the others: each only for its own layer);
#   2. every direct #include "x/y.h" of a file in src/LAYER/ is allowed by
#      the table (EXCEPTIONS: the FIXME(layers) lines still in src/);
#   3. calls between files, from the objects: `nm` says which object
#      defines and which uses each global symbol; file A -> file B when A
#      uses what B defines.  A call into another layer must be allowed by
#      the table as an include would be; and no call cycles between files
#      (a strongly connected set of files; KNOWN_CYCLES: the ones being
#      removed).
# Each cycle found is printed: one shortest loop, then every call between
# its files with the symbols.
# Run from anywhere; TOP is the folder above tests/.
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(TOP, "src")
BUILD = os.path.join(TOP, "build")

# What each layer may include besides its own headers: a layer name
# allows its public header LAYER.h (and report/model.h for "report"); a
# "layer/file.h" allows that header only.  The intended direction
# (HELPERS-12.md, README's architecture): lower layers never include
# higher ones; renderers see the report model, not the builder.
EVERYTHING = {"util", "classify", "mail", "source", "store", "report", "run", "render", "site"}
ALLOWED = {
    "util": set(),
    "classify": {"util"},
    "mail": {"classify", "util"},
    "source": {"util"},
    "store": {"source", "mail", "classify", "util"},
    "report": {"store", "source", "mail", "classify", "util"},
    "run": {"report", "store", "source", "mail", "classify", "util"},
    "render": {"report/model.h", "mail", "classify", "util"},
    # --site DIR (issue 14): pages beside the HTML report, made from the
    # report model and written with the HTML renderer and the escapers
    # (render), never from the builder or the archive.
    "site": {"render", "report/model.h", "util"},
    "cli": EVERYTHING,
    # listdigest-remote-http, the helper program that does the HTTP GETs
    # with libcurl (run by source/http.c; not linked into listdigest)
    "remote": {"util"},
}

# Public headers beyond LAYER.h; cli needs none (no layer includes it).
PUBLIC_HEADERS = {"report/model.h"}
NO_HEADER = {"cli", "remote"}
# Headers only the files of their own folder may include.
PRIVATE_HEADERS = {"source/archive.h", "source/git.h", "source/fetch.h", "report/builder.h",
                   "mail/internal.h", "store/index.h", "classify/internal.h", "render/html.h", "render/json_fields.h",
                   "run/merge.h"}

# Temporary exceptions to the include table: (file, header), each on a
# line of that file marked FIXME(layers).  Whoever removes the include
# removes its line here; a FIXME(layers) line not listed here fails.
EXCEPTIONS = set()

# Call cycles being removed while this test landed (issue 12): a cycle
# found passes when its files are all in one of these sets.  The lead
# empties this list when the last one is gone.  (Gone: the renderers',
# 3fb2d63; source git.c <-> local.c, the source ops table; report.c ->
# versions.c -> index.c -> run.c -> report.c, the index built by run/.)
KNOWN_CYCLES = [
]

n = 0
failed = 0


def ok(cond, name, diag=()):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    for line in diag if not cond else ():
        print("#   " + line)
    return cond


def note(line):
    print("# " + line)


def layers():
    return sorted(d for d in os.listdir(SRC) if os.path.isdir(os.path.join(SRC, d)))


def files(layer, exts=(".c", ".h")):
    return sorted(layer + "/" + f for f in os.listdir(os.path.join(SRC, layer)) if f.endswith(exts))


def public(header):
    layer, name = header.split("/", 1)
    return name == layer + ".h" or header in PUBLIC_HEADERS


# ---- 1. folders and headers -------------------------------------------
for layer in layers():
    if not ok(layer in ALLOWED, "src/%s/ is a layer of the table" % layer,
              ["add it to ALLOWED in tests/layers.t, with what it may include"]):
        continue
    headers = files(layer, (".h",))
    want = [layer + "/" + layer + ".h"]
    pub = [h for h in headers if public(h) and h not in PUBLIC_HEADERS]
    stray = [h for h in headers if not public(h) and h not in PRIVATE_HEADERS]
    ok((pub == want or (layer in NO_HEADER and not pub)) and not stray,
       "src/%s/ has %s" % (layer, ("at most " if layer in NO_HEADER else "") + "one public header, " + want[0]),
       (["found: " + " ".join(headers)] if pub != want or stray else []) +
       ["%s: name it in PRIVATE_HEADERS or PUBLIC_HEADERS" % h for h in stray])

for h in sorted((PRIVATE_HEADERS | PUBLIC_HEADERS) - {l + "/" + f for l in layers() for f in os.listdir(os.path.join(SRC, l))}):
    note("%s names no file (remove it from the lists of tests/layers.t)" % h)

# ---- 2. includes --------------------------------------------------------
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]*)"(.*)$')
used_exceptions = set()
for layer in layers():
    if layer not in ALLOWED:
        continue
    allowed = ALLOWED[layer]
    for f in files(layer):
        bad = []
        with open(os.path.join(SRC, f), encoding="utf-8", errors="replace") as fh:
            for lineno, line in enumerate(fh, 1):
                m = INCLUDE.match(line)
                if not m:
                    if "FIXME(layers)" in line:
                        bad.append("%d: FIXME(layers) on a line with no include" % lineno)
                    continue
                inc, rest = m.group(1), m.group(2)
                fixme = "FIXME(layers)" in rest
                where = "%s:%d: #include \"%s\"" % (f, lineno, inc)
                parts = inc.split("/")
                if len(parts) != 2 or not os.path.isfile(os.path.join(SRC, inc)):
                    bad.append(where + ": not a header of src/ named layer/file.h")
                    continue
                to = parts[0]
                if to == layer:
                    why = None
                elif inc in PRIVATE_HEADERS or not public(inc):
                    why = "a private header of " + to
                elif to in allowed or inc in allowed:
                    why = None
                else:
                    why = "%s may include only %s" % (layer, ", ".join(sorted(allowed)) or "itself")
                if why is None:
                    if fixme:
                        bad.append(where + ": marked FIXME(layers) but allowed: drop the mark")
                    continue
                if (f, inc) in EXCEPTIONS and fixme:
                    used_exceptions.add((f, inc))
                    note("known exception: " + where)
                    continue
                if fixme:
                    why += " (marked FIXME(layers), but not in EXCEPTIONS of tests/layers.t)"
                bad.append(where + ": " + why)
        ok(not bad, f + ": includes follow the layers", bad)
for f, inc in sorted(EXCEPTIONS - used_exceptions):
    note("exception no longer needed (remove it from EXCEPTIONS): %s -> %s" % (f, inc))

# ---- 3. call cycles between files, from the objects ---------------------
sources = [f for l in layers() for f in files(l, (".c",))]
missing = []
for f in sources:
    o = os.path.join(BUILD, f[:-2] + ".o")
    if not os.path.isfile(o) or os.path.getmtime(o) < os.path.getmtime(os.path.join(SRC, f)):
        missing.append("build/" + f[:-2] + ".o")
ok(not missing, "every src/LAYER/FILE.c has an up-to-date object (make)", missing)
sources = [f for f in sources if "build/" + f[:-2] + ".o" not in missing
           or os.path.isfile(os.path.join(BUILD, f[:-2] + ".o"))]

defs, uses = {}, {}
for f in sources:
    out = subprocess.run(["nm", "-P", os.path.join(BUILD, f[:-2] + ".o")],
                         capture_output=True, text=True, check=True).stdout
    uses[f] = set()
    for line in out.splitlines():
        w = line.split()
        if len(w) < 2:
            continue
        sym, kind = w[0], w[1]
        if kind == "U":
            uses[f].add(sym)
        elif kind in "TDBRCVWGS":   # global definitions (lower case: local)
            defs.setdefault(sym, f)

edges = {f: {} for f in sources}   # file -> {file it calls: [symbols]}
for f in sources:
    for sym in sorted(uses[f]):
        to = defs.get(sym)
        if to and to != f:
            edges[f].setdefault(to, []).append(sym)

# Calls follow the table too (an extern declaration could bypass the
# headers): a call into another layer needs that layer in the caller's
# row, or a header of its row that names the symbol (report/model.h), or
# an exception of the caller's file for that layer.
def header_words(h):
    with open(os.path.join(SRC, h), encoding="utf-8", errors="replace") as fh:
        return set(re.findall(r"\w+", fh.read()))


bad_calls = []
for f in sources:
    la = f.split("/")[0]
    allowed = ALLOWED.get(la, set())
    for to, syms in sorted(edges[f].items()):
        lb = to.split("/")[0]
        if lb == la or lb in allowed:
            continue
        if any(e[0] == f and e[1].split("/")[0] == lb for e in EXCEPTIONS):
            continue
        words = set()
        for h in allowed:
            if h.startswith(lb + "/") and os.path.isfile(os.path.join(SRC, h)):
                words |= header_words(h)
        wrong = [x for x in syms if x not in words]
        if wrong:
            bad_calls.append("%s -> %s: %s" % (f, to, " ".join(wrong)))
ok(not bad_calls, "calls between layers follow the table (from the objects)", bad_calls)


def sccs(nodes, edges):
    """Tarjan's strongly connected components, iterative."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(sorted(comp))
    return out


def loop(comp):
    """A shortest loop through the first file of comp, with symbols."""
    start = comp[0]
    prev = {start: None}
    queue = [start]
    end = None
    while queue and end is None:
        nxt = []
        for v in queue:
            for w in sorted(edges[v]):
                if w not in comp:
                    continue
                if w == start:
                    end = v
                    break
                if w not in prev:
                    prev[w] = v
                    nxt.append(w)
            if end is not None:
                break
        queue = nxt
    path = [end]
    while prev[path[-1]] is not None:
        path.append(prev[path[-1]])
    path.reverse()
    path.append(start)
    steps = [path[0]]
    for a, b in zip(path, path[1:]):
        syms = edges[a][b]
        steps.append("%s (%s%s)" % (b, ", ".join(syms[:3]), ", ..." if len(syms) > 3 else ""))
    return " -> ".join(steps)


cycles = [c for c in sccs(sources, edges) if len(c) > 1]
new = []
for c in cycles:
    known = any(set(c) <= k for k in KNOWN_CYCLES)
    note("%s cycle: %s" % ("known" if known else "NEW", " ".join(c)))
    note("  " + loop(c))
    for a in c:
        for b in sorted(edges[a]):
            if b in c:
                note("    %s -> %s: %s" % (a, b, " ".join(edges[a][b])))
    if not known:
        new.append(" ".join(c) + ": " + loop(c))
ok(not new, "no call cycles between files but the known ones (%d found, %d known)"
   % (len(cycles), len(cycles) - len(new)), new)
for k in KNOWN_CYCLES:
    if not any(set(c) <= k for c in cycles):
        note("known cycle gone (remove it from KNOWN_CYCLES): " + " ".join(sorted(k)))

print("1..%d" % n)
sys.exit(1 if failed else 0)
