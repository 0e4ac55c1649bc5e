#!/usr/bin/env python3
"""inject.py - write the mbox of hostile mail for tests/markdown.t and
tests/inject.t: text that tries to become something else in what people
read (Markdown links, images and HTML, an early end of a code fence,
headings, quotes and lists, text shown reversed, a forged Subject).

usage: inject.py OUT.mbox [LIST-ID]

Every mail is invented here (example.org/.net people); each line that must
stay inside a code block is followed, in the same excerpt, by a line
ZZINSIDE-n that the checker looks for outside code blocks.
"""
import sys

out = sys.argv[1]
list_id = (sys.argv[2] if len(sys.argv) > 2 else "kvm.example.org").encode()

# Text that becomes live Markdown if it is not escaped: links, images, raw
# HTML, autolinks (CommonMark's and GFM's), entities, table pipes, emphasis,
# strikethrough; each mail puts it in its subject, name or body.
LIVE = (b"![track](https://evil.example/pixel.png) [click](https://evil.example/phish) "
        b"<img src=https://evil.example/i.png> <b>bold</b> <https://evil.example/auto> "
        b"https://evil.example/bare www.evil.example HTTP://evil.example/up "
        b"&amp; &#60; PIPE|INSIDE ~~strike~~ *em* _em_ [ref]: https://evil.example/ref")

# Lines that close a fence early when the fence is computed on other text
# than what is written (a control byte or an invisible character between
# backticks), or that start blocks.
FENCE_BREAKERS = [
    b"`\x01``",
    b"``\x1b[0m`",
    b"`\xe2\x80\x8b``",            # U+200B ZERO WIDTH SPACE
    b"`\xc2\x9b``",                # C1 CSI
    b"~~~",
    b"```` text",
]


def body(n, breakers, extra=b""):
    """An excerpt with the given fence breakers, each followed by live text
    and the marker ZZINSIDE-n-k (k counts from 0 in each excerpt)."""
    lines = [b"A commit message %d." % n]
    for k, br in enumerate(breakers):
        lines.append(br)
        lines.append(LIVE)
        lines.append(b"<div onclick=x>raw html block %d.%d</div>" % (n, k))
        lines.append(b"# heading %d.%d" % (n, k))
        lines.append(b"> quote")
        lines.append(b"ZZINSIDE-%d-%d" % (n, k))
    return b"\n".join(lines) + b"\n" + extra + b"\n---\n a.c | 1 +\n 1 file changed, 1 insertion(+)\n"


def mail(subject, frm, mid, body_bytes, irt=None, day=1, extra=b""):
    h = b"From: " + frm + b"\n"
    h += b"To: kvm@example.org\n"
    h += b"Subject: " + subject + b"\n"
    h += b"Date: Mon, %d Jan 2024 10:00:00 +0000\n" % day
    h += b"Message-ID: <" + mid + b">\n"
    h += b"List-Id: <" + list_id + b">\n"
    if irt:
        h += b"In-Reply-To: <" + irt + b">\nReferences: <" + irt + b">\n"
    h += extra
    return h + b"\n" + body_bytes


NAME = b'"- [Mallory](https://evil.example/m) <b>M</b> | \xe2\x80\xaeyrollaM" <mallory@example.org>'
RTL = b'"Zo\xc3\xab \xe2\x80\xae\xe2\x81\xa6evil\xe2\x80\x8b\xef\xbb\xbf" <zoe@example.net>'
COVER = b"cover.1@example.org"
mails = [
    mail(b"[PATCH 0/2] # cover " + LIVE, NAME, COVER, body(0, FENCE_BREAKERS[:1])),
    mail(b"[PATCH 1/2] > first " + LIVE, NAME, b"p1.[x](https://evil.example)@example.org",
         body(1, FENCE_BREAKERS[1:2]), irt=COVER),
    mail(b"[PATCH 2/2] - second " + LIVE, NAME, b"p2.<b>@example.org", body(2, FENCE_BREAKERS[2:3]), irt=COVER),
    # a single patch with Fixes and Cc: stable, by a name with bidi controls
    mail(b"[PATCH] 1. single \xe2\x80\xaetxet desrever " + LIVE, RTL, b"single@example.org",
         body(3, FENCE_BREAKERS[3:4], b"Fixes: 0123456789ab (\"" + LIVE + b"\")\nCc: stable@vger.kernel.org\n")),
    # a Message-ID that is a dot segment: no link may lead to ../
    mail(b"[PATCH] dots", RTL, b"..", body(4, FENCE_BREAKERS[4:5]), day=2),
    mail(b"[PATCH] dot", RTL, b".", body(5, FENCE_BREAKERS[5:6]), day=2),
] + [
    # each fence breaker alone in an excerpt (a longer run elsewhere in the
    # same excerpt would hide the bug)
    mail(b"[PATCH] fence %d" % k, NAME, b"fence.%d@example.org" % k, body(10 + k, [br]), day=2)
    for k, br in enumerate(FENCE_BREAKERS)
] + [
    # a review and an applied note from hostile names
    mail(b"Re: [PATCH 0/2] # cover", b'"# Heading Guy ' + LIVE[:60] + b'" <hg@example.org>',
         b"re.1@example.org", b"Looks fine.\n\nReviewed-by: # Heading Guy <hg@example.org>\n",
         irt=COVER, day=3),
    mail(b"Re: [PATCH 0/2] # cover", b'"| Maint |" <maint@example.org>', b"re.2@example.org",
         b"Applied to [kvm-next](https://evil.example/b), thanks!\n", irt=COVER, day=3),
]

with open(out, "wb") as f:
    for m in mails:
        f.write(b"From mboxrd@z Thu Jan  1 00:00:00 1970\n")
        for line in m.split(b"\n"):
            if line.lstrip(b">").startswith(b"From "):
                line = b">" + line
            f.write(line + b"\n")
