// SPDX-License-Identifier: GPL-2.0
/*
 * A small vsnprintf for the hypervisor console: %d %i %u %x %X %p %s %c
 * %%, the length modifiers l and ll (and z), the flags '#', '0' and '-',
 * and a field width.  Always NUL-terminates; returns the length the full
 * output would have had.  Built for the host unit tests as well.
 */
#include "printf.h"

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_str(struct out *o, const char *s, int len, int width, bool left)
{
	int i;

	for (; !left && width > len; width--)
		put(o, ' ');
	for (i = 0; i < len; i++)
		put(o, s[i]);
	for (; left && width > len; width--)
		put(o, ' ');
}

static void put_num(struct out *o, unsigned long long v, unsigned int base, bool neg,
		    bool upper, bool alt, int width, char pad, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	len = n + neg + (alt ? 2 : 0);
	if (!left && pad == ' ')
		for (; width > len; width--)
			put(o, ' ');
	if (neg)
		put(o, '-');
	if (alt) {
		put(o, '0');
		put(o, upper ? 'X' : 'x');
	}
	if (!left && pad == '0')
		for (; width > len; width--)
			put(o, '0');
	while (n)
		put(o, tmp[--n]);
	if (left)
		for (; width > len; width--)
			put(o, ' ');
}

int hyp_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool alt = false, left = false, upper = false;
		char pad = ' ';
		int width = 0, lng = 0;
		unsigned long long v;
		const char *s;
		char c;
		int n;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (fmt++;; fmt++) {
			if (*fmt == '#')
				alt = true;
			else if (*fmt == '0')
				pad = '0';
			else if (*fmt == '-')
				left = true;
			else
				break;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng++;
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long sv = lng ? va_arg(ap, long long) : va_arg(ap, int);

			put_num(&o, sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv,
				10, sv < 0, false, false, width, pad, left);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
			v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
			upper = *fmt == 'X';
			put_num(&o, v, *fmt == 'u' ? 10 : 16, false, upper, alt && v, width,
				pad, left);
			break;
		case 'p':
			put_num(&o, (unsigned long long)(uintptr_t)va_arg(ap, void *), 16, false,
				false, true, width, pad, left);
			break;
		case 'c':
			c = (char)va_arg(ap, int);
			put_str(&o, &c, 1, width, left);
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			for (n = 0; s[n]; n++)
				;
			put_str(&o, s, n, width, left);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int hyp_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = hyp_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
