/* t-people.c - report/people.c: mailmap and organization map files.
 * Prints TAP (tap.h). */
#include "report/report.h"
#include "tap.h"

#include <stdlib.h>
#include <unistd.h>

static char *temp_file(const char *text)
{
	char *path = strdup("/tmp/ld-unit-XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_people(void)
{
	ld_err err;
	char *mm = temp_file("# comment\n"
			     "Jane Roe <jane@corp.example.com>\n"
			     "<bob@example.org> <Bob@Old.example.org>\n"
			     "Carol Zhang <carol@example.com> Carol Z <cz@example.net>\n"
			     "Carol Zhang <carol@example.com> <cz@example.net>\n");
	ld_mailmap *m = ld_mailmap_load(mm, &err);
	ok(m != NULL, "mailmap loads");
	const char *n, *a;
	ld_mailmap_map(m, "jane", "JANE@corp.example.com", &n, &a);
	ok(!strcmp(n, "Jane Roe") && !strcmp(a, "JANE@corp.example.com"), "mailmap: name for an address");
	ld_mailmap_map(m, "Bob", "bob@old.example.org", &n, &a);
	ok(!strcmp(n, "Bob") && !strcmp(a, "bob@example.org"), "mailmap: address for an address");
	ld_mailmap_map(m, "Carol Z", "cz@example.net", &n, &a);
	ok(!strcmp(n, "Carol Zhang") && !strcmp(a, "carol@example.com"), "mailmap: name and address");
	ld_mailmap_map(m, "Other", "x@example.net", &n, &a);
	ok(!strcmp(n, "Other") && !strcmp(a, "x@example.net"), "mailmap: unknown stays");
	ld_mailmap_free(m);
	unlink(mm);
	free(mm);
	mm = temp_file("Jane <jane@example.org\n");
	ok(ld_mailmap_load(mm, &err) == NULL && strstr(err.msg, ":1:"), "mailmap: bad line named");
	unlink(mm);
	free(mm);

	char *om = temp_file("intel.com Intel\n"
			     "example.com Example Corp < 2020-01-01\n"
			     "example.com Example Inc\n"
			     "boss@example.com Boss Consulting\n"
			     "# gone\n");
	ld_orgmap *o = ld_orgmap_load(om, &err);
	ok(o != NULL, "org map loads");
	const char *org = ld_orgmap_lookup(o, "a@linux.intel.com", 0);
	ok(org && !strcmp(org, "Intel"), "org: sub-domain");
	org = ld_orgmap_lookup(o, "a@example.com", 1500000000);
	ok(org && !strcmp(org, "Example Corp"), "org: dated entry before its end");
	org = ld_orgmap_lookup(o, "a@example.com", 1700000000);
	ok(org && !strcmp(org, "Example Inc"), "org: after the end date");
	org = ld_orgmap_lookup(o, "Boss@Example.com", 1700000000);
	ok(org && !strcmp(org, "Boss Consulting"), "org: address beats domain");
	ok(ld_orgmap_lookup(o, "a@gmail.com", 0) == NULL, "org: unknown");
	ok(ld_orgmap_lookup(o, "a@notintel.com", 0) == NULL, "org: no suffix match across labels");
	ld_orgmap_free(o);
	unlink(om);
	free(om);
	om = temp_file("example.com Example < 2020-13-01\n");
	ok(ld_orgmap_load(om, &err) == NULL && strstr(err.msg, ":1:"), "org map: bad date named");
	unlink(om);
	free(om);
}

int main(void)
{
	test_people();
	return done_testing();
}
