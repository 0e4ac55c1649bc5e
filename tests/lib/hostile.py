#!/usr/bin/env python3
"""hostile.py - write the hostile-input mails of tests/hostile.t.

usage: hostile.py OUTDIR

For each case NAME it writes OUTDIR/NAME-*.eml and OUTDIR/NAME.manifest (for
tests/lib/mkinbox.sh).  Every mail is invented here at test time; nothing
big is committed.  Each case is a patch posting (so its subject shows in the
report's patch list and, as a single patch, in the commit messages with its
Author line) unless the case is about something else.
"""
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

MB = 1 << 20


def mail(subject, body=b"A commit message.\n", frm=b"Hostile Tester <ht@example.org>",
         extra=b"", ctype=b"", mid=None):
    """Bytes of one message; header values are bytes, written as given."""
    h = b"From: " + frm + b"\n"
    h += b"Subject: " + subject + b"\n"
    h += b"Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
    h += b"Message-ID: <" + (mid or b"hostile@example.org") + b">\n"
    h += extra
    h += ctype
    return h + b"\n" + body


def case(name, *mails):
    files = []
    for i, m in enumerate(mails):
        fn = "%s-%d.eml" % (name, i)
        with open(os.path.join(out, fn), "wb") as f:
            f.write(m)
        files.append(fn)
    with open(os.path.join(out, name + ".manifest"), "w") as f:
        f.write("# %s (written by tests/lib/hostile.py)\n" % name)
        for fn in files:
            f.write("add %s\n" % fn)


# 1 MB subject: kept whole, one line.
case("subject-1mb", mail(b"[PATCH] " + b"A" * MB))

# 1 MB header lines: a 1 MB unknown header, a 1 MB Received folded over
# 16,384 lines, and a From whose display name is 100,000 bytes (mkinbox.sh
# hands the name to git in an environment variable: at most 128 KiB).
case("header-1mb",
     mail(b"[PATCH] long headers",
          frm=b"\"" + b"N" * 100000 + b"\" <long@example.org>",
          extra=b"X-Long: " + b"x" * MB + b"\n" +
          b"Received: " + b"\n\t".join([b"y" * 63] * 16384) + b"\n"))

# 100,000 header lines (and the fields the report needs after them).
case("headers-100k",
     b"".join(b"X-H%d: v\n" % i for i in range(100000)) +
     mail(b"[PATCH] after 100000 header lines"))

# References with 100,000 ids, folded, and an In-Reply-To.
refs = b"References: " + b"\n ".join(b"<r%d@example.org>" % i for i in range(100000)) + b"\n"
case("references-100k",
     mail(b"[PATCH] many references", extra=refs + b"In-Reply-To: <r99999@example.org>\n"))

# A 50 MB body: a commit message, the diffstat, then 50 MB of diff.
diff = b"diff --git a/big b/big\n--- a/big\n+++ b/big\n@@ -0,0 +1 @@\n"
line = b"+" + b"z" * 99 + b"\n"
body = (b"Big patch message.\n\nSigned-off-by: Hostile Tester <ht@example.org>\n---\n"
        b" big | 524288 +\n 1 file changed, 524288 insertions(+)\n\n" + diff + line * (50 * MB // 100))
case("body-50mb", mail(b"[PATCH] fifty megabytes", body=body))

# MIME nested 1,000 deep, the text at the bottom.
depth = 1000
nest = b""
for i in range(depth):
    nest += b"--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n" % (i, i + 1)
nest += b"--b%d\nContent-Type: text/plain\n\nDeep text.\n--b%d--\n" % (depth, depth)
for i in range(depth - 1, -1, -1):
    nest += b"--b%d--\n" % i
case("mime-deep-1000",
     mail(b"[PATCH] nested 1000 deep", body=nest,
          ctype=b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n"))

# Boundaries that never close: the parts run to the end of the message;
# and a boundary that never appears at all.
case("boundary-unclosed",
     mail(b"[PATCH] unclosed boundary",
          body=b"--open\nContent-Type: text/plain\n\nFirst part text.\n"
               b"--open\nContent-Type: multipart/mixed; boundary=inner\n\n--inner\n"
               b"Content-Type: text/plain\n\ninner text\n",
          ctype=b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=open\n"))
case("boundary-absent",
     mail(b"[PATCH] boundary never used",
          body=b"Preamble only.\n",
          ctype=b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=nowhere\n"))

# base64 and quoted-printable with garbage.
case("base64-garbage",
     mail(b"[PATCH] base64 garbage",
          body=b"QmFzZTY0IHRleHQu!!!*** not base64 ~~~\n====\nQUJD\x00\xff\n",
          ctype=b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n"))
case("qp-garbage",
     mail(b"[PATCH] qp garbage",
          body=b"QP text=3D=ZZ=4=\n=\n=C3=A9=C3=\nend=",
          ctype=b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n"))

# Invalid UTF-8 and overlong sequences in headers and body declared UTF-8.
case("utf8-invalid",
     mail(b"[PATCH] bad \xc0\xaf overlong \xe0\x80\xaf surrogate \xed\xa0\x80 big \xf8\x88\x80\x80\x80 cut \xe2\x82",
          frm=b"Bad \xc0\xae Name <bad@example.org>",
          body=b"Body \xc0\xaf overlong, \xff\xfe bytes, \xf4\x90\x80\x80 beyond.\n",
          ctype=b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n"))

# NUL bytes in headers and in the body.
case("nul-bytes",
     mail(b"[PATCH] nul\x00in subject",
          frm=b"Nul\x00Name <nul@example.org>",
          body=b"Body with\x00NUL\x00bytes.\n",
          extra=b"X-Nul: \x00\x00\x00\n"))

# Encoded words in unknown charsets, in the subject and the From name.
case("encword-unknown-charset",
     mail(b"[PATCH] =?x-klingon?Q?tlhIngan?= and =?utf-8?Q?caf=C3=A9?=",
          frm=b"=?x-unknown?B?SGFja2Vy?= <unk@example.org>"))

# Message-ID loops: each message replies to the other, one refers to itself.
case("msgid-loop",
     mail(b"[PATCH] loop a", mid=b"a@loop",
          extra=b"In-Reply-To: <b@loop>\nReferences: <b@loop> <a@loop>\n"),
     mail(b"Re: [PATCH] loop a", mid=b"b@loop",
          extra=b"In-Reply-To: <a@loop>\nReferences: <a@loop> <b@loop>\n"),
     mail(b"[PATCH] loop self", mid=b"self@loop",
          extra=b"In-Reply-To: <self@loop>\nReferences: <self@loop>\n"))

# Dates in year 0 and 99999, time zones like +9999 and -9999.
def dated(subject, date, mid):
    return (b"From: Date Tester <dt@example.org>\nSubject: " + subject + b"\nDate: " + date +
            b"\nMessage-ID: <" + mid + b">\n\nDated.\n")


case("dates",
     dated(b"[PATCH 1/4] year 0", b"Sat, 1 Jan 0000 00:00:00 +0000", b"d1@x"),
     dated(b"[PATCH 2/4] year 99999", b"Fri, 31 Dec 99999 23:59:59 +0000", b"d2@x"),
     dated(b"[PATCH 3/4] zone +9999", b"Mon, 1 Jan 2024 00:00:00 +9999", b"d3@x"),
     dated(b"[PATCH 4/4] zone -9999", b"Mon, 1 Jan 2024 00:00:00 -9999", b"d4@x"))

# Terminal escape sequences in subjects and names (raw and as encoded
# words), and in the body that becomes the excerpt.
ESC = b"\x1b"
case("terminal-escapes",
     mail(b"[PATCH] clear" + ESC + b"[2Jscreen " + ESC + b"]8;;http://evil.example/" + ESC +
          b"\\link" + ESC + b"]8;;" + ESC + b"\\ c1\xc2\x9b31mred\xc2\x85nel bell\x07end",
          frm=b"=?utf-8?q?Eve=1B]8;;http://evil.example/=07Mallory=1B]8;;=07?= <eve@example.org>",
          body=b"Before" + ESC + b"[2J" + ESC + b"[1;31m red" + ESC + b"[0m " + ESC +
               b"]8;;http://evil.example/" + ESC + b"\\link" + ESC + b"]8;;" + ESC +
               b"\\ \xc2\x9b2J c1 \xc2\x9d0;title\xc2\x9c osc \x07bell \x7fdel \x08bs\ttab\n",
          ctype=b"Content-Type: text/plain; charset=utf-8\n"),
     mail(b"[PATCH] =?utf-8?q?encoded=1B[2Jclear=C2=9Bc1?=",
          frm=b"\"Name" + ESC + b"[31m Red\" <red@example.org>", mid=b"esc2@example.org"))
case("terminal-escapes-name",
     mail(b"[PATCH] escape in an encoded name",
          frm=b"=?utf-8?q?Eve=1B=5B2J_=C2=9B31mMallory?= <eve2@example.org>"))

# 1 MB of unclosed encoded words ("=?a?b?x" with no "?="): GMime's RFC 2047
# decoder was quadratic on them (minutes) in the Subject, in an address
# (here the in-body From) and in a Content-Type parameter.
FLOOD = b"=?a?b?x" * 150000
case("encword-flood-subject", mail(b"[PATCH] " + FLOOD))
case("encword-flood-from",
     mail(b"[PATCH] in-body From flood",
          body=b"From: " + FLOOD + b" <flood@example.org>\n\nFlooded author.\n"))
case("encword-flood-ctype",
     mail(b"[PATCH] Content-Type flood",
          ctype=b"Content-Type: text/plain; charset=utf-8; name=\"" + FLOOD + b"\"\n"))

# Threads of 10,000 replies (issue 3: no quadratic blow-up), as mbox files:
# one archive commit per mail would take a minute to build, and threads are
# the report builder's, the same for every input.  50 people take turns,
# each reply carries a Reviewed-by of its writer.  flat: every reply
# answers the patch; deep: each answers the one before (References: the
# root and the parent, as mail clients cut them); chain: the same with
# In-Reply-To alone.
def thread_mbox(name, shape):
    def one(i, subject, mid, extra=b""):
        p = b"P%d <p%d@example.org>" % (i % 50, i % 50)
        return (b"From x@example.org Mon Jan  1 00:00:00 2024\n" +
                mail(subject, mid=mid, frm=p, extra=extra,
                     body=b"Looks fine.\n\nReviewed-by: " + p + b"\n") + b"\n")
    out_ = [one(0, b"[PATCH] root patch", b"root@t")]
    prev = b"root@t"
    for i in range(1, 10001):
        mid = b"r%d@t" % i
        if shape == "flat":
            extra = b"In-Reply-To: <root@t>\nReferences: <root@t>\n"
        elif shape == "deep":
            refs = b"<root@t>" + (b" <" + prev + b">" if prev != b"root@t" else b"")
            extra = b"In-Reply-To: <" + prev + b">\nReferences: " + refs + b"\n"
        else:
            extra = b"In-Reply-To: <" + prev + b">\n"
        out_.append(one(i, b"Re: [PATCH] root patch", mid, extra))
        prev = mid
    with open(os.path.join(out, name + ".mbox"), "wb") as f:
        f.write(b"".join(out_))


for shape in ("flat", "deep", "chain"):
    thread_mbox("thread-10k-" + shape, shape)


# Header fields GMime parses in quadratic time (issue 11): plain
# Content-Type parameters (40,000: 4 s, 200,000: over a minute), at the
# top and in a part; encoded words in the header fields of nested parts
# (a text part two multiparts deep: Content-Type name, Content-Description,
# Content-Disposition filename; a message/rfc822 part: Subject, From).
# Each field is cut (and counted); the text is still found and decoded.
def params(n):
    return b"".join(b"; p%d=v" % i for i in range(n))


MP = b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n"
case("ctype-params-40k",
     mail(b"[PATCH] 40000 parameters",
          ctype=b"Content-Type: text/plain; charset=utf-8" + params(40000) + b"\n"))
case("ctype-params-200k",
     mail(b"[PATCH] 200000 parameters",
          ctype=b"Content-Type: text/plain; charset=utf-8" + params(200000) + b"\n"))
case("part-params-200k",
     mail(b"[PATCH] 200000 parameters in a part", ctype=MP,
          body=b"--b0\nContent-Type: text/plain; charset=iso-8859-1" + params(200000) +
               b"\n\nA nested commit message, caf\xe9.\n--b0--\n"))
case("part-encword-flood",
     mail(b"[PATCH] encoded words in part headers", ctype=MP,
          body=b"--b0\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n"
               b"--b1\nContent-Type: text/plain; charset=iso-8859-1; name=\"" + FLOOD + b"\"\n"
               b"Content-Description: " + FLOOD + b"\n"
               b"Content-Disposition: inline; filename=\"" + FLOOD + b"\"\n\n"
               b"A nested commit message, caf\xe9.\n--b1--\n"
               b"--b0\nContent-Type: message/rfc822\n\n"
               b"Subject: " + FLOOD + b"\nFrom: " + FLOOD + b" <f@example.org>\n\nInner.\n--b0--\n"))

# 300,000 MIME parts after the text (GMime keeps every part: 63 times
# their size in memory): the parts after the 10,000th are not read.
case("mime-parts-300k",
     mail(b"[PATCH] 300000 parts", ctype=MP,
          body=b"--b0\nContent-Type: text/plain\n\nA commit message.\n" +
               b"--b0\nContent-Type: text/plain\n\nx\n" * 300000 + b"--b0--\n"))

# Series of absurd sizes (issue 11), as mbox files: the series builder
# must stay linear in time and memory whatever the counters say.
#   series-same-1000: "[PATCH 1/100000]" sent 1,000 times (each its own
#     thread): 1,000 series of one patch of 100,000, 99,999 absent each;
#   series-roots-30000: "[PATCH i/30000]", i = 1..30,000, each its own
#     thread: 30,000 series of one patch of 30,000;
#   series-cover-200000: a cover letter and 200,000 patches replying to it;
#   series-roots-5000, series-cover-20000: the same, smaller, for the
#     sanitizer builds (ten times slower).
def series_mbox(name, mails):
    with open(os.path.join(out, name + ".mbox"), "wb") as f:
        for m in mails:
            f.write(b"From x@example.org Mon Jan  1 00:00:00 2024\n" + m + b"\n")


series_mbox("series-same-1000",
            (mail(b"[PATCH 1/100000] the same patch again", mid=b"s%d@t" % i, body=b"x\n")
             for i in range(1000)))
for n in (30000, 5000):
    series_mbox("series-roots-%d" % n,
                (mail(b"[PATCH %d/%d] patch %d" % (i, n, i), mid=b"r%d@t" % i, body=b"x\n")
                 for i in range(1, n + 1)))
for n in (200000, 20000):
    series_mbox("series-cover-%d" % n,
                [mail(b"[PATCH 0/%d] big series" % n, mid=b"c0@t", body=b"x\n")] +
                [mail(b"[PATCH %d/%d] part %d" % (i, n, i), mid=b"c%d@t" % i, body=b"x\n",
                      extra=b"In-Reply-To: <c0@t>\nReferences: <c0@t>\n")
                 for i in range(1, n + 1)])
