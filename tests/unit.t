#!/bin/sh
# Unit tests of the pure parts (tests/unit.c), built by make.
cd "$(dirname "$0")/.." && exec ./build/unit-tests
