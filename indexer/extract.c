/* extract.c: choosing the front end of a file and running it (see
 * extract.h). */
#include "extract.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "paths.h"
#include "readers.h"
#include "xalloc.h"

extern char **environ;

/* A PDF header may follow some junk; readers look this far. */
#define PDF_MAGIC_WINDOW 1024

static int has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);

	return n > e && strcasecmp(path + n - e, ext) == 0;
}

enum extract_format extract_format_of(const char *path, const char *head,
                                      size_t len)
{
	static const char ole2[8] = { '\xd0', '\xcf', '\x11', '\xe0',
	                              '\xa1', '\xb1', '\x1a', '\xe1' };
	size_t window = len < PDF_MAGIC_WINDOW ? len : PDF_MAGIC_WINDOW;

	if (window >= 5 && memmem(head, window, "%PDF-", 5))
		return EXTRACT_PDF;
	if (len >= 4 && memcmp(head, "PK\3\4", 4) == 0 && !has_ext(path, ".txt") &&
	    !has_ext(path, ".md"))
		return EXTRACT_DOCX;
	if (len >= 8 && memcmp(head, ole2, 8) == 0 && !has_ext(path, ".txt") &&
	    !has_ext(path, ".md"))
		return EXTRACT_DOC;
	if (has_ext(path, ".pdf"))
		return EXTRACT_PDF;
	if (has_ext(path, ".docx"))
		return EXTRACT_DOCX;
	if (has_ext(path, ".doc"))
		return EXTRACT_DOC;
	return EXTRACT_TEXT;
}

const char *extract_format_name(enum extract_format f)
{
	static const char *const names[EXTRACT_FORMAT_COUNT] = {
		"txt", "pdf", "docx", "doc",
	};

	return (unsigned)f < EXTRACT_FORMAT_COUNT ? names[f] : "?";
}

/* The text antiword gives for path (-w 0: a paragraph per line, blank
 * lines between; -m UTF-8.txt: UTF-8 output). */
static int doc_text(const char *path, struct buf *out, struct errbuf *eb)
{
	char *argv[] = { EXTRACT_DOC_FILTER, "-w", "0", "-m", "UTF-8.txt",
	                 (char *)path, NULL };
	posix_spawn_file_actions_t fa;
	int fds[2], status = 0, e;
	pid_t pid;
	char chunk[65536];
	ssize_t got;
	size_t start = out->len;

	if (pipe(fds) != 0)
		return errbuf_set(eb, ERR_IO, "cannot run %s: %s", EXTRACT_DOC_FILTER,
		                  strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	e = posix_spawnp(&pid, EXTRACT_DOC_FILTER, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (e) {
		close(fds[0]);
		if (e == ENOENT)
			return errbuf_set(eb, ERR_NOTFOUND,
			                  "the .doc filter %s is not installed (apt-get install antiword), "
			                  "or save the file as .docx or PDF", EXTRACT_DOC_FILTER);
		return errbuf_set(eb, ERR_IO, "cannot run %s: %s", EXTRACT_DOC_FILTER,
		                  strerror(e));
	}
	while ((got = read(fds[0], chunk, sizeof chunk)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		buf_append(out, chunk, (size_t)got);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || out->len == start) {
		out->len = start;
		return errbuf_set(eb, ERR_INVALID,
		                  "%s cannot read this .doc; convert it, e.g. "
		                  "libreoffice --headless --convert-to docx FILE", EXTRACT_DOC_FILTER);
	}
	return 0;
}

struct extract {
	void *plugin;                        /* dlopen handle, or NULL */
	const struct readers_table *readers; /* in the plugin, once loaded */
	int load_failed;                     /* load_error says why */
	char load_error[ERRBUF_SIZE];
};

struct extract *extract_new(void)
{
	return xcalloc(1, sizeof(struct extract));
}

void extract_free(struct extract *x)
{
	if (!x)
		return;
	if (x->plugin)
		dlclose(x->plugin);
	free(x);
}

/* The readers plugin, loaded at the first call; a failure is remembered
 * (x->load_error) and returned again without retrying. */
static int readers_load(struct extract *x, struct errbuf *eb)
{
	char path[PATH_MAX + 64];
	const struct readers_table *t;
	struct errbuf le;

	if (x->readers)
		return 0;
	if (x->load_failed)
		return errbuf_set(eb, ERR_NOTFOUND, "%s", x->load_error);
	if (paths_beside_self(READERS_DIR_FROM_BIN "/" READERS_FILE, path, sizeof path, &le) == 0) {
		x->plugin = dlopen(path, RTLD_NOW | RTLD_LOCAL);
		if (!x->plugin) {
			const char *why = dlerror();

			errbuf_set(&le, ERR_NOTFOUND,
			           "the PDF and Word readers cannot be loaded (%s); reinstall unsearch",
			           why ? why : path);
		} else if (!(t = dlsym(x->plugin, READERS_SYMBOL)) || t->abi != READERS_ABI) {
			errbuf_set(&le, ERR_NOTFOUND,
			           "%s is not this unindex's readers plugin; reinstall unsearch", path);
			dlclose(x->plugin);
			x->plugin = NULL;
		} else {
			x->readers = t;
			return 0;
		}
	}
	x->load_failed = 1;
	snprintf(x->load_error, sizeof x->load_error, "%s", le.msg);
	return errbuf_set(eb, ERR_NOTFOUND, "%s", x->load_error);
}

int extract_text(struct extract *x, enum extract_format f, const char *path,
                 const char *data, size_t len, struct buf *out, struct buf *symbol,
                 struct errbuf *eb)
{
	int rc;

	switch (f) {
	case EXTRACT_PDF:
		if ((rc = readers_load(x, eb)))
			return rc;
		return x->readers->pdf(data, len, out, symbol, eb);
	case EXTRACT_DOCX:
		if ((rc = readers_load(x, eb)))
			return rc;
		return x->readers->docx(data, len, out, eb);
	case EXTRACT_DOC:
		return doc_text(path, out, eb);
	default:
		return errbuf_set(eb, ERR_INVALID, "no front end for this format");
	}
}
