// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl channel: the channels between cells and between a cell and the
 * root (Documentation/channels.md).
 *
 *   channel list               VHYP_CHANNEL_INFO for ids 1..VHYP_MAX_CHANNELS
 *                              (ENOENT: a free id), a paragraph per channel,
 *                              a line per end; --json for scripts
 *   channel CHANNEL --attach   a byte pipe both ways (channel_pipe.c)
 *   channel CHANNEL --send     standard input into it, then exit
 *
 * "list" is the one word that is not a channel's name, unless --attach or
 * --send says that it is one.
 */
#include <errno.h>
#include <string.h>

#include "channel_cmd.h"
#include "config.h"
#include "vhyp_channel.h"

#define MAX_WAIT	3600.0

/* The channels there are, in id order; *n of them.  Returns an exit code. */
static int read_channels(struct vhyp_dev *d, struct vhyp_channel_info *chans, unsigned int *n)
{
	char num[12];
	uint32_t id;

	*n = 0;
	/* no hypervisor, no channels: VHYP_CHANNEL_INFO would say ENOTCONN */
	if (!(d->info.flags & VHYP_INFO_ENABLED))
		return EXIT_OK;
	for (id = 1; id <= VHYP_MAX_CHANNELS; id++) {
		if (!vhyp_channel_info(d->fd, id, &chans[*n])) {
			(*n)++;
			continue;
		}
		if (errno == ENOENT)
			continue;
		if (errno == ENOTCONN)	/* disabled a moment ago */
			break;
		snprintf(num, sizeof(num), "%u", id);
		return fail_cell(d->path, OP_CHANNEL_INFO, num, errno);
	}
	return EXIT_OK;
}

/* An end's cell as people read it: "root", "cell NAME" */
static const char *end_who(const struct vhyp_channel_end *e, char *buf, size_t len)
{
	if (e->cell == VHYP_CHANNEL_END_ROOT)
		snprintf(buf, len, "root");
	else
		snprintf(buf, len, "cell %.*s", VHYP_CELL_NAME_LEN, e->cell_name);
	return buf;
}

static void print_text(const struct vhyp_channel_info *chans, unsigned int n, bool enabled)
{
	char size[32], who[VHYP_CELL_NAME_LEN + 8], irq[16];
	const struct vhyp_channel_end *e;
	unsigned int i, k;

	if (!n) {
		if (!g.quiet)
			printf("no channels%s\n", enabled ? "" : " (vhyp is not enabled)");
		return;
	}
	for (i = 0; i < n; i++) {
		printf("%s%.*s (id %u): %s of data, %u open file%s of the root\n", i ? "\n" : "",
		       VHYP_CHANNEL_NAME_LEN, chans[i].name, chans[i].id,
		       size_str(chans[i].bytes, size, sizeof(size)), chans[i].open_files,
		       chans[i].open_files == 1 ? "" : "s");
		for (k = 0; k < 2; k++) {
			e = &chans[i].end[k];
			snprintf(irq, sizeof(irq), e->irq ? "irq %u" : "no irq", e->irq);
			printf("  end %u: %-*s  %-12s  %s  %-7s  peer %-9s  doorbells %llu  "
			       "events %llu\n", k, VHYP_CELL_NAME_LEN / 2 + 5,
			       end_who(e, who, sizeof(who)),
			       e->cell ? "attached" : "not attached",
			       e->flags & VHYP_CHAN_READONLY ? "ro" : "rw", irq,
			       vhyp_peer_state_name(e->peer_state),
			       (unsigned long long)e->doorbells, (unsigned long long)e->events);
		}
	}
}

static void print_json(const struct vhyp_channel_info *chans, unsigned int n)
{
	char name[VHYP_CELL_NAME_LEN + 1];
	const struct vhyp_channel_end *e;
	unsigned int i, k;
	struct json j;

	json_init(&j, stdout);
	json_array_begin(&j, NULL);
	for (i = 0; i < n; i++) {
		json_object_begin(&j, NULL);
		json_u64(&j, "id", chans[i].id);
		snprintf(name, sizeof(name), "%.*s", VHYP_CHANNEL_NAME_LEN, chans[i].name);
		json_string(&j, "name", name);
		json_u64(&j, "bytes", chans[i].bytes);
		json_u64(&j, "open_files", chans[i].open_files);
		json_array_begin(&j, "ends");
		for (k = 0; k < 2; k++) {
			e = &chans[i].end[k];
			json_object_begin(&j, NULL);
			json_u64(&j, "end", k);
			json_bool(&j, "root", e->cell == VHYP_CHANNEL_END_ROOT);
			snprintf(name, sizeof(name), "%.*s", VHYP_CELL_NAME_LEN,
				 e->cell == VHYP_CHANNEL_END_ROOT ? "root" : e->cell_name);
			json_string(&j, "cell", name);
			if (e->cell && e->cell != VHYP_CHANNEL_END_ROOT)
				json_u64(&j, "cell_id", e->cell);
			else
				json_null(&j, "cell_id");
			json_bool(&j, "attached", e->cell != 0);
			json_string(&j, "access", e->flags & VHYP_CHAN_READONLY ? "ro" : "rw");
			json_u64(&j, "ipa", e->ipa);
			json_u64(&j, "irq", e->irq);
			json_string(&j, "peer_state", vhyp_peer_state_name(e->peer_state));
			json_u64(&j, "doorbells", e->doorbells);
			json_u64(&j, "events", e->events);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_finish(&j);
}

static int channel_list(void)
{
	static struct vhyp_channel_info chans[VHYP_MAX_CHANNELS];
	struct vhyp_dev d;
	unsigned int n;
	int ret;

	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	ret = read_channels(&d, chans, &n);
	if (!ret) {
		if (g.json)
			print_json(chans, n);
		else
			print_text(chans, n, d.info.flags & VHYP_INFO_ENABLED);
	}
	dev_close(&d);
	return ret;
}

enum mode { MODE_NONE, MODE_ATTACH, MODE_SEND };

static int cmd_channel(const struct verb *v, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "attach", no_argument, NULL, 'a' },
		{ "send", no_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "linger", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_timeout = false, have_linger = false;
	double timeout = 10, linger = 0.5;
	enum mode mode = MODE_NONE;
	struct vhyp_dev d;
	int c, ret;

	while ((c = verb_getopt(v, argc, argv, "ast:", opts)) != -1) {
		switch (c) {
		case 'a':
		case 's':
			if (mode != MODE_NONE)
				return usage_error(v, "--attach and --send exclude each other");
			mode = c == 'a' ? MODE_ATTACH : MODE_SEND;
			break;
		case 't':
			if (!parse_seconds(v, "--timeout", optarg, MAX_WAIT, &timeout, &ret))
				return ret;
			have_timeout = true;
			break;
		case 'l':
			if (!parse_seconds(v, "--linger", optarg, MAX_WAIT, &linger, &ret))
				return ret;
			have_linger = true;
			break;
		default:
			return EXIT_ABI;
		}
	}
	if (optind == argc)
		return usage_error(v, "say 'list', or name a channel with --attach or --send");
	if (optind + 1 < argc)
		return usage_error(v, "unexpected argument '%s'", argv[optind + 1]);
	if (have_timeout && mode != MODE_SEND)
		return usage_error(v, "--timeout applies to --send only");
	if (have_linger && mode != MODE_ATTACH)
		return usage_error(v, "--linger applies to --attach only");
	if (mode == MODE_NONE && strcmp(argv[optind], "list"))
		return usage_error(v, "say what to do with channel '%s': --attach or --send",
				   argv[optind]);
	if (mode == MODE_NONE)
		return channel_list();
	if (g.json)
		return usage_error(v, "--json applies to 'channel list' only");

	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	if (mode == MODE_ATTACH)
		ret = channel_attach(&d, argv[optind], linger);
	else
		ret = channel_send(&d, argv[optind], timeout);
	dev_close(&d);
	return ret;
}

static const struct verb_option channel_options[] = {
	{ "-a, --attach", "standard input to the channel, the channel to\n"
			  "standard output, until the input ends and the\n"
			  "peer has read it, or SIGINT/SIGTERM; the peer's\n"
			  "changes on stderr (not with --quiet)" },
	{ "--linger SECONDS", "with --attach: after the end of the input, exit\n"
			      "once the channel has been quiet for SECONDS\n"
			      "(default 0.5)" },
	{ "-s, --send", "standard input to the channel; exit 0 once all\n"
			"of it is written" },
	{ "-t, --timeout SECONDS", "with --send: wait at most SECONDS in all for\n"
				   "the peer to start and for room (default 10)" },
	{ NULL, NULL },
};

const struct verb verb_channel = {
	.name = "channel",
	.args = "list | CHANNEL --attach [--linger SECONDS] | CHANNEL --send [--timeout SECONDS]",
	.summary = "list the channels; attach to one the root is an end of, or send to it",
	.description =
		"'list': every channel (VHYP_CHANNEL_INFO): its name, id, data\n"
		"size and the root's open files of it, then each end: its cell or\n"
		"the root, attached or not, access (rw, ro), the doorbell's\n"
		"interrupt, the peer as that end sees it (none, up, gone,\n"
		"restarted), the doorbells and events it got.  With --json, an\n"
		"array of one object per channel (Documentation/vhypctl.md).\n"
		"With CHANNEL, the root's end of that channel as a byte stream\n"
		"(VHYP_CHANNEL_OPEN and the ring protocol of\n"
		"Documentation/channels.md): --attach pipes both ways, --send\n"
		"writes standard input and exits.  The peer must speak the ring\n"
		"protocol (tools/inmates/lib/channel.c, libvhypchan).",
	.options = channel_options,
	.json = true,
	.run = cmd_channel,
};
