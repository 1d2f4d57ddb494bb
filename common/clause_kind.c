/* clause_kind.c: names of the clause kinds, both ways. */
#include "clause_kind.h"

#include <string.h>

static const char *const kind_names[CLAUSE_KIND_COUNT] = {
	"header", "title", "heading", "intro", "preambular",
	"operative", "article", "footer", "paragraph", "footnote",
	"vote", "decision",
};

const char *clause_kind_name(enum clause_kind kind)
{
	return (unsigned)kind < CLAUSE_KIND_COUNT ? kind_names[kind] : "?";
}

int clause_kind_is_boilerplate(enum clause_kind kind)
{
	return kind == CLAUSE_HEADER || kind == CLAUSE_TITLE || kind == CLAUSE_INTRO ||
	       kind == CLAUSE_FOOTER || kind == CLAUSE_VOTE;
}

int clause_kind_parse(const char *name, size_t len)
{
	for (int k = 0; k < CLAUSE_KIND_COUNT; k++)
		if (strlen(kind_names[k]) == len && memcmp(kind_names[k], name, len) == 0)
			return k;
	return -1;
}
