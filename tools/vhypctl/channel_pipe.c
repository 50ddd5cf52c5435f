// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl channel NAME --attach | --send: byte pipes between standard
 * input and output and the root's end of a channel, through libvhypchan.
 *
 * The library says what failed in a sentence of its own; the peer's name
 * in ours comes from VHYP_CHANNEL_INFO.  Neither pipe waits without a
 * bound it was given: --attach until a signal or the end of its input,
 * --send at most --timeout in all.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "channel_cmd.h"
#include "vhyp_channel.h"

#define RECHECK_MS	50		/* room, quiet, peer state: looked at this often */
#define PIECE		65536

struct pipe {
	struct vhyp_channel *ch;
	const char *name;
	char peer[VHYP_CELL_NAME_LEN + 8];	/* "cell NAME" */
	uint32_t state;
	uint64_t generation;
	uint64_t lost;
};

/* The library's sentence, and the exit code for its errno. */
static int lib_fail(void)
{
	int err = errno;

	err_msg("%s.", vhyp_channel_error());
	return err == EPROTO ? EXIT_ABI : EXIT_REFUSED;
}

static int pipe_open(struct pipe *p, struct vhyp_dev *d, const char *name)
{
	const volatile struct vhyp_channel_header *h;
	struct vhyp_channel_info info;

	memset(p, 0, sizeof(*p));
	p->name = name;
	if (vhyp_channel_open_device(d->path, name, 0, &p->ch))
		return lib_fail();
	h = vhyp_channel_header(p->ch);
	if (!vhyp_channel_info(d->fd, h->id, &info) && h->end <= 1)
		snprintf(p->peer, sizeof(p->peer), "cell %.*s", VHYP_CELL_NAME_LEN,
			 info.end[1 - h->end].cell_name);
	else
		snprintf(p->peer, sizeof(p->peer), "its peer");
	p->state = vhyp_channel_peer_state(p->ch, &p->generation);
	return EXIT_OK;
}

static const char *state_sentence(uint32_t state)
{
	switch (state) {
	case VHYP_PEER_NONE:
		return "has not started yet";
	case VHYP_PEER_UP:
		return "is up";
	case VHYP_PEER_GONE:
		return "is gone (stopped, failed, reset or destroyed)";
	case VHYP_PEER_RESTARTED:
		return "started again: what it had not read was dropped";
	default:
		return "is in a state this vhypctl does not know";
	}
}

/* A sentence on stderr when the peer changed, or the root lost bytes. */
static void report_changes(struct pipe *p)
{
	uint64_t gen, lost = vhyp_channel_lost(p->ch);
	uint32_t state = vhyp_channel_peer_state(p->ch, &gen);

	if (state != p->state || gen != p->generation) {
		if (!g.quiet)
			err_msg("channel %s: %s %s.", p->name, p->peer, state_sentence(state));
		p->state = state;
		p->generation = gen;
	}
	if (lost != p->lost) {
		if (!g.quiet)
			err_msg("channel %s: %llu bytes from %s were overwritten before the root "
				"could read them (the root only reads this channel).", p->name,
				(unsigned long long)(lost - p->lost), p->peer);
		p->lost = lost;
	}
}

/* The channel to standard output; *got: there were bytes. */
static int pump_out(struct pipe *p, bool *got)
{
	char buf[PIECE];
	ssize_t n;
	int err;

	*got = false;
	while ((n = vhyp_channel_recv(p->ch, buf, sizeof(buf), 0)) > 0) {
		err = write_all(buf, n);
		if (err == EINTR)
			return EXIT_OK;
		if (err) {
			err_msg("cannot write channel %s to standard output: %s.", p->name,
				strerror(err));
			return EXIT_REFUSED;
		}
		*got = true;
	}
	if (errno == EAGAIN || errno == EPIPE)
		return EXIT_OK;
	return lib_fail();
}

struct input {
	bool open;		/* standard input may still give bytes */
	char buf[PIECE];
	size_t len, off;	/* read, of which sent */
};

/* What fits of the input read so far; the rest waits for room. */
static int push_in(struct pipe *p, struct input *in)
{
	ssize_t n;

	/* bytes written before the peer starts its end would be dropped by it */
	if (in->off == in->len || !vhyp_channel_peer_ready(p->ch))
		return EXIT_OK;
	n = vhyp_channel_send(p->ch, in->buf + in->off, in->len - in->off, 0);
	if (n < 0 && (errno == EAGAIN || errno == EPIPE))
		return EXIT_OK;
	if (n < 0)
		return lib_fail();
	in->off += n;
	return EXIT_OK;
}

static int read_input(struct pipe *p, struct input *in)
{
	ssize_t n = read(STDIN_FILENO, in->buf, sizeof(in->buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return EXIT_OK;
	if (n < 0) {
		err_msg("cannot read standard input for channel %s: %s.", p->name, strerror(errno));
		return EXIT_REFUSED;
	}
	in->open = n > 0;
	in->len = n;
	in->off = 0;
	return EXIT_OK;
}

/*
 * After the input: done once the peer has read all of it and the channel
 * has been quiet for LINGER; refused if the peer is gone with some unread.
 */
static bool input_done(struct pipe *p, const struct input *in, uint64_t quiet_since,
		       double linger, int *ret)
{
	uint64_t unread = vhyp_channel_unread(p->ch) + in->len - in->off;

	*ret = EXIT_OK;
	if (in->open)
		return false;
	if (unread && p->state == VHYP_PEER_GONE) {
		err_msg("channel %s: %s is gone and did not read the last %llu bytes of the "
			"input; start it again and send them again.", p->name, p->peer,
			(unsigned long long)unread);
		*ret = EXIT_REFUSED;
		return true;
	}
	return !unread && now_ns() - quiet_since >= linger * 1e9;
}

static int attach_loop(struct pipe *p, bool can_send, double linger)
{
	static struct input in;
	struct pollfd pfd[2] = {
		{ .fd = vhyp_channel_fd(p->ch), .events = POLLIN },
		{ .fd = STDIN_FILENO, .events = POLLIN },
	};
	uint64_t quiet_since = now_ns();
	nfds_t nfds;
	bool got;
	int ret;

	in.open = can_send;
	in.len = in.off = 0;
	while (!stop_requested) {
		ret = pump_out(p, &got);
		if (ret)
			return ret;
		if (got)
			quiet_since = now_ns();
		report_changes(p);
		ret = push_in(p, &in);
		/* a root that only reads has no input to end: a signal ends it */
		if (ret || (can_send && input_done(p, &in, quiet_since, linger, &ret)))
			return ret;
		/* read more input only once the last is sent: the ring paces it */
		nfds = in.open && in.off == in.len ? 2 : 1;
		if (poll(pfd, nfds, RECHECK_MS) <= 0)
			continue;	/* nothing, or a signal: see above */
		if (pfd[0].revents && vhyp_channel_wait(p->ch, 0, NULL) && errno != EAGAIN)
			return lib_fail();
		if (nfds == 2 && pfd[1].revents) {
			ret = read_input(p, &in);
			if (ret)
				return ret;
		}
	}
	return EXIT_OK;
}

int channel_attach(struct vhyp_dev *d, const char *name, double linger)
{
	const volatile struct vhyp_channel_header *h;
	struct pipe p;
	bool can_send;
	int ret;

	ret = pipe_open(&p, d, name);
	if (ret)
		return ret;
	h = vhyp_channel_header(p.ch);
	can_send = !(h->flags & VHYP_CHAN_READONLY);
	catch_stop_signals();
	/* an EPIPE on stdout must end the loop, not the process */
	signal(SIGPIPE, SIG_IGN);
	if (!g.quiet)
		err_msg("attached to channel %s, end %u; %s %s. %s", name, h->end, p.peer,
			state_sentence(p.state),
			can_send ? "The end of the input or Ctrl-C detaches."
				 : "The root only reads this channel: standard input is not "
				   "sent; Ctrl-C detaches.");
	ret = attach_loop(&p, can_send, linger);
	vhyp_channel_close(p.ch);
	return ret;
}

/* Until the peer runs and speaks the ring protocol, within DEADLINE (ns). */
static int wait_peer(struct pipe *p, uint64_t deadline, double timeout)
{
	uint32_t state;

	for (;;) {
		state = vhyp_channel_peer_state(p->ch, NULL);
		if (state == VHYP_PEER_GONE) {
			err_msg("cannot write to channel %s: %s is gone (stopped, failed, reset or "
				"destroyed): start it again first ('vhypctl list' shows it).",
				p->name, p->peer);
			return EXIT_REFUSED;
		}
		if (state != VHYP_PEER_NONE && vhyp_channel_peer_ready(p->ch))
			return EXIT_OK;
		if (now_ns() >= deadline) {
			err_msg("cannot write to channel %s: %s did not start reading it within "
				"%g s (it %s): start it, or give a longer --timeout.", p->name,
				p->peer, timeout, state == VHYP_PEER_NONE ? "has not started"
					: "runs but has not started the ring protocol");
			return EXIT_REFUSED;
		}
		if (vhyp_channel_wait(p->ch, RECHECK_MS, NULL) && errno != ETIMEDOUT)
			return lib_fail();
	}
}

static int ms_left(uint64_t deadline)
{
	uint64_t now = now_ns(), ms;

	if (now >= deadline)
		return 0;
	ms = (deadline - now + 999999) / 1000000;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

int channel_send(struct vhyp_dev *d, const char *name, double timeout)
{
	uint64_t deadline = now_ns() + (uint64_t)(timeout * 1e9);
	static char buf[PIECE];
	unsigned long long total = 0;
	struct pipe p;
	ssize_t n, sent;
	int ret;

	ret = pipe_open(&p, d, name);
	if (ret)
		return ret;
	if (vhyp_channel_header(p.ch)->flags & VHYP_CHAN_READONLY) {
		err_msg("cannot write to channel %s: the root only reads it (its config says "
			"peer-access = \"ro\").", name);
		ret = EXIT_REFUSED;
		goto out;
	}
	ret = wait_peer(&p, deadline, timeout);
	while (!ret) {
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_msg("cannot read standard input for channel %s: %s.", name,
				strerror(errno));
			ret = EXIT_REFUSED;
		}
		if (n <= 0)
			break;
		sent = vhyp_channel_send(p.ch, buf, n, ms_left(deadline));
		total += sent > 0 ? sent : 0;
		if (sent == n)
			continue;
		if (errno != EAGAIN && errno != ETIMEDOUT) {
			ret = lib_fail();
			break;
		}
		err_msg("cannot write to channel %s: %s did not make room for the rest of the "
			"input within %g s (it reads too slowly, or not at all) after %llu "
			"bytes: give a longer --timeout.", name, p.peer, timeout, total);
		ret = EXIT_REFUSED;
	}
out:
	vhyp_channel_close(p.ch);
	return ret;
}
