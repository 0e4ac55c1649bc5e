#!/bin/sh
# Escapers (HTML, JSON, Markdown, URL, text) and mail composition
# (tests/render_unit.c), built by make.
cd "$(dirname "$0")/.." && exec ./build/render-unit escapes
