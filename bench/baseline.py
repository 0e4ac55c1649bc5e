#!/usr/bin/env python3
"""Baseline for bench/run.sh: listdigest's two tables, in Python.

    python3 bench/baseline.py [--policy compat32|b4] [--from REV] [--to REV]
                              [--top N] REPO.git

Reads one public-inbox epoch repository (one commit per message, the raw
message in the tree file `m`) with `git rev-list --reverse` and a single
`git cat-file --batch`, parses the messages with the standard `email`
package and prints the two tables of the listdigest report in the same
layout.  Two ways of using the package (--policy):

* compat32 (default): the legacy policy, raw header values decoded with
  `email.header.decode_header` and `email.utils.parseaddr`: the fastest
  way to use the package;
* b4: the policy b4 parses mail with (EmailPolicy(utf8=True,
  cte_type='8bit', max_line_length=None)) and Subject and From read
  through its header objects, as a peer built like b4 does.

The output:

    Top 15 contributor Email domains (Based on Email Body)

    <"%7d %s" rows>

    Top 15 contributors (Based on Email Body)

    <"%7d  %s" rows>

It is the "peer written around Python's email package" of issue 5 and an
independent cross-check of listdigest's counting rules:

* patch posting: the decoded, unfolded Subject is not a reply (no leading
  Re:/Aw:/Sv:/Fwd:/... prefixes, repeated, case-insensitive) and its
  leading [...] tag groups contain the word PATCH (also PATCHv2, PATCH-v2)
  or RFC (also RFCv2);
* person: the in-body "From:" at the top of the first text/plain part (the
  block git format-patch writes when author and sender differ), else the
  header From; names RFC 2047-decoded; grouped by lower-cased address and
  shown as "Name <address>" with the name used most (ties: the first name
  in case-insensitive order); no display name -> the address's local part;
* domain: the lower-cased text after the address's last '@';
* rows sorted by count (descending), then by the shown text,
  case-insensitive; --top N rows (default 15, 0 = all);
* commits whose tree has no `m` are skipped; a message that a public-inbox
  deletion commit (tree file `d` holding the same blob) later in the range
  removes is not counted; an mbox "From " first line is ignored.

Only the standard library is used.  Memory: one message at a time plus the
tallies (and, for deletions, the blob id of each counted posting).
"""

import argparse
import binascii
import collections
import email
import email.errors
import email.header
import email.policy
import email.utils
import os
import re
import subprocess
import sys
import threading

# --------------------------------------------------------------------------
# Text helpers

# Folding: a line break and the white space around it become one space.
_FOLD = re.compile(r'[ \t]*\r?\n[ \t]*')
# C0 controls and DEL (tab included) shown as a space.
_CTRL = re.compile(r'[\x00-\x1f\x7f]')


def bytes_to_text(b, charset=None):
    """Decodes bytes in charset; undeclared or wrong 8-bit text is tried as
    UTF-8, then as ISO-8859-1 (which never fails)."""
    if charset:
        try:
            return b.decode(charset)
        except (LookupError, UnicodeDecodeError, ValueError):
            pass
    try:
        return b.decode('utf-8')
    except UnicodeDecodeError:
        return b.decode('latin-1')


def raw_header_text(value):
    """A header value as compat32 stores it (ASCII, 8-bit bytes as
    surrogate escapes, folding kept) -> one line of text, unfolded, 8-bit
    bytes decoded, encoded words not yet decoded."""
    if not isinstance(value, str):       # an email.header.Header
        value = str(value)
    value = _FOLD.sub(' ', value)
    b = value.encode('ascii', 'surrogateescape')
    return bytes_to_text(b).strip()


def decode_words(text):
    """RFC 2047-decodes encoded words in text (one line) with
    email.header.decode_header.  White space between two adjacent encoded
    words is dropped (decode_header does that); other text is kept as it
    is, so no make_header(): its str() inserts spaces of its own."""
    if '=?' not in text:
        return text
    try:
        chunks = email.header.decode_header(text)
    except (email.errors.HeaderParseError, binascii.Error, ValueError,
            AssertionError):
        return text
    out = []
    for data, charset in chunks:
        if isinstance(data, str):
            out.append(data)
        elif charset is None:
            # decode_header turns plain text into bytes with
            # raw-unicode-escape; undo exactly that.
            out.append(data.decode('raw-unicode-escape'))
        else:
            cs = charset.split('*', 1)[0]    # RFC 2231 language suffix
            out.append(bytes_to_text(data, cs))
    return ''.join(out)


def clean(text):
    return _CTRL.sub(' ', text).strip()


def lower_ascii(text):
    """Lower-cases ASCII letters only (as C's tolower/strcasecmp)."""
    return text.encode('utf-8', 'surrogatepass').lower().decode(
        'utf-8', 'surrogatepass')


def icase_key(text):
    """Case-insensitive order: ASCII letters folded, then byte order of the
    UTF-8 text (= code point order), then the exact text as tie-break."""
    b = text.encode('utf-8', 'surrogatepass')
    return (b.lower(), b)


# --------------------------------------------------------------------------
# Subjects

# Reply and forward markers of common mail clients (English, German AW/WG,
# Nordic SV/VS, Dutch Antw, Polish Odp, Turkish Ynt, Italian R/RIF, French
# TR/REF, Spanish RES/RV/ENC), optionally counted as Re[2]:, Re(2):, Re^2:.
_REPLY = re.compile(
    r'[ \t]*(?:re|aw|sv|vs|fw|fwd|antw|odp|ynt|rif|r|tr|wg|ref|res|rv|enc)'
    r'(?:\[[0-9]*\]|\([0-9]*\)|\^[0-9]*)?:', re.I)
_TAG = re.compile(r'[ \t]*\[([^\]]*)\]')
# The word PATCH or RFC inside a tag, alone or glued to a version
# (PATCHv2, PATCH-v2 splits into PATCH and v2 anyway, RFCv2).
_PATCH_WORD = re.compile(
    r'(?<![A-Za-z0-9])(?:PATCH|RFC)(?:v[0-9]+)?(?![A-Za-z0-9])', re.I)


def is_reply(subject):
    return _REPLY.match(subject) is not None


def is_patch_posting(subject):
    if is_reply(subject):
        return False
    pos = 0
    while True:
        m = _TAG.match(subject, pos)
        if not m:
            return False
        if _PATCH_WORD.search(m.group(1)):
            return True
        pos = m.end()


# --------------------------------------------------------------------------
# People

def parse_address(text):
    """text: one unfolded From value (encoded words not decoded).
    Returns (name, address): name decoded, address as written."""
    name, addr = email.utils.parseaddr(text)
    return clean(decode_words(name)), addr.strip()


_INBODY = re.compile(r'(from|subject|date):(.*)', re.I)


def inbody_from(text):
    """The value of the in-body From: line in the header block at the top
    of text (blank lines before it skipped, From/Subject/Date lines in any
    order, folded continuation lines joined), or None."""
    lines = text.split('\n')
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    found = None
    while i < len(lines):
        m = _INBODY.match(lines[i])
        if not m:
            break
        value = m.group(2)
        i += 1
        while i < len(lines) and lines[i][:1] in (' ', '\t'):
            value = value.rstrip() + ' ' + lines[i].strip()
            i += 1
        if found is None and m.group(1).lower() == 'from':
            found = _FOLD.sub(' ', value).strip()
    return found


def first_text_plain(msg):
    """Decoded text of the first text/plain part (a message without MIME
    is text/plain), LF line ends, or ''."""
    for part in msg.walk():
        if part.is_multipart():
            continue
        if part.get_content_type() != 'text/plain':
            continue
        try:
            data = part.get_payload(decode=True)
        except Exception:                # broken encodings: take it raw
            data = None
        if data is None:
            payload = part.get_payload()
            if not isinstance(payload, str):
                return ''
            data = payload.encode('ascii', 'surrogateescape')
        text = bytes_to_text(data, part.get_content_charset())
        return text.replace('\r\n', '\n')
    return ''


# --------------------------------------------------------------------------
# The archive

class GitError(Exception):
    pass


def git(repo, *args):
    p = subprocess.run(['git', '-C', repo] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise GitError(p.stderr.decode('utf-8', 'replace').strip())
    return p.stdout.decode()


def resolve(repo, rev):
    try:
        return git(repo, 'rev-parse', '--verify', '--quiet',
                   rev + '^{commit}').strip()
    except GitError:
        raise GitError("unknown revision '%s' in %s" % (rev, repo))


def read_blobs(repo, commits, spec):
    """Yields (index, oid, data) for each commit's `spec` path (data None
    when the path is missing), through one `git cat-file --batch`."""
    p = subprocess.Popen(['git', '-C', repo, 'cat-file', '--batch'],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def feed():
        try:
            for c in commits:
                p.stdin.write(('%s:%s\n' % (c, spec)).encode())
            p.stdin.close()
        except BrokenPipeError:
            pass

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    out = p.stdout
    for i in range(len(commits)):
        line = out.readline()
        if not line:
            raise GitError('git cat-file ended early in %s' % repo)
        f = line.split()
        if len(f) == 2 and f[1] == b'missing':
            yield i, None, None
            continue
        if len(f) != 3:
            raise GitError('unexpected git cat-file output: %r' % line)
        size = int(f[2])
        data = out.read(size)
        out.read(1)
        yield i, f[0].decode(), (data if f[1] == b'blob' else None)
    t.join()
    out.close()
    if p.wait() != 0:
        raise GitError('git cat-file failed in %s' % repo)


# --------------------------------------------------------------------------
# The tables

class Tally:
    def __init__(self):
        self.domains = collections.Counter()
        self.people = collections.Counter()           # address -> postings
        self.names = collections.defaultdict(collections.Counter)

    def add(self, key, n):
        addr, name, domain = key
        self.domains[domain] += n
        self.people[addr] += n
        self.names[addr][name] += n

    def rows(self, top):
        def cut(rows):
            rows = [r for r in rows if r[0] > 0]
            rows.sort(key=lambda r: (-r[0], icase_key(r[1])))
            return rows if top == 0 else rows[:top]

        domains = cut([(n, d) for d, n in self.domains.items()])
        people = []
        for addr, n in self.people.items():
            names = [(c, nm) for nm, c in self.names[addr].items() if c > 0]
            names.sort(key=lambda r: (-r[0], icase_key(r[1])))
            people.append((n, '%s <%s>' % (names[0][1] if names else '',
                                            addr)))
        return domains, cut(people)


# b4's parsing policy (b4/__init__.py: emlpolicy): the modern header
# registry, 8-bit bodies kept, no refolding.  A peer written as b4 is.
B4_POLICY = email.policy.EmailPolicy(utf8=True, cte_type='8bit',
                                     max_line_length=None)


def person_b4(raw):
    """person() as a peer built like b4 reads a message: parsed with b4's
    policy, Subject and From through the policy's header objects (decoded
    by the email package), the body from the same parse.  A header the
    modern parser cannot take falls back to compat32's reading, so the
    tables stay comparable."""
    msg = email.message_from_bytes(raw, policy=B4_POLICY)
    try:
        subject = msg.get('subject')
    except Exception:
        subject = None
    if subject is None:
        return person(raw)
    subject = clean(_FOLD.sub(' ', str(subject)))
    if not is_patch_posting(subject):
        return None
    name = addr = ''
    try:
        hdr = msg.get('from')
        addrs = hdr.addresses if hdr is not None else ()
        if addrs:
            name, addr = clean(addrs[0].display_name), addrs[0].addr_spec
    except Exception:
        return person(raw)
    try:
        ib = inbody_from(first_text_plain(msg))
    except Exception:
        ib = None
    if ib:
        ib_name, ib_addr = parse_address(ib)
        if ib_addr:
            name, addr = ib_name, ib_addr
    addr = lower_ascii(addr.strip())
    if not name:
        name = addr.rpartition('@')[0] if '@' in addr else addr
    domain = addr.rpartition('@')[2]
    return addr, name, domain


def person(raw):
    """(address lower-cased, display name, domain) of a patch posting's
    author, from its raw bytes; None when it is no patch posting.  (One
    whole parse per message: parsing the headers first and the body only
    for postings parses most headers twice and is slower.)"""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    subject = from_ = None
    for k, v in msg.raw_items():
        lk = k.lower()
        if lk == 'subject' and subject is None:
            subject = v
        elif lk == 'from' and from_ is None:
            from_ = v
    if subject is None:
        return None
    subject = clean(decode_words(raw_header_text(subject)))
    if not is_patch_posting(subject):
        return None

    name = addr = ''
    if from_ is not None:
        name, addr = parse_address(raw_header_text(from_))
    ib = inbody_from(first_text_plain(msg))
    if ib:
        ib_name, ib_addr = parse_address(ib)
        if ib_addr:
            name, addr = ib_name, ib_addr
    addr = lower_ascii(addr)
    if not name:
        name = addr.rpartition('@')[0] if '@' in addr else addr
    domain = addr.rpartition('@')[2]
    return addr, name, domain


def digest(repo, rev_from, rev_to, who=person):
    to = resolve(repo, rev_to or 'HEAD')
    rng = [to]
    if rev_from:
        rng.append('^' + resolve(repo, rev_from))
    commits = git(repo, 'rev-list', '--reverse', *rng).split()

    tally = Tally()
    counted = collections.defaultdict(list)     # blob id -> [(index, key)]
    no_m = []
    for i, oid, data in read_blobs(repo, commits, 'm'):
        if data is None:
            no_m.append(commits[i])
            continue
        if data.startswith(b'From '):            # mbox separator line
            nl = data.find(b'\n')
            data = data[nl + 1:] if nl >= 0 else b''
        key = who(data)
        if key:
            tally.add(key, 1)
            counted[oid].append((i, key))

    # public-inbox deletions: a `d` blob is the removed message itself.
    if no_m:
        index = {c: i for i, c in enumerate(commits)}
        for j, oid, data in read_blobs(repo, no_m, 'd'):
            if oid is None:
                continue
            at = index[no_m[j]]
            keep = []
            for i, key in counted.get(oid, []):
                if i < at:
                    tally.add(key, -1)
                else:
                    keep.append((i, key))
            if oid in counted:
                counted[oid] = keep
    return tally


def main(argv):
    ap = argparse.ArgumentParser(
        description="listdigest's contributor tables, in Python")
    ap.add_argument('--from', dest='rev_from', metavar='REV',
                    help='start after REV (exclusive)')
    ap.add_argument('--to', dest='rev_to', metavar='REV',
                    help='end at REV (inclusive, default HEAD)')
    ap.add_argument('--top', type=int, default=15, metavar='N',
                    help='rows per table (default 15, 0 = all)')
    ap.add_argument('--policy', choices=('compat32', 'b4'),
                    default='compat32',
                    help="email package policy: compat32 (the fastest) or "
                         "b4 (b4's EmailPolicy and header objects)")
    ap.add_argument('repo', metavar='REPO.git',
                    help='one public-inbox epoch repository')
    a = ap.parse_args(argv)
    if a.top < 0:
        ap.error('--top must be 0 or more')
    repo = a.repo
    if not os.path.isdir(repo):
        print('baseline.py: %s: no such directory' % repo, file=sys.stderr)
        return 3
    try:
        gd = os.path.realpath(
            git(repo, 'rev-parse', '--absolute-git-dir').strip())
    except GitError:
        gd = None
    here = os.path.realpath(repo)
    if gd not in (here, os.path.join(here, '.git')):
        print('baseline.py: %s: not a git repository (expected one '
              'public-inbox epoch)' % repo, file=sys.stderr)
        return 3
    try:
        tally = digest(repo, a.rev_from, a.rev_to,
                       person_b4 if a.policy == 'b4' else person)
    except GitError as e:
        print('baseline.py: %s' % e, file=sys.stderr)
        return 4
    domains, people = tally.rows(a.top)
    sys.stdout.reconfigure(encoding='utf-8', errors='replace')
    out = sys.stdout
    out.write('Top %d contributor Email domains (Based on Email Body)\n\n'
              % (a.top or len(domains)))
    for n, d in domains:
        out.write('%7d %s\n' % (n, d))
    out.write('\nTop %d contributors (Based on Email Body)\n\n'
              % (a.top or len(people)))
    for n, p in people:
        out.write('%7d  %s\n' % (n, p))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
