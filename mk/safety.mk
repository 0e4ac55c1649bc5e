# mk/safety.mk - sanitizer build, leak check and fuzzing.
# Included by the Makefile; uses its SRCS (src/LAYER/*.c: objects mirror
# the layer folders under build/asan/ and build/fuzz/), HDRS, WARN,
# DEPFLAGS, PKG_CFLAGS and LIBS.
#
#   make asan        ./listdigest-asan: AddressSanitizer + UBSan, objects in build/asan/LAYER/
#   make leakcheck   valgrind over the golden tests (tests/valgrind.supp)
#   make fuzz        libFuzzer targets (clang), each for FUZZ_SECONDS
#   make fuzz-merge  adds the inputs of the last `make fuzz` that reach new
#                    coverage to the committed corpus, minimized
#
# Fuzz targets: tests/fuzz/NAME.c defines LLVMFuzzerTestOneInput (and
# LLVMFuzzerInitialize).  To add one, write that file and add NAME to
# FUZZ_TARGETS below; its corpus is tests/fuzz/corpus/NAME/, crash
# regressions go to tests/fuzz/regress/NAME/ (replayed by tests/fuzz.t),
# optional extras are tests/fuzz/NAME.dict and FUZZ_SEEDS_NAME.
FUZZ_TARGETS = msg subject text mbox maintainers merge

FUZZ_SECONDS ?= 60
FUZZ_SEEDS_msg = tests/data
FUZZ_SEEDS_text = tests/data
FUZZ_MAXLEN_msg = 32768
FUZZ_MAXLEN_text = 16384
FUZZ_MAXLEN_subject = 2048
FUZZ_MAXLEN_mbox = 65536
FUZZ_MAXLEN_maintainers = 16384
# a report's merge key is its last key: 4096 bytes would cut every seed before it
FUZZ_MAXLEN_merge = 65536

ASAN_CC ?= clang
FUZZ_CC ?= clang
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_CFLAGS = -std=c11 -D_GNU_SOURCE -Isrc $(WARN) -O1 -g $(SAN_FLAGS) $(PKG_CFLAGS) -pthread
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -Isrc $(WARN) -O1 -g -fno-omit-frame-pointer \
	      -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	      $(PKG_CFLAGS) -pthread

ASAN_OBJS = $(SRCS:src/%.c=build/asan/%.o)
ASAN_CORE_OBJS = $(filter-out build/asan/cli/%,$(ASAN_OBJS))
FUZZ_OBJS = $(filter-out build/fuzz/cli/%,$(SRCS:src/%.c=build/fuzz/%.o))
FUZZ_HDRS = tests/fuzz/fuzz.h $(HDRS)

.PHONY: asan leakcheck fuzz fuzz-merge fuzz-replay print-fuzz-targets
.PRECIOUS: build/fuzz/fuzz-% build/asan/replay-%

asan: listdigest-asan

build/asan/.dir build/fuzz/.dir:
	mkdir -p $(@D)
	touch $@

build/asan/%.o: src/%.c | deps-ok
	@mkdir -p $(@D)
	$(ASAN_CC) $(ASAN_CFLAGS) $(DEPFLAGS) -c -o $@ $<

listdigest-asan: $(ASAN_OBJS) | deps-ok
	$(ASAN_CC) $(ASAN_CFLAGS) -o $@ $(ASAN_OBJS) $(LIBS)

# Replay drivers: each fuzz target linked with tests/fuzz/replay.c instead
# of libFuzzer, with the sanitizers; `make check` runs the corpus and the
# regressions through them (tests/fuzz.t).
build/asan/replay-%: tests/fuzz/%.c tests/fuzz/replay.c $(FUZZ_HDRS) $(ASAN_CORE_OBJS)
	$(ASAN_CC) $(ASAN_CFLAGS) -o $@ tests/fuzz/$*.c tests/fuzz/replay.c $(ASAN_CORE_OBJS) $(LIBS)

fuzz-replay: $(FUZZ_TARGETS:%=build/asan/replay-%)

print-fuzz-targets:
	@echo $(FUZZ_TARGETS)

build/fuzz/%.o: src/%.c | deps-ok
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPFLAGS) -c -o $@ $<

build/fuzz/fuzz-%: tests/fuzz/%.c $(FUZZ_HDRS) $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ tests/fuzz/$*.c $(FUZZ_OBJS) $(LIBS)

# New inputs go to build/fuzz/corpus-NAME (scratch); the committed corpus
# and the seeds are only read.  Crashes are saved as
# build/fuzz/crash-NAME-*.  Per input: 10 s (a hang or a quadratic
# blow-up is a bug), 2 GiB.  `make -j2 fuzz` runs two targets at once.
fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)

fuzz-run-%: build/fuzz/fuzz-%
	mkdir -p build/fuzz/corpus-$* tests/fuzz/corpus/$*
	$< -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -max_len=$(or $(FUZZ_MAXLEN_$*),4096) -print_final_stats=1 \
	  -artifact_prefix=build/fuzz/crash-$*- \
	  $(if $(wildcard tests/fuzz/$*.dict),-dict=tests/fuzz/$*.dict) \
	  build/fuzz/corpus-$* tests/fuzz/corpus/$* $(FUZZ_SEEDS_$*)

fuzz-merge: $(FUZZ_TARGETS:%=fuzz-merge-%)

# Merged by coverage edges only (-use_counters=0): one small input per new
# edge, not one per hit-count bucket, so the committed corpus stays small
# (text: 55 files, 1.2 KB for 89 new edges, against 613 files with counters).
fuzz-merge-%: build/fuzz/fuzz-%
	mkdir -p build/fuzz/corpus-$* tests/fuzz/corpus/$*
	$< -merge=1 -use_counters=0 -max_len=$(or $(FUZZ_MAXLEN_$*),4096) \
	  tests/fuzz/corpus/$* build/fuzz/corpus-$*

# valgrind over the golden tests: every listdigest run of tests/golden.t
# under memcheck; a definite or indirect leak or any memory error fails.
# The valgrind options are in tests/lib/valgrind-ld, used by tests/leak.t.
leakcheck: listdigest
	prove tests/leak.t

-include $(ASAN_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d)
