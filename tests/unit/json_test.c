// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of vhypctl's JSON writer (tools/vhypctl/json.c), printing TAP:
 * string escaping, above all, because the driver's strings reach it
 * unchecked and one bad byte would make every script's parser fail.
 */
#include <stdlib.h>
#include <string.h>

#include "vhypctl.h"

static int n_test, n_failed;

static void check(const char *name, const char *got, const char *want)
{
	n_test++;
	if (!strcmp(got, want)) {
		printf("ok %d - %s\n", n_test, name);
		return;
	}
	n_failed++;
	printf("not ok %d - %s\n#   got:  %s\n#   want: %s\n", n_test, name,
	       got, want);
}

/* json_write_string() of IN (LEN bytes, -1: to the NUL) against WANT. */
static void str(const char *name, const char *in, size_t len, const char *want)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	json_write_string(f, in, len);
	fclose(f);
	check(name, buf, want);
	free(buf);
}

static void structure(void)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	struct json j;

	json_init(&j, f);
	json_object_begin(&j, NULL);
	json_bool(&j, "enabled", true);
	json_u64(&j, "big", 18446744073709551615ull);
	json_array_begin(&j, "empty");
	json_array_end(&j);
	json_array_begin(&j, "cpus");
	json_object_begin(&j, NULL);
	json_u64(&j, "cpu", 0);
	json_object_begin(&j, "exits");
	json_object_end(&j);
	json_object_end(&j);
	json_u64(&j, NULL, 7);
	json_array_end(&j);
	json_null(&j, "driver");
	json_double(&j, "ns", 160.04);
	json_string(&j, "k\"ey", "v");
	json_object_end(&j);
	json_finish(&j);
	fclose(f);
	check("nested objects, arrays, commas and indentation", buf,
	      "{\n"
	      "  \"enabled\": true,\n"
	      "  \"big\": 18446744073709551615,\n"
	      "  \"empty\": [],\n"
	      "  \"cpus\": [\n"
	      "    {\n"
	      "      \"cpu\": 0,\n"
	      "      \"exits\": {}\n"
	      "    },\n"
	      "    7\n"
	      "  ],\n"
	      "  \"driver\": null,\n"
	      "  \"ns\": 160.0,\n"
	      "  \"k\\\"ey\": \"v\"\n"
	      "}\n");
	free(buf);
}

/* json_init_line(): the same writer, one value a line ('top --json') */
static void one_line(void)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	struct json j;

	json_init_line(&j, f);
	json_object_begin(&j, NULL);
	json_u64(&j, "frame", 1);
	json_array_begin(&j, "cells");
	json_object_begin(&j, NULL);
	json_string(&j, "name", "a\nb");
	json_null(&j, "report");
	json_object_end(&j);
	json_array_end(&j);
	json_array_begin(&j, "empty");
	json_array_end(&j);
	json_object_end(&j);
	json_finish(&j);
	fclose(f);
	check("line mode: one line, no indentation, newlines in strings escaped", buf,
	      "{\"frame\": 1,\"cells\": [{\"name\": \"a\\nb\",\"report\": null}],\"empty\": []}\n");
	free(buf);
}

int main(void)
{
	const size_t all = (size_t)-1;

	str("plain", "vhyp 0.1.0", all, "\"vhyp 0.1.0\"");
	str("empty", "", all, "\"\"");
	str("quote and backslash", "a\"b\\c", all, "\"a\\\"b\\\\c\"");
	str("short escapes", "\b\f\n\r\t", all, "\"\\b\\f\\n\\r\\t\"");
	str("other control characters", "\x01\x1f\x1b[0m", all,
	    "\"\\u0001\\u001f\\u001b[0m\"");
	str("DEL and slash are not escaped", "\x7f/", all, "\"\x7f/\"");
	str("2-byte UTF-8 kept", "caf\xc3\xa9", all, "\"caf\xc3\xa9\"");
	str("3-byte UTF-8 kept", "\xe2\x82\xac", all, "\"\xe2\x82\xac\"");
	str("4-byte UTF-8 kept", "\xf0\x9f\x98\x80", all, "\"\xf0\x9f\x98\x80\"");
	str("lone continuation byte", "a\x80z", all, "\"a\\ufffdz\"");
	str("truncated sequence at the end", "a\xc3", all, "\"a\\ufffd\"");
	str("truncated sequence before ASCII", "\xe2\x82z", all,
	    "\"\\ufffd\\ufffdz\"");
	str("overlong encoding", "\xc0\xaf", all, "\"\\ufffd\\ufffd\"");
	str("UTF-16 surrogate", "\xed\xa0\x80", all,
	    "\"\\ufffd\\ufffd\\ufffd\"");
	str("above U+10FFFF", "\xf4\x90\x80\x80", all,
	    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	str("invalid lead byte", "\xff\xfe", all, "\"\\ufffd\\ufffd\"");
	str("length bound", "abcdef", 3, "\"abc\"");
	str("length bound inside a sequence", "\xc3\xa9", 1, "\"\\ufffd\"");
	str("NUL before the length bound", "ab\0cd", 5, "\"ab\"");
	structure();
	one_line();

	printf("1..%d\n", n_test);
	return n_failed ? 1 : 0;
}
