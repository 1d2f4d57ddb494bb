/* paths.c: the default index location (see paths.h). */
#include "paths.h"

#include <stdlib.h>

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
