#!/usr/bin/env python3
"""ixfile.py - reads and rewrites archive index files (src/store/index.c,
format 5) for tests/index.t and tests/faults.t, checksum included, so that
a test reaches the checks behind the checksum.

    ixfile.py sizes FILE            each message record: BLOB SIZE (or BLOB -)
    ixfile.py v4 FILE OUT           the same index in format 4 (no sizes):
                                    what listdigest before format 5 wrote
    ixfile.py resize FILE OUT N     the first message with a known size
                                    recorded as N bytes

The layout (host byte order, as index.c writes it): header 48 bytes,
epochs 48 bytes each, records (format 5: 128 bytes; 4: 120), tables,
strings, trailer (u64 checksum, "LDIXEND\\n")."""
import struct
import sys

M = (1 << 64) - 1
HDR = struct.Struct('=8sIIIIQQII')
REC5, REC4 = 128, 120
# format 5 record: ... title ends at 112, u32 size, then reply, patch,
# rfc, resend, kind, date_ok, deleted, sized, 4 bytes of padding
SIZE_AT, KIND_AT, SIZED_AT = 112, 120, 123


def checksum(b):
    """ld_ix_checksum."""
    n = len(b)
    h = 0x9e3779b97f4a7c15 ^ n
    i = 0
    while i + 8 <= n:
        (w,) = struct.unpack_from('=Q', b, i)
        h = ((h ^ w) * 0xff51afd7ed558ccd) & M
        h ^= h >> 32
        i += 8
    for c in b[i:]:
        h = ((h ^ c) * 0x100000001b3) & M
    return h


def load(path):
    b = bytearray(open(path, 'rb').read())
    magic, version, endian, rec_size, n_ep, n, _, _, _ = HDR.unpack_from(b, 0)
    if magic != b'LDINDEX\n' or version != 5 or rec_size != REC5 or endian != 0x01020304:
        sys.exit('ixfile.py: %s: not a format 5 index' % path)
    return b, HDR.size + 48 * n_ep, n


def seal(body, out):
    """body (without trailer) with its trailer, written to out."""
    open(out, 'wb').write(bytes(body) + struct.pack('=Q', checksum(body)) + b'LDIXEND\n')


def records(b, at, n):
    for k in range(n):
        yield at + k * REC5


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    b, at, n = load(path)
    if cmd == 'sizes':
        for r in records(b, at, n):
            if b[r + KIND_AT] == 1:
                size = struct.unpack_from('=I', b, r + SIZE_AT)[0]
                print(b[r + 20:r + 40].hex(), size if b[r + SIZED_AT] else '-')
    elif cmd == 'v4':
        body = bytearray(b[:at])
        struct.pack_into('=II', body, 8, 4, 0x01020304)
        struct.pack_into('=I', body, 16, REC4)
        for r in records(b, at, n):
            body += b[r:r + SIZE_AT] + b[r + SIZE_AT + 4:r + SIZED_AT] + b'\0'
        body += b[at + n * REC5:len(b) - 16]
        seal(body, sys.argv[3])
    elif cmd == 'resize':
        for r in records(b, at, n):
            if b[r + KIND_AT] == 1 and b[r + SIZED_AT]:
                struct.pack_into('=I', b, r + SIZE_AT, int(sys.argv[4]))
                break
        else:
            sys.exit('ixfile.py: no message with a known size')
        seal(b[:len(b) - 16], sys.argv[3])
    else:
        sys.exit(__doc__)


main()
