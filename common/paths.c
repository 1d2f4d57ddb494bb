/* paths.c: the default index location and the -i list (see paths.h). */
#include "paths.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

int index_default_dir(struct buf *out, struct errbuf *eb)
{
	const char *v;

	if ((v = getenv("UNSEARCH_INDEX")) && *v) {
		buf_append_str(out, v);
		return 0;
	}
	if ((v = getenv("XDG_DATA_HOME")) && *v) {
		buf_printf(out, "%s/unsearch", v);
		return 0;
	}
	if ((v = getenv("HOME")) && *v) {
		buf_printf(out, "%s/.local/share/unsearch", v);
		return 0;
	}
	return errbuf_set(eb, ERR_NOTFOUND,
	                  "no index location: set UNSEARCH_INDEX or HOME, or pass -i DIR");
}

/* The index directories, searched as one: every -i/--index of table t in
 * order, else the ':'-separated $UNSEARCH_INDEX (or the default location).
 * joined receives them ':'-separated; *dirs (n of them) point into *store;
 * the caller frees both. */
int paths_index_dirs(const struct cli_option *t, const struct cli_result *r,
                     struct buf *joined, const char ***dirs, size_t *n, char **store,
                     struct errbuf *eb)
{
	size_t opt = cli_index(t, "index");
	int rc;

	if (r->count[opt]) {
		size_t given = (size_t)r->count[opt];
		const char **all = xmalloc(given * sizeof *all);
		given = cli_all_values(r, opt, all);
		for (size_t i = 0; i < given; i++)
			buf_printf(joined, "%s%s", i ? ":" : "", all[i]);
		free(all);
	} else if ((rc = index_default_dir(joined, eb))) {
		return rc;
	}
	*store = xstrdup(joined->data);
	*dirs = xmalloc((joined->len + 1) * sizeof **dirs);
	*n = 0;
	for (char *d = *store, *next; d; d = next) {
		if ((next = strchr(d, ':')))
			*next++ = '\0';
		if (*d)
			(*dirs)[(*n)++] = d;
	}
	if (*n == 0)
		return errbuf_set(eb, ERR_SYNTAX, "no index directory given");
	return 0;
}

int paths_beside_self(const char *rel, char *out, size_t size, struct errbuf *eb)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (n < 0)
		return errbuf_set(eb, ERR_NOTFOUND, "cannot find this program (/proc/self/exe): %s",
		                  strerror(errno));
	self[n] = '\0';
	slash = strrchr(self, '/');
	if ((size_t)snprintf(out, size, "%.*s/%s", slash ? (int)(slash - self) : 1,
	                     slash ? self : ".", rel) >= size)
		return errbuf_set(eb, ERR_NOTFOUND, "the path of %s is too long", rel);
	return 0;
}
