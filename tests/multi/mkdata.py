#!/usr/bin/env python3
# mkdata.py - writes tests/multi/data/*.eml: two invented lists, alpha
# (alpha.example.org) and beta (beta.example.org), with cross-posted
# messages (one file per list's copy: the copies differ in List-Id only),
# a series whose patches are split across the lists, and replies on one
# list to patches on the other.  Run from anywhere; the files are
# committed, this script says how they were made.
import os

D = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
os.makedirs(D, exist_ok=True)

ANN = "Ann Ito <ann@example.com>"
BOB = "Bob Kerr <bob@example.net>"
CARL = "Carl Diaz <carl@example.org>"
DANA = "Dana Wu <dana@example.com>"
EVE = "Eve Park <eve@example.net>"


def diff(path, line):
    return f"""---
 {path} | 1 +
 1 file changed, 1 insertion(+)

diff --git a/{path} b/{path}
index 1111111..2222222 100644
--- a/{path}
+++ b/{path}
@@ -1,3 +1,4 @@
 int a;
+{line}
 int b;
 int c;
"""


def mail(name, lists, frm, subject, date, mid, body, irt=None, refs=(), to="alpha@example.org"):
    for lst in lists:
        h = [f"From: {frm}", f"To: {to}"]
        if len(lists) > 1 or lst == "beta":
            h.append("Cc: beta@example.org" if lst == "alpha" or len(lists) > 1 else "Cc: alpha-watchers@example.org")
        h += [f"Subject: {subject}", f"Date: {date}", f"Message-ID: <{mid}>"]
        if irt:
            h.append(f"In-Reply-To: <{irt}>")
        if refs:
            h.append("References: " + "\n ".join(f"<{r}>" for r in refs))
        h += [f"List-Id: <{lst}.example.org>", "MIME-Version: 1.0",
              "Content-Type: text/plain; charset=us-ascii"]
        with open(os.path.join(D, f"{lst}-{name}.eml"), "w") as f:
            f.write("\n".join(h) + "\n\n" + body)


COVER = "20240311090000.100-0-ann@example.com"
P1 = "20240311090000.100-1-ann@example.com"
P2 = "20240311090000.100-2-ann@example.com"
P3 = "20240311090000.100-3-ann@example.com"
# the series: cover letter cross-posted, patch 1 on alpha, 2 and 3 on beta
mail("01-cover", ["alpha", "beta"], ANN, "[PATCH 0/3] mmu: split the walker",
     "Mon, 11 Mar 2024 09:00:00 +0000", COVER,
     "The walker grows too large; split it in three steps.\n\nAnn Ito (3):\n  mmu: move the walker\n  mmu: split the walker\n  mmu: drop the old walker\n")
mail("02-patch1", ["alpha"], ANN, "[PATCH 1/3] mmu: move the walker",
     "Mon, 11 Mar 2024 09:00:01 +0000", P1,
     "Move the walker to its own file.\n\nSigned-off-by: Ann Ito <ann@example.com>\n" + diff("mm/walk.c", "int moved;"),
     irt=COVER, refs=[COVER])
mail("03-patch2", ["beta"], ANN, "[PATCH 2/3] mmu: split the walker",
     "Mon, 11 Mar 2024 09:00:02 +0000", P2,
     "Split the walker into a lookup and a fill step.\n\nSigned-off-by: Ann Ito <ann@example.com>\n" + diff("arch/beta/mm/walk.c", "int split;"),
     irt=COVER, refs=[COVER], to="beta@example.org")
mail("04-patch3", ["beta"], ANN, "[PATCH 3/3] mmu: drop the old walker",
     "Mon, 11 Mar 2024 09:00:03 +0000", P3,
     "Nothing calls the old walker any more.\n\nSigned-off-by: Ann Ito <ann@example.com>\n" + diff("arch/beta/mm/old.c", "int dropped;"),
     irt=COVER, refs=[COVER], to="beta@example.org")
# a review on alpha of patch 2, which only beta has
mail("05-review-p2", ["alpha"], BOB, "Re: [PATCH 2/3] mmu: split the walker",
     "Tue, 12 Mar 2024 10:00:00 +0000", "review-p2@bob.example.net",
     "On Mon, Ann Ito wrote:\n> Split the walker into a lookup and a fill step.\n\nLooks right.\n\nReviewed-by: Bob Kerr <bob@example.net>\n",
     irt=P2, refs=[COVER, P2])
# a single patch on alpha only
S1 = "20240312080000.200-1-carl@example.org"
mail("06-single", ["alpha"], CARL, "[PATCH] alpha: fix the timer",
     "Tue, 12 Mar 2024 08:00:00 +0000", S1,
     "The timer fires twice.\n\nSigned-off-by: Carl Diaz <carl@example.org>\n" + diff("drivers/alpha/timer.c", "int once;"))
# a single patch cross-posted; beta stores it before alpha does, alpha's
# copy still wins (alpha is given first)
S2 = "20240312120000.300-1-dana@example.com"
mail("07-cross-single", ["alpha", "beta"], DANA, "[PATCH v2] beta: fix the queue",
     "Tue, 12 Mar 2024 12:00:00 +0000", S2,
     "The queue loses an entry.\n\nSigned-off-by: Dana Wu <dana@example.com>\n" + diff("drivers/beta/queue.c", "int kept;"),
     to="beta@example.org")
# its ack, on beta only
mail("08-ack", ["beta"], EVE, "Re: [PATCH v2] beta: fix the queue",
     "Wed, 13 Mar 2024 09:00:00 +0000", "ack-s2@eve.example.net",
     "> The queue loses an entry.\n\nAcked-by: Eve Park <eve@example.net>\n",
     irt=S2, refs=[S2], to="beta@example.org")
# a discussion on beta, its reply cross-posted
Q = "question@carl.example.org"
mail("09-question", ["beta"], CARL, "how does the beta queue drain?",
     "Wed, 13 Mar 2024 11:00:00 +0000", Q,
     "Is there a way to drain the queue without a reset?\n", to="beta@example.org")
mail("10-answer", ["alpha", "beta"], DANA, "Re: how does the beta queue drain?",
     "Wed, 13 Mar 2024 12:00:00 +0000", "answer@dana.example.com",
     "> Is there a way to drain the queue without a reset?\n\nNot yet; v3 adds one.\n",
     irt=Q, refs=[Q], to="beta@example.org")

# ---- waiting for review across the lists (the wa and wb inboxes of
# tests/multi.t; issue 14): a series posted on alpha only whose only
# review came on beta is not waiting when both lists are reported, and is
# when alpha is reported alone.  The day reported is 2024-03-14; its
# waiting window (28 days, at least 7 old) is 02-16 .. 03-08.
WC = "20240301090000.400-0-dana@example.com"
WP1 = "20240301090000.400-1-dana@example.com"
WP2 = "20240301090000.400-2-dana@example.com"
mail("w1-cover", ["alpha"], DANA, "[PATCH 0/2] alpha: rework the clock",
     "Fri, 01 Mar 2024 09:00:00 +0000", WC,
     "The clock drifts under load; rework how it is read.\n\nDana Wu (2):\n  alpha: read the clock once\n  alpha: export the clock rate\n\n"
     " drivers/alpha/clock.c  | 1 +\n include/alpha/clock.h | 1 +\n 2 files changed, 2 insertions(+)\n")
mail("w1-patch1", ["alpha"], DANA, "[PATCH 1/2] alpha: read the clock once",
     "Fri, 01 Mar 2024 09:00:01 +0000", WP1,
     "Read the clock once per tick.\n\nSigned-off-by: Dana Wu <dana@example.com>\n" + diff("drivers/alpha/clock.c", "int once;"),
     irt=WC, refs=[WC])
mail("w1-patch2", ["alpha"], DANA, "[PATCH 2/2] alpha: export the clock rate",
     "Fri, 01 Mar 2024 09:00:02 +0000", WP2,
     "Export the rate for the drivers.\n\nSigned-off-by: Dana Wu <dana@example.com>\n" + diff("include/alpha/clock.h", "int rate;"),
     irt=WC, refs=[WC])
# the only review, on beta (Eve reads beta)
mail("w2-review", ["beta"], EVE, "Re: [PATCH 1/2] alpha: read the clock once",
     "Mon, 04 Mar 2024 10:00:00 +0000", "review-w1@eve.example.net",
     "> Read the clock once per tick.\n\nReviewed-by: Eve Park <eve@example.net>\n",
     irt=WP1, refs=[WC, WP1], to="beta@example.org")
# a single patch on alpha that nobody answered: waiting either way
WS = "20240302080000.500-1-carl@example.org"
mail("w3-single", ["alpha"], CARL, "[PATCH] alpha: quiet the probe",
     "Sat, 02 Mar 2024 08:00:00 +0000", WS,
     "The probe logs every retry.\n\nSigned-off-by: Carl Diaz <carl@example.org>\n" + diff("drivers/alpha/probe.c", "int quiet;"))
# the day reported: one patch on alpha, one message on beta
mail("w4-today", ["alpha"], ANN, "[PATCH] alpha: fix the build",
     "Thu, 14 Mar 2024 10:00:00 +0000", "20240314100000.600-1-ann@example.com",
     "The build breaks without the clock.\n\nSigned-off-by: Ann Ito <ann@example.com>\n" + diff("drivers/alpha/Makefile", "obj-y += clock.o"))
mail("w5-today", ["beta"], BOB, "beta: who owns the queue tests?",
     "Thu, 14 Mar 2024 11:00:00 +0000", "owner@bob.example.net",
     "Nobody answered about the queue tests.\n", to="beta@example.org")
# a single patch on beta only that nobody answered: waiting in `wa wb`,
# its files read from beta's archive
mail("w6-single", ["beta"], BOB, "[PATCH] beta: drain the queue on reset",
     "Sun, 03 Mar 2024 08:00:00 +0000", "20240303080000.700-1-bob@example.net",
     "Drain the queue before the reset.\n\nSigned-off-by: Bob Kerr <bob@example.net>\n" + diff("drivers/beta/queue.c", "int drained;"),
     to="beta@example.org")
