#!/usr/bin/env python3
"""filtered.py UNFILTERED.json FILTERED.json --author A | --domain D | --path GLOB

Checks a filtered report against the unfiltered one, independently of
listdigest's code: it applies the filter rules of the README (a patch
posting passes --author A when A is in its author "Name <addr>", any
case; --domain D when its author's address is D or under it; --path GLOB
when a file its patch touches matches GLOB as a shell glob whose '*'
crosses '/', or lies under GLOB as a folder, or (a diffstat's shortened
".../tail") when GLOB ends with the tail; a cover letter stays when a
posting of its series passes) to the unfiltered
JSON report's postings, and compares what it selects with the filtered
report's postings and series: the same postings in the same order (every
field, the series index renumbered), and each kept series with the same
facts (prefix, title, author, version, total, cover, patches renumbered
to those kept, here, earlier, cover_earlier, missing, date, message_id,
supersedes; a series whose first posting was dropped is named by the
first that stays, but still supersedes what the unfiltered report says:
the earlier version is a fact of the series, not of the filter).  Not
compared: a series' review trailers (a review of a
dropped patch does not count for its series in the filtered report) and
the tables (they count what the filter shows).
--path needs each posting's files: they come from the "merge" key of
UNFILTERED.json (field "F" of each message), which a report holds only
when it was run with a --path: give a report with a wider --path (such
as '*', which every patch with a file passes) as UNFILTERED.json.
Prints the differences; exit 0 when there are none."""
import fnmatch
import json
import sys


def glob_match(glob, path):
    if path.startswith('.../'):
        return glob.endswith(path[3:])
    if fnmatch.fnmatchcase(path, glob):
        return True
    g = glob.rstrip('/')
    return bool(g) and path.startswith(g + '/')


def files_of(report):
    """Message-ID and subject -> the files of the first such message."""
    files = {}
    for m in (report.get('merge') or {}).get('messages', []):
        files.setdefault((m.get('i', ''), m.get('s', '')), m.get('F', []))
    return files


def passes(p, how, value, files):
    label = p['author']
    if how == '--path':
        return any(glob_match(value, f) for f in files.get((p['message_id'], p['subject']), []))
    if how == '--author':
        return value.lower() in label.lower()
    addr = label[label.rfind('<') + 1:].rstrip('>').lower() if '<' in label else ''
    dom = addr[addr.rfind('@') + 1:] if '@' in addr else None
    v = value.lower()
    return dom is not None and (dom == v or dom.endswith('.' + v))


def main():
    if len(sys.argv) != 5 or sys.argv[3] not in ('--author', '--domain', '--path'):
        sys.exit(__doc__)
    full = json.load(open(sys.argv[1]))
    filt = json.load(open(sys.argv[2]))
    how, value = sys.argv[3], sys.argv[4]
    posts = full['postings']
    files = files_of(full)
    if how == '--path' and not files:
        sys.exit('filtered.py: --path needs the files of %s (a report run with --path)' % sys.argv[1])
    ok = [passes(p, how, value, files) for p in posts]
    series_pass = {p['series'] for p, k in zip(posts, ok) if k}
    keep = [k or (p['counter'] == 0 and p['series'] in series_pass) for p, k in zip(posts, ok)]
    pmap, smap = {}, {}
    for i, p in enumerate(posts):
        if keep[i]:
            pmap[i] = len(pmap)
            if p['series'] is not None and p['series'] not in smap:
                smap[p['series']] = None
    # series keep their order of the unfiltered report
    for n, s in enumerate(sorted(smap)):
        smap[s] = n
    want_posts = []
    for i, p in enumerate(posts):
        if keep[i]:
            q = dict(p)
            q['series'] = smap.get(p['series'])
            want_posts.append(q)
    diffs = []
    if want_posts != filt['postings']:
        diffs.append('postings: %d selected, %d in the filtered report' %
                     (len(want_posts), len(filt['postings'])))
        for a, b in zip(want_posts, filt['postings']):
            if a != b:
                diffs.append('  first difference: %r != %r' % (a, b))
                break
    facts = ('prefix', 'title', 'author', 'version', 'total', 'here', 'earlier',
             'cover_earlier', 'missing', 'date', 'message_id', 'supersedes')
    want_series = []
    renamed = []
    members = {}
    for i, p in enumerate(posts):
        members.setdefault(p['series'], []).append(i)
    for s in sorted(smap):
        old = full['series'][s]
        w = {k: old[k] for k in facts}
        # a series is named by its first posting (its cover letter, else
        # its first patch in archive order): when the filter dropped that
        # one, by the first that stays (but for a cover letter from
        # before the range, which names it whatever stays)
        first = min(members[s])
        kept_first = min(i for i in members[s] if keep[i])
        if kept_first != first:
            fp = posts[kept_first]
            w['author'], w['date'] = fp['author'], fp['date']
            if not old['cover_earlier']:
                w['title'], w['message_id'] = fp['title'], fp['message_id']
            # "supersedes" stays the unfiltered report's (versions.c asks
            # with the series' own head, first posting and title)
            renamed.append(len(want_series))
        w['cover'] = pmap.get(old['cover']) if old['cover'] is not None else None
        w['patches'] = [pmap[i] for i in old['patches'] if i in pmap]
        want_series.append(w)
    got_series = [{k: s[k] for k in facts + ('cover', 'patches')} for s in filt['series']]
    if renamed:
        superseding = sum(want_series[n]['supersedes'] is not None for n in renamed)
        print('%d series named by another posting than in %s (%d of them supersede '
              'an earlier version): compared as the others' % (len(renamed), sys.argv[1], superseding))
    if want_series != got_series:
        diffs.append('series: %d selected, %d in the filtered report' %
                     (len(want_series), len(got_series)))
        for a, b in zip(want_series, got_series):
            if a != b:
                diffs.append('  first difference: %r != %r' % (a, b))
                break
    if diffs:
        print('\n'.join(diffs))
    print('%d postings and %d series selected' % (len(want_posts), len(want_series)))
    sys.exit(1 if diffs else 0)


main()
