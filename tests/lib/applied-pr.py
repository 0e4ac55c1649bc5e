#!/usr/bin/env python3
"""Precision and recall of listdigest's applied notes against hand labels.

usage: applied-pr.py LABELS ARCHIVE=REPORT.json ...

LABELS (tests/applied-labels.txt): "archive message-id label" lines, label
"applied" or "no".  Each REPORT.json is `listdigest --format json` over the
whole archive; a labelled reply counts as found when its Message-ID is the
message_id of an entry of "applied".  Prints one line of figures, then the
disagreements; exits 0.
"""
import json
import sys

labels = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    archive, mid, label = line.split()
    labels[(archive, mid)] = label == "applied"
found = set()
for arg in sys.argv[2:]:
    archive, path = arg.split("=", 1)
    for a in json.load(open(path, encoding="utf-8"))["applied"]:
        found.add((archive, a["message_id"]))
tp = sum(1 for k, v in labels.items() if v and k in found)
fp = sum(1 for k, v in labels.items() if not v and k in found)
fn = sum(1 for k, v in labels.items() if v and k not in found)
prec = tp / (tp + fp) if tp + fp else 0.0
rec = tp / (tp + fn) if tp + fn else 0.0
print(f"labelled {len(labels)} applied {sum(labels.values())} tp {tp} fp {fp} fn {fn} "
      f"precision {prec:.3f} recall {rec:.3f}")
for k, v in sorted(labels.items()):
    if v != (k in found):
        print(("missed " if v else "wrong ") + " ".join(k))
