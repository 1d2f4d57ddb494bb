/* test_serve.c: what serve.c decides without a socket: the --listen
 * addresses it takes and refuses, with the message that names why. The
 * server itself is tested over HTTP by tests/cli/06NN-serve-*.sh. */
#include <string.h>

#include "../../query/serve.h"
#include "../harness.h"

static void test_listen(struct harness *h)
{
	static const char *const good[] = {
		"127.0.0.1:8080", "127.0.0.1:0", "0.0.0.0:80", "localhost:8080",
		"[::1]:8080", "[::]:65535",
	};
	static const struct { const char *addr, *why; } bad[] = {
		{ "8080", "--listen: '8080' is not HOST:PORT" },
		{ "127.0.0.1:", "--listen: '127.0.0.1:' has no port (0 to 65535)" },
		{ "127.0.0.1:65536", "--listen: '127.0.0.1:65536' has no port (0 to 65535)" },
		{ "127.0.0.1:80x", "--listen: '127.0.0.1:80x' has no port (0 to 65535)" },
		{ "example.org:80", "--listen: 'example.org' is not an IP address (127.0.0.1:8080, [::1]:8080)" },
		{ "::1:8080", "--listen: '::1:8080': an IPv6 address goes in brackets ([::1]:8080)" },
		{ "[127.0.0.1]:80x", "--listen: '[127.0.0.1]:80x' has no port (0 to 65535)" },
	};
	struct errbuf eb;

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		eb.msg[0] = '\0';
		CHECK_INT_EQ(h, serve_check_listen(good[i], &eb), 0);
		CHECK_STR_EQ(h, eb.msg, "");
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		CHECK_INT_EQ(h, serve_check_listen(bad[i].addr, &eb), ERR_SYNTAX);
		CHECK_STR_EQ(h, eb.msg, bad[i].why);
	}
	CHECK_INT_EQ(h, serve_check_listen(SERVE_LISTEN_DEFAULT, &eb), 0);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_serve");

	HARNESS_RUN(&h, test_listen);
	return harness_finish(&h);
}
