#!/usr/bin/env python3
"""pngfacts.py - facts about a screenshot, from its pixels, in plain Python
(zlib only; no image library on the test machine): tests/html.t asks them.

  pngfacts.py facts FILE.png         one line: width height dark_share
                                     left right colour_share
    dark_share: the share of pixels whose luminance is under 0.5, in
    per cent; left, right: the first and last column, counted from 0,
    holding a pixel that differs from the page's background (the
    top-left pixel) by more than 24 in any channel: how wide the content
    is drawn; colour_share: the share of pixels whose channels differ
    by more than 60 (a coloured pixel, not grey), in per cent
  pngfacts.py crop FILE.png Y0 Y1 OUT.png
                                     rows Y0..Y1-1 as a PNG (to look at a
                                     part of a long page)

Reads 8-bit greyscale, RGB and RGBA PNGs, not interlaced (what Chromium
and pdftoppm write); anything else is an error, said in one line."""
import struct
import sys
import zlib


def read(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("%s: not a PNG" % path)
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + n
    w, h, depth, color, _, _, interlace = hdr
    chans = {0: 1, 2: 3, 6: 4}.get(color)
    if depth != 8 or chans is None or interlace:
        sys.exit("%s: PNG kind not read here (depth %d, colour type %d, interlace %d)"
                 % (path, depth, color, interlace))
    raw = zlib.decompress(b"".join(idat))
    stride = w * chans
    rows, prev, p = [], bytearray(stride), 0
    for _ in range(h):
        f, line = raw[p], bytearray(raw[p + 1:p + 1 + stride])
        p += 1 + stride
        for i in range(stride):
            a = line[i - chans] if i >= chans else 0
            b = prev[i]
            c = prev[i - chans] if i >= chans else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        rows.append(line)
        prev = line
    return w, h, chans, rows


def rgb(row, x, chans):
    if chans == 1:
        return row[x], row[x], row[x]
    return row[x * chans], row[x * chans + 1], row[x * chans + 2]


def facts(path):
    w, h, chans, rows = read(path)
    bg = rgb(rows[0], 0, chans)
    dark, colour, left, right = 0, 0, w, -1
    for row in rows:
        for x in range(w):
            r, g, b = rgb(row, x, chans)
            if 0.2126 * r + 0.7152 * g + 0.0722 * b < 128:
                dark += 1
            if max(r, g, b) - min(r, g, b) > 60:
                colour += 1
            if x < left or x > right:
                if max(abs(r - bg[0]), abs(g - bg[1]), abs(b - bg[2])) > 24:
                    left, right = min(left, x), max(right, x)
    print(w, h, round(100.0 * dark / (w * h), 1), left, right, round(100.0 * colour / (w * h), 2))


def crop(path, y0, y1, out):
    w, h, chans, rows = read(path)
    kind = {1: 0, 3: 2, 4: 6}[chans]
    raw = b"".join(b"\0" + bytes(r) for r in rows[y0:min(y1, h)])
    def chunk(k, b):
        return struct.pack(">I", len(b)) + k + b + struct.pack(">I", zlib.crc32(k + b) & 0xffffffff)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, min(y1, h) - y0, 8, kind, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    open(out, "wb").write(png)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "facts":
        facts(sys.argv[2])
    elif len(sys.argv) == 6 and sys.argv[1] == "crop":
        crop(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    else:
        sys.exit(__doc__)
