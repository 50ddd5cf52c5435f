// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: a tiny streaming JSON writer.
 *
 * vhypctl's JSON is read by scripts and tests, so it must be valid whatever
 * the strings hold: the driver's version string, for one, comes from the
 * kernel and is not ours to trust.  Strings are escaped per RFC 8259 and
 * bytes that are not valid UTF-8 become U+FFFD rather than invalid output.
 * Callers only say what to write; commas and indentation are placed here,
 * so that no verb can get them wrong.
 */
#include <math.h>
#include <stdlib.h>

#include "vhypctl.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = true;
	j->line = false;
}

void json_init_line(struct json *j, FILE *f)
{
	json_init(j, f);
	j->line = true;
}

static void indent(struct json *j)
{
	int i;

	if (j->line)
		return;
	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* Start a value: the comma after the previous one, then "key": if any. */
static void value_begin(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (!j->first[j->depth])
			fputc(',', j->f);
		indent(j);
	}
	j->first[j->depth] = false;
	if (key) {
		json_write_string(j->f, key, (size_t)-1);
		fputs(": ", j->f);
	}
}

static void container_begin(struct json *j, const char *key, char open)
{
	value_begin(j, key);
	fputc(open, j->f);
	/* Nesting is fixed by the code, not by input: too deep is a bug. */
	if (j->depth + 1 >= JSON_MAX_DEPTH)
		abort();
	j->depth++;
	j->first[j->depth] = true;
}

static void container_end(struct json *j, char close)
{
	bool empty = j->first[j->depth];

	j->depth--;
	if (!empty)
		indent(j);
	fputc(close, j->f);
}

void json_object_begin(struct json *j, const char *key)
{
	container_begin(j, key, '{');
}

void json_object_end(struct json *j)
{
	container_end(j, '}');
}

void json_array_begin(struct json *j, const char *key)
{
	container_begin(j, key, '[');
}

void json_array_end(struct json *j)
{
	container_end(j, ']');
}

void json_string(struct json *j, const char *key, const char *s)
{
	value_begin(j, key);
	json_write_string(j->f, s, (size_t)-1);
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	value_begin(j, key);
	fprintf(j->f, "%llu", (unsigned long long)v);
}

/* One decimal: enough for nanoseconds, and never an exponent. */
void json_double(struct json *j, const char *key, double v)
{
	value_begin(j, key);
	if (isfinite(v))
		fprintf(j->f, "%.1f", v);
	else
		fputs("null", j->f);	/* JSON has no NaN or infinity */
}

void json_bool(struct json *j, const char *key, bool v)
{
	value_begin(j, key);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	value_begin(j, key);
	fputs("null", j->f);
}

void json_finish(struct json *j)
{
	fputc('\n', j->f);
	fflush(j->f);
}

/*
 * Length of the valid UTF-8 sequence at S (at most N bytes), or 0 if there
 * is none: overlong forms, surrogates and code points above U+10FFFF are
 * invalid too (RFC 3629), as JSON parsers reject them.
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned int cp, min;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2; cp = s[0] & 0x1f; min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3; cp = s[0] & 0x0f; min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4; cp = s[0] & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * Write S as a JSON string, quotes included.  LEN bounds it (a NUL ends
 * it earlier); (size_t)-1 means "up to the NUL".
 */
void json_write_string(FILE *f, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	fputc('"', f);
	while (i < len && s[i]) {
		unsigned char c = s[i];

		switch (c) {
		case '"':  fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c < 0x20) {
				fprintf(f, "\\u%04x", c);
			} else if (c < 0x80) {
				fputc(c, f);
			} else {
				/* the NUL check above bounds n at the string's end */
				for (n = 1; n < 4 && i + n < len && s[i + n]; n++)
					;
				n = utf8_len(s + i, n);
				if (!n) {
					fputs("\\ufffd", f);
					i++;
					continue;
				}
				fwrite(s + i, 1, n, f);
				i += n;
				continue;
			}
		}
		i++;
	}
	fputc('"', f);
}
