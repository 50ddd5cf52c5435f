// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: command-line control of the vhyp hypervisor through /dev/vhyp.
 *
 *   vhypctl [--json] [--quiet] [--device PATH] VERB [ARGS]
 *
 * This file parses the global options, finds the verb and prints help.
 * The global options are accepted after the verb too ("vhypctl info
 * --json"), because that is where people type them.  Option parsing
 * happens before any verb opens anything, so a usage error or --help may
 * simply exit() from here: there is nothing to release yet.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vhypctl.h"

struct globals g = {
	.device = VHYP_DEVICE,
};

static int cmd_help(const struct verb *v, int argc, char **argv);

const struct verb verb_help = {
	.name = "help",
	.args = "[VERB]",
	.summary = "show the verbs, or one verb's usage, options and exit codes",
	.description =
		"Without VERB, list the verbs and the global options.  With VERB,\n"
		"the same as 'vhypctl VERB --help'.",
	.run = cmd_help,
};

/* The verbs in the order 'vhypctl help' lists them. */
static const struct verb *const verbs[] = {
	&verb_enable,
	&verb_disable,
	&verb_info,
	&verb_create,
	&verb_load,
	&verb_start,
	&verb_stop,
	&verb_destroy,
	&verb_list,
	&verb_wait,
	&verb_stats,
	&verb_top,
	&verb_console,
	&verb_channel,
	&verb_serve,
	&verb_bench,
	&verb_config,
	&verb_version,
	&verb_help,
};

#define NR_VERBS	(sizeof(verbs) / sizeof(verbs[0]))

/* getopt values of the global options that have no short form */
enum {
	OPT_JSON = 0x100,
	OPT_DEVICE,
	OPT_VERSION,
};

static const struct option global_options[] = {
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "device",	required_argument,	NULL, OPT_DEVICE },
	{ "help",	no_argument,		NULL, 'h' },
};

#define NR_GLOBAL	(sizeof(global_options) / sizeof(global_options[0]))

static const char exit_codes_help[] =
	"Exit codes:\n"
	"  0  success\n"
	"  1  usage error: unknown verb or option, bad or extra argument, or a\n"
	"     config file that breaks a rule of Documentation/cell-config.md\n"
	"  2  the system refused: opening /dev/vhyp or an ioctl failed, or\n"
	"     something vhypctl needs is missing (dtc, the boot device tree)\n"
	"  3  ABI mismatch between vhypctl and vhyp.ko, or an internal failure\n";

static const char global_help[] =
	"Global options (before or after the verb):\n"
	"  --json                print one JSON object (info, bench, config,\n"
	"                        version, enable, disable, create, load,\n"
	"                        start, stop, destroy, wait, stats; list,\n"
	"                        channel list: an array of objects; top:\n"
	"                        an object a line, a line a frame; fields:\n"
	"                        Documentation/vhypctl.md)\n"
	"  -q, --quiet           print no informational messages; errors are\n"
	"                        always printed\n"
	"  --device PATH         use PATH instead of " VHYP_DEVICE "\n";

const struct verb *verb_find(const char *name)
{
	size_t i;

	for (i = 0; i < NR_VERBS; i++)
		if (!strcmp(verbs[i]->name, name))
			return verbs[i];
	return NULL;
}

int usage_error(const struct verb *v, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("vhypctl: ", stderr);
	if (v)
		fprintf(stderr, "%s: ", v->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (v)
		fprintf(stderr, ". Try 'vhypctl %s --help'.\n", v->name);
	else
		fputs(". Try 'vhypctl --help'.\n", stderr);
	return EXIT_USAGE;
}

/*
 * "  NAME  help", continuation lines of the help indented under it; a
 * NAME too long for its column has a line of its own, the help under it.
 */
static void option_print(FILE *f, const char *name, const char *help)
{
	if (strlen(name) > 20)
		fprintf(f, "  %s\n  %-22s", name, "");
	else
		fprintf(f, "  %-22s", name);
	for (; *help; help++) {
		fputc(*help, f);
		if (*help == '\n')
			fprintf(f, "  %-22s", "");
	}
	fputc('\n', f);
}

void verb_help_print(const struct verb *v, FILE *f)
{
	const struct verb_option *o;

	fprintf(f, "Usage: vhypctl [GLOBAL OPTIONS] %s%s%s\n\n", v->name,
		*v->args ? " " : "", v->args);
	fprintf(f, "%s\n\n", v->description);
	fputs("Options:\n", f);
	for (o = v->options; o && o->name; o++)
		option_print(f, o->name, o->help);
	option_print(f, "-h, --help", "show this help");
	fputc('\n', f);
	fputs(global_help, f);
	fputc('\n', f);
	fputs(exit_codes_help, f);
}

void main_help_print(FILE *f)
{
	size_t i;

	fputs("Usage: vhypctl [--json] [--quiet] [--device PATH] VERB [ARGS]\n"
	      "       vhypctl --help | --version | help VERB | VERB --help\n\n"
	      "Control the vhyp hypervisor through " VHYP_DEVICE ".\n\n"
	      "Verbs:\n", f);
	for (i = 0; i < NR_VERBS; i++)
		fprintf(f, "  %-10s%s\n", verbs[i]->name, verbs[i]->summary);
	fputc('\n', f);
	fputs(global_help, f);
	option_print(f, "-h, --help", "show this help");
	option_print(f, "--version", "show vhypctl's version");
	fputc('\n', f);
	fputs(exit_codes_help, f);
}

bool parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	/* strtoull accepts "-1" as ULLONG_MAX: no thanks. */
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/*
 * OPTION's argument S as seconds, 0 to MAX, fractions allowed: true, or
 * the usage error printed and *ret its exit code.
 */
bool parse_seconds(const struct verb *v, const char *option, const char *s, double max,
		   double *out, int *ret)
{
	char *end;
	double t;

	t = strtod(s, &end);
	if (!*s || *end || !isfinite(t) || t < 0 || t > max) {
		*ret = usage_error(v, "%s '%s' is not a number of seconds from 0 to %.0f",
				   option, s, max);
		return false;
	}
	*out = t;
	return true;
}

/* Name the option that getopt just rejected, as the user typed it. */
static const char *bad_option(char **argv, char *buf, size_t size)
{
	/* "--system" has the short form 's' but was typed long */
	if (optopt > 0 && optopt < 0x100 && strncmp(argv[optind - 1], "--", 2)) {
		snprintf(buf, size, "-%c", optopt);
		return buf;
	}
	return argv[optind - 1];
}

/* "--json=1": getopt says '?' for this too; say what is really wrong. */
static bool takes_no_argument(const char *arg, const struct option *opts)
{
	const char *eq = strchr(arg, '=');

	if (strncmp(arg, "--", 2) || !eq)
		return false;
	for (; opts->name; opts++)
		if (strlen(opts->name) == (size_t)(eq - arg - 2) &&
		    !strncmp(opts->name, arg + 2, eq - arg - 2))
			return opts->has_arg == no_argument;
	return false;
}

/*
 * getopt_long() for a verb: LONGOPTS (may be NULL) plus the global options.
 * Returns the next verb option, or -1 when the options end.  Handles the
 * global options, --help and every usage error itself, exiting.
 */
int verb_getopt(const struct verb *v, int argc, char **argv,
		const char *shortopts, const struct option *longopts)
{
	static struct option all[32];
	char shorts[64], buf[8];
	size_t n = 0, i;
	int c;

	for (; longopts && longopts->name && n < 32 - NR_GLOBAL - 1; longopts++)
		all[n++] = *longopts;
	for (i = 0; i < NR_GLOBAL; i++)
		all[n++] = global_options[i];
	memset(&all[n], 0, sizeof(all[n]));
	/* ':' first: a missing argument is ':', not '?' */
	snprintf(shorts, sizeof(shorts), ":hq%s", shortopts ? shortopts : "");

	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, shorts, all, NULL);
		switch (c) {
		case OPT_JSON:
			g.json = true;
			continue;
		case 'q':
			g.quiet = true;
			continue;
		case OPT_DEVICE:
			g.device = optarg;
			continue;
		case 'h':
			verb_help_print(v, stdout);
			exit(EXIT_OK);
		case ':':
			exit(usage_error(v, "option '%s' needs an argument",
					 bad_option(argv, buf, sizeof(buf))));
		case '?':
			if (takes_no_argument(argv[optind - 1], all))
				exit(usage_error(v, "option '%.*s' takes no argument",
						 (int)strcspn(argv[optind - 1], "="),
						 argv[optind - 1]));
			exit(usage_error(v, "unknown option '%s'",
					 bad_option(argv, buf, sizeof(buf))));
		case -1:
			if (g.json && !v->json)
				exit(usage_error(v, "--json is not supported by this verb"));
			return -1;
		default:
			return c;
		}
	}
}

/* For verbs without options or arguments of their own. */
void verb_no_args(const struct verb *v, int argc, char **argv)
{
	if (verb_getopt(v, argc, argv, NULL, NULL) != -1)
		exit(EXIT_ABI);		/* no verb option was declared */
	if (optind < argc)
		exit(usage_error(v, "unexpected argument '%s'", argv[optind]));
}

static int cmd_help(const struct verb *v, int argc, char **argv)
{
	const struct verb *w;

	if (verb_getopt(v, argc, argv, NULL, NULL) != -1)
		return EXIT_ABI;
	if (optind == argc) {
		main_help_print(stdout);
		return EXIT_OK;
	}
	if (optind + 1 < argc)
		return usage_error(v, "unexpected argument '%s'", argv[optind + 1]);
	w = verb_find(argv[optind]);
	if (!w)
		return usage_error(v, "unknown verb '%s'", argv[optind]);
	verb_help_print(w, stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json",	no_argument,		NULL, OPT_JSON },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "device",	required_argument,	NULL, OPT_DEVICE },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	const struct verb *v;
	char buf[8];
	int c;

	/* '+': stop at the verb; its own options are parsed by the verb */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hq", opts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			g.json = true;
			break;
		case 'q':
			g.quiet = true;
			break;
		case OPT_DEVICE:
			g.device = optarg;
			break;
		case 'h':
			main_help_print(stdout);
			return EXIT_OK;
		case OPT_VERSION:
			printf("vhypctl %s (ioctl ABI %u)\n", VHYP_VERSION_STRING,
			       (unsigned int)VHYP_IOCTL_ABI);
			return EXIT_OK;
		case ':':
			return usage_error(NULL, "option '%s' needs an argument",
					   bad_option(argv, buf, sizeof(buf)));
		default:
			if (takes_no_argument(argv[optind - 1], opts))
				return usage_error(NULL, "option '%.*s' takes no argument",
						   (int)strcspn(argv[optind - 1], "="),
						   argv[optind - 1]);
			return usage_error(NULL, "unknown option '%s'",
					   bad_option(argv, buf, sizeof(buf)));
		}
	}
	if (optind == argc)
		return usage_error(NULL, "no verb given");
	v = verb_find(argv[optind]);
	if (!v)
		return usage_error(NULL, "unknown verb '%s'", argv[optind]);

	/* The verb sees itself as argv[0]; optind 0 makes glibc start over. */
	argc -= optind;
	argv += optind;
	optind = 0;
	return v->run(v, argc, argv);
}
