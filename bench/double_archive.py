#!/usr/bin/env python3
"""Builds an archive twice as large as a public-inbox epoch, for bench/run.sh.

    python3 bench/double_archive.py SRC.git DST.git

DST.git (created, bare) gets one linear history: every commit of SRC's
HEAD, oldest first, and then every commit again on top of the first copy's
tip: 2x the commits, each with its tree `m`.  The second copy's messages
get one extra header line `X-Bench-Copy: 2` (after an mbox "From " line if
the blob starts with one), so that they are distinct blobs as in a real
archive of twice the size rather than the same objects read twice; their
subjects, authors and bodies are unchanged, so the report's counts double.

It pipes `git fast-export` of SRC twice into one `git fast-import` (with
--date-format=raw-permissive: real archives hold time zones such as +1700
that the strict format refuses), then repacks DST.
"""

import re
import subprocess
import sys

MARK = re.compile(rb':([0-9]+)')


def copy(src, out, offset, patch_blobs):
    """Streams `git fast-export` of src into out, marks shifted by offset.
    With patch_blobs (the second copy) every blob gets the extra header
    and `reset` commands are dropped, so that its root commit continues
    the branch: fast-import gives a commit without `from` the branch's
    current tip as parent.  Returns the highest mark written."""
    p = subprocess.Popen(['git', '-C', src, 'fast-export',
                          '--reencode=no', '--signed-tags=strip', 'HEAD'],
                         stdout=subprocess.PIPE)
    inp = p.stdout
    high = 0
    kind = None                          # b'blob' or b'commit'
    for line in iter(inp.readline, b''):
        if line.startswith(b'data '):
            data = inp.read(int(line[5:]))
            if kind == b'blob' and patch_blobs:
                nl = data.find(b'\n') + 1 if data.startswith(b'From ') else 0
                data = data[:nl] + b'X-Bench-Copy: 2\n' + data[nl:]
            out.write(b'data %d\n' % len(data))
            out.write(data)
            continue
        if line.startswith(b'reset ') and patch_blobs:
            continue
        if line.startswith((b'blob', b'commit ')):
            kind = line.split()[0]
        elif line.startswith((b'mark ', b'from ', b'merge ', b'M ')):
            line = MARK.sub(lambda m: b':%d' % (int(m.group(1)) + offset),
                            line)
            for m in MARK.finditer(line):
                high = max(high, int(m.group(1)))
        out.write(line)
    if p.wait() != 0:
        sys.exit('double_archive.py: git fast-export failed in %s' % src)
    return high


def main(argv):
    if len(argv) != 2:
        sys.exit('usage: double_archive.py SRC.git DST.git')
    src, dst = argv
    subprocess.run(['git', 'init', '--quiet', '--bare', dst], check=True)
    fi = subprocess.Popen(['git', '-C', dst, 'fast-import', '--quiet',
                           '--date-format=raw-permissive'],
                          stdin=subprocess.PIPE)
    high = copy(src, fi.stdin, 0, False)
    copy(src, fi.stdin, high, True)
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit('double_archive.py: git fast-import failed in %s' % dst)
    head = subprocess.run(['git', '-C', src, 'symbolic-ref', 'HEAD'],
                          stdout=subprocess.PIPE).stdout.strip()
    if head:
        subprocess.run(['git', '-C', dst, 'symbolic-ref', 'HEAD',
                        head.decode()], check=True)
    subprocess.run(['git', '-C', dst, 'repack', '-a', '-d', '-q'],
                   check=True)


if __name__ == '__main__':
    main(sys.argv[1:])
