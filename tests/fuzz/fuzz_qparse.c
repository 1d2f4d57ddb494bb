/* fuzz_qparse.c: libFuzzer target for the query parser: any bytes, as a
 * NUL-terminated string, must parse into a tree or fail with a message;
 * a tree must render and free cleanly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct errbuf eb = { { 0 }, 0 };
	struct qnode *tree = NULL;
	char *q = malloc(size + 1);
	int rc;

	if (!q)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';
	rc = qparse_parse(q, &tree, &eb);
	if (rc == 0) {
		char *s;
		if (!tree)
			__builtin_trap(); /* success must give a tree */
		s = qnode_to_string(tree);
		if (!s)
			__builtin_trap();
		free(s);
		qnode_free(tree);
	} else if (eb.msg[0] == '\0' ||
	           (rc != ERR_SYNTAX && rc != ERR_LIMIT)) {
		__builtin_trap(); /* a failure must say why, with a documented code */
	}
	free(q);
	return 0;
}
