/* test_walk.c: unit tests for the folder walk (walk.c) and file_read_all
 * (readfile.c), on a temporary tree with links, loops and a FIFO, and a
 * folder large enough that a helper thread lstats half of it. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "harness.h"
#include "../../indexer/readfile.h"
#include "../../indexer/walk.h"

/* What a walk reported, one "path\n" or "path: message\n" per line. */
struct record {
	struct buf visits;
	struct buf warns;
	int abort_after; /* return ERR_INVALID from this visit on (0: never) */
	int n_visits;
};

static int record_file(void *ctx, const char *path, const struct stat *st,
                       int is_link)
{
	struct record *r = ctx;

	(void)st;
	(void)is_link;
	buf_printf(&r->visits, "%s\n", path);
	if (r->abort_after && ++r->n_visits >= r->abort_after)
		return ERR_INVALID;
	return 0;
}

/* Skipped files go to the visits, as "skip path". */
static void record_skip(void *ctx, const char *path)
{
	struct record *r = ctx;

	buf_printf(&r->visits, "skip %s\n", path);
}

static void record_warn(void *ctx, const char *path, const char *message)
{
	struct record *r = ctx;

	buf_printf(&r->warns, "%s: %s\n", path, message);
}

static void record_release(struct record *r)
{
	buf_release(&r->visits);
	buf_release(&r->warns);
}

static const char *text(const struct buf *b)
{
	return b->data ? b->data : "";
}

static int write_file(const char *dir, const char *name, const char *body)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(body, f);
	return fclose(f);
}

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_tree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The main tree:
 *   B.TXT a.txt c.odt d.docx dangling->nowhere.txt empty/ notes.md x.txt (FIFO)
 *   sub/ { deep/ { loop->.. y.Md } img.png z.txt } */
static int make_tree(char *root)
{
	char p[4096], q[2048];
	int bad = 0;

	strcpy(root, "/tmp/unsearch-walk-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	bad |= write_file(root, "B.TXT", "b");
	bad |= write_file(root, "a.txt", "a");
	bad |= write_file(root, "c.odt", "c");
	bad |= write_file(root, "d.docx", "d");
	bad |= write_file(root, "notes.md", "n");
	snprintf(p, sizeof p, "%s/dangling", root);
	bad |= symlink("nowhere.txt", p);
	snprintf(p, sizeof p, "%s/empty", root);
	bad |= mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/x.txt", root);
	bad |= mkfifo(p, 0600);
	snprintf(p, sizeof p, "%s/sub", root);
	bad |= mkdir(p, 0700);
	bad |= write_file(p, "img.png", "i");
	bad |= write_file(p, "z.txt", "z");
	snprintf(q, sizeof q, "%s/sub/deep", root);
	bad |= mkdir(q, 0700);
	bad |= write_file(q, "y.Md", "y");
	snprintf(p, sizeof p, "%s/loop", q);
	bad |= symlink("..", p);
	return bad ? -1 : 0;
}

static void test_tree(struct harness *h)
{
	char root[64], expect[2048];
	struct record r = { BUF_INIT, BUF_INIT, 0, 0 };
	struct walk_stats st;
	struct errbuf eb = { "", 0 };
	char *paths[1];

	if (make_tree(root) != 0) {
		CHECK(h, !"cannot build the test tree");
		rm_tree(root);
		return;
	}
	paths[0] = root;
	CHECK_INT_EQ(h, walk_paths(paths, 1, 1, record_file, record_skip, record_warn,
	                           &r, &st, &eb), 0);
	snprintf(expect, sizeof expect,
	         "%s/B.TXT\n%s/a.txt\nskip %s/c.odt\n%s/d.docx\n%s/notes.md\n"
	         "%s/sub/deep/y.Md\nskip %s/sub/img.png\n%s/sub/z.txt\n",
	         root, root, root, root, root, root, root, root);
	CHECK_STR_EQ(h, text(&r.visits), expect);
	snprintf(expect, sizeof expect,
	         "%s/dangling: dangling symbolic link\n"
	         "%s/sub/deep/loop: symbolic link loop back to '%s/sub', not followed\n"
	         "%s/x.txt: FIFO, not a regular file\n", root, root, root, root);
	CHECK_STR_EQ(h, text(&r.warns), expect);
	CHECK_INT_EQ(h, st.files, 6);
	CHECK_INT_EQ(h, st.skipped, 2);
	CHECK_INT_EQ(h, st.warnings, 3);
	record_release(&r);

	/* A trailing slash gives no doubled slash; NULL callbacks and stats
	 * are allowed for warnings. */
	{
		char slashed[80];
		struct record r2 = { BUF_INIT, BUF_INIT, 0, 0 };

		snprintf(slashed, sizeof slashed, "%s/", root);
		paths[0] = slashed;
		CHECK_INT_EQ(h, walk_paths(paths, 1, 1, record_file, NULL, NULL, &r2,
		                           NULL, NULL), 0);
		snprintf(expect, sizeof expect, "%s/B.TXT\n", root);
		CHECK(h, strncmp(text(&r2.visits), expect, strlen(expect)) == 0);
		record_release(&r2);
	}
	rm_tree(root);
}

static void test_top_level_paths(struct harness *h)
{
	char root[64], a[128], pdf[128], missing[128], fifo[128], sub[128];
	char expect[2048];
	struct record r = { BUF_INIT, BUF_INIT, 0, 0 };
	struct walk_stats st;
	char *paths[5];

	if (make_tree(root) != 0) {
		CHECK(h, !"cannot build the test tree");
		rm_tree(root);
		return;
	}
	snprintf(pdf, sizeof pdf, "%s/c.odt", root);
	snprintf(missing, sizeof missing, "%s/missing.txt", root);
	snprintf(fifo, sizeof fifo, "%s/x.txt", root);
	snprintf(sub, sizeof sub, "%s/sub/deep", root);
	snprintf(a, sizeof a, "%s/a.txt", root);
	paths[0] = pdf;     /* named directly: visited whatever its extension */
	paths[1] = missing;
	paths[2] = fifo;
	paths[3] = sub;
	paths[4] = a;
	CHECK_INT_EQ(h, walk_paths(paths, 5, 1, record_file, NULL, record_warn, &r, &st,
	                           NULL), 0);
	snprintf(expect, sizeof expect, "%s\n%s/loop/z.txt\n%s/y.Md\n%s\n",
	         pdf, sub, sub, a);
	CHECK_STR_EQ(h, text(&r.visits), expect);
	/* deep/loop -> .. leads to sub, not an ancestor of this walk: it is
	 * entered, and deep is then reached again through it: a loop. */
	snprintf(expect, sizeof expect,
	         "%s: No such file or directory\n"
	         "%s: FIFO, not a regular file\n"
	         "%s/loop/deep: symbolic link loop back to '%s', not followed\n",
	         missing, fifo, sub, sub);
	CHECK_STR_EQ(h, text(&r.warns), expect);
	CHECK_INT_EQ(h, st.files, 4);
	CHECK_INT_EQ(h, st.skipped, 1); /* sub/img.png via loop */
	record_release(&r);
	rm_tree(root);
}

static void test_abort(struct harness *h)
{
	char root[64];
	struct record r = { BUF_INIT, BUF_INIT, 2, 0 };
	struct walk_stats st;
	char *paths[2];

	if (make_tree(root) != 0) {
		CHECK(h, !"cannot build the test tree");
		rm_tree(root);
		return;
	}
	paths[0] = root;
	paths[1] = root;
	CHECK_INT_EQ(h, walk_paths(paths, 2, 1, record_file, NULL, record_warn, &r, &st,
	                           NULL), ERR_INVALID);
	CHECK_INT_EQ(h, st.files, 2);
	CHECK_INT_EQ(h, st.warnings, 0);
	record_release(&r);
	rm_tree(root);
}

/* A second link to a visited directory and a self-referencing link. */
static void test_duplicates(struct harness *h)
{
	char root[64] = "/tmp/unsearch-walk-XXXXXX", p[128], expect[1024];
	struct record r = { BUF_INIT, BUF_INIT, 0, 0 };
	struct walk_stats st;
	char *paths[1] = { root };
	int bad = 0;

	if (!mkdtemp(root)) {
		CHECK(h, !"mkdtemp");
		return;
	}
	snprintf(p, sizeof p, "%s/a", root);
	bad |= mkdir(p, 0700);
	bad |= write_file(p, "f.txt", "f");
	snprintf(p, sizeof p, "%s/b", root);
	bad |= symlink("a", p);
	snprintf(p, sizeof p, "%s/self.txt", root);
	bad |= symlink("self.txt", p);
	CHECK_INT_EQ(h, bad, 0);
	CHECK_INT_EQ(h, walk_paths(paths, 1, 1, record_file, NULL, record_warn, &r, &st,
	                           NULL), 0);
	snprintf(expect, sizeof expect, "%s/a/f.txt\n", root);
	CHECK_STR_EQ(h, text(&r.visits), expect);
	snprintf(expect, sizeof expect,
	         "%s/b: directory already visited as '%s/a'\n"
	         "%s/self.txt: %s\n", root, root, root, strerror(ELOOP));
	CHECK_STR_EQ(h, text(&r.warns), expect);
	record_release(&r);
	rm_tree(root);
}

static void test_unreadable_dir(struct harness *h)
{
	char root[64] = "/tmp/unsearch-walk-XXXXXX", p[128], expect[512];
	struct record r = { BUF_INIT, BUF_INIT, 0, 0 };
	struct walk_stats st;
	char *paths[1] = { root };

	if (geteuid() == 0)
		return; /* root reads mode 000 directories */
	if (!mkdtemp(root)) {
		CHECK(h, !"mkdtemp");
		return;
	}
	snprintf(p, sizeof p, "%s/closed", root);
	CHECK_INT_EQ(h, mkdir(p, 0700), 0);
	CHECK_INT_EQ(h, write_file(p, "in.txt", "x"), 0);
	CHECK_INT_EQ(h, chmod(p, 0), 0);
	CHECK_INT_EQ(h, walk_paths(paths, 1, 1, record_file, NULL, record_warn, &r, &st,
	                           NULL), 0);
	CHECK_STR_EQ(h, text(&r.visits), "");
	snprintf(expect, sizeof expect, "%s: cannot open directory: %s\n", p,
	         strerror(EACCES));
	CHECK_STR_EQ(h, text(&r.warns), expect);
	record_release(&r);
	chmod(p, 0700);
	rm_tree(root);
}

/* A tree 100 folders deep, with a file at every level and a ".txt" named
 * file (no stem) at the bottom: past the folders the walk holds open, it
 * goes on by whole paths, and every file comes in order, with its path. */
static void test_deep_tree(struct harness *h)
{
	char root[64], *paths[1];
	struct buf dir = BUF_INIT, want = BUF_INIT;
	struct record r = { BUF_INIT, BUF_INIT, 0, 0 };
	struct walk_stats st;
	int bad = 0;

	strcpy(root, "/tmp/unsearch-deep-XXXXXX");
	if (!mkdtemp(root)) {
		CHECK(h, 0);
		return;
	}
	buf_append_str(&dir, root);
	for (int i = 0; i < 100; i++) {
		buf_printf(&dir, "/d%d", i);
		bad |= mkdir(dir.data, 0700);
		bad |= write_file(dir.data, "a.txt", "a");
		if (i == 99) /* ".txt" < "a.txt" */
			buf_printf(&want, "skip %s/.txt\n", dir.data);
		buf_printf(&want, "%s/a.txt\n", dir.data);
	}
	bad |= write_file(dir.data, ".txt", "no stem");
	CHECK(h, !bad);
	paths[0] = root;
	CHECK_INT_EQ(h, walk_paths(paths, 1, 1, record_file, record_skip, record_warn, &r, &st,
	                           NULL), 0);
	/* Each level's a.txt comes before its subfolder d<i+1> ("a" < "d"). */
	CHECK_STR_EQ(h, text(&r.visits), text(&want));
	CHECK_STR_EQ(h, text(&r.warns), "");
	CHECK_INT_EQ(h, (int)st.files, 100);
	CHECK_INT_EQ(h, (int)st.skipped, 1);
	record_release(&r);
	buf_release(&dir);
	buf_release(&want);
	rm_tree(root);
}

static void test_is_indexable(struct harness *h)
{
	CHECK(h, walk_is_indexable("a.txt"));
	CHECK(h, walk_is_indexable("A.TXT"));
	CHECK(h, walk_is_indexable("notes.Md"));
	CHECK(h, walk_is_indexable("x.y.md"));
	CHECK(h, !walk_is_indexable(".txt"));
	CHECK(h, !walk_is_indexable("txt"));
	CHECK(h, !walk_is_indexable("a.txt~"));
	CHECK(h, walk_is_indexable("a.pdf"));
	CHECK(h, walk_is_indexable("A.DOCX"));
	CHECK(h, walk_is_indexable("b.doc"));
	CHECK(h, !walk_is_indexable("a.odt"));
	CHECK(h, !walk_is_indexable("a.markdown"));
	CHECK(h, !walk_is_indexable(""));
}

static void test_read_all(struct harness *h)
{
	char root[64] = "/tmp/unsearch-walk-XXXXXX", p[128];
	struct errbuf eb = { "", 0 };
	char *data;
	size_t len;

	if (!mkdtemp(root)) {
		CHECK(h, !"mkdtemp");
		return;
	}
	CHECK_INT_EQ(h, write_file(root, "small.txt", "hola mundo\n"), 0);
	CHECK_INT_EQ(h, write_file(root, "empty.txt", ""), 0);

	snprintf(p, sizeof p, "%s/small.txt", root);
	CHECK_INT_EQ(h, file_read_all(p, 100, &data, &len, &eb), 0);
	CHECK_INT_EQ(h, len, 11);
	CHECK_STR_EQ(h, data, "hola mundo\n");
	free(data);
	/* Exactly at the cap is fine; one byte under is ERR_LIMIT. */
	CHECK_INT_EQ(h, file_read_all(p, 11, &data, &len, &eb), 0);
	free(data);
	CHECK_INT_EQ(h, file_read_all(p, 10, &data, &len, &eb), ERR_LIMIT);
	CHECK(h, data == NULL && len == 0);
	CHECK(h, strstr(eb.msg, "small.txt: larger than 10 bytes") != NULL);

	snprintf(p, sizeof p, "%s/empty.txt", root);
	CHECK_INT_EQ(h, file_read_all(p, 0, &data, &len, &eb), 0);
	CHECK(h, data != NULL);
	CHECK_INT_EQ(h, len, 0);
	if (data)
		CHECK_STR_EQ(h, data, "");
	free(data);

	/* A file whose size fstat gives as 0 though it has bytes (procfs) is
	 * read to its end: the short read that ends a file at its stated
	 * size is no end here. */
	if (access("/proc/self/status", R_OK) == 0) {
		CHECK_INT_EQ(h, file_read_all("/proc/self/status", 1 << 20, &data, &len, &eb), 0);
		CHECK(h, len > 0 && data[len - 1] == '\n' && strstr(data, "\nVmPeak:") != NULL);
		free(data);
	} else {
		harness_skip(h, "no /proc/self/status");
	}

	snprintf(p, sizeof p, "%s/none.txt", root);
	CHECK_INT_EQ(h, file_read_all(p, 100, &data, &len, &eb), ERR_IO);
	CHECK(h, strstr(eb.msg, strerror(ENOENT)) != NULL);

	/* A FIFO must be refused, not waited on; a directory fails too. */
	snprintf(p, sizeof p, "%s/pipe.txt", root);
	CHECK_INT_EQ(h, mkfifo(p, 0600), 0);
	CHECK_INT_EQ(h, file_read_all(p, 100, &data, &len, &eb), ERR_IO);
	CHECK(h, strstr(eb.msg, "not a regular file") != NULL);
	CHECK_INT_EQ(h, file_read_all(root, 100, &data, &len, &eb), ERR_IO);
	CHECK(h, strstr(eb.msg, strerror(EISDIR)) != NULL);
	rm_tree(root);
}

/* A file larger than the first read buffer, to exercise growth. */
static void test_read_all_large(struct harness *h)
{
	char root[64] = "/tmp/unsearch-walk-XXXXXX", p[128];
	struct errbuf eb = { "", 0 };
	size_t n = 300000, len;
	char *body = malloc(n + 1), *data;
	int ok;

	if (!body || !mkdtemp(root)) {
		CHECK(h, !"setup");
		free(body);
		return;
	}
	for (size_t i = 0; i < n; i++)
		body[i] = (char)('a' + i % 26);
	body[n] = '\0';
	CHECK_INT_EQ(h, write_file(root, "big.md", body), 0);
	snprintf(p, sizeof p, "%s/big.md", root);
	CHECK_INT_EQ(h, file_read_all(p, n, &data, &len, &eb), 0);
	CHECK_INT_EQ(h, len, n);
	ok = data && memcmp(data, body, n) == 0;
	CHECK(h, ok);
	free(data);
	CHECK_INT_EQ(h, file_read_all(p, n - 1, &data, &len, &eb), ERR_LIMIT);
	free(body);
	rm_tree(root);
}

/* The size of the visited file f4499.txt into *(off_t *)ctx. */
static int record_last_size(void *ctx, const char *path, const struct stat *st,
                            int is_link)
{
	size_t len = strlen(path);

	(void)is_link;
	if (len >= 9 && strcmp(path + len - 9, "f4499.txt") == 0)
		*(off_t *)ctx = st->st_size;
	return 0;
}

/* A folder large enough that a helper thread lstats half its entries
 * (walk.c's WALK_SPLIT_MIN), in two chunks (WALK_STAT_CHUNK, 4096): 4,500
 * of them, files of both kinds, a folder, links good and dangling and a
 * FIFO among them. The walk visits, skips and warns in the same order,
 * with the same counts, threaded or not, and the last file, in the
 * helper's half of the second chunk, carries its own stat. */
static void test_large_dir_threaded(struct harness *h)
{
	char root[64] = "/tmp/unsearch-walk-XXXXXX", p[160], name[32];
	struct record one = { BUF_INIT, BUF_INIT, 0, 0 }, two = { BUF_INIT, BUF_INIT, 0, 0 };
	struct walk_stats s1, s2;
	struct errbuf eb = { "", 0 };
	char *paths[1];
	int bad = 0;

	if (!mkdtemp(root)) {
		CHECK(h, !"mkdtemp");
		return;
	}
	for (int i = 0; i < 4500; i++) {
		snprintf(name, sizeof name, "f%04d.%s", i, i % 7 ? "txt" : "png");
		snprintf(p, sizeof p, "%s/%s", root, name);
		if (i == 10 || i == 250)
			bad |= symlink(i == 10 ? "f0001.txt" : "nowhere.txt", p);
		else if (i == 200)
			bad |= mkfifo(p, 0600);
		else if (i == 280)
			bad |= mkdir(p, 0700) | write_file(p, "inner.txt", "i");
		else
			bad |= write_file(root, name, i == 4499 ? "the last file" : "x");
	}
	CHECK_INT_EQ(h, bad, 0);
	paths[0] = root;
	CHECK_INT_EQ(h, walk_paths(paths, 1, 0, record_file, record_skip, record_warn, &one,
	                           &s1, &eb), 0);
	CHECK_INT_EQ(h, walk_paths(paths, 1, 1, record_file, record_skip, record_warn, &two,
	                           &s2, &eb), 0);
	CHECK_STR_EQ(h, text(&two.visits), text(&one.visits));
	CHECK_STR_EQ(h, text(&two.warns), text(&one.warns));
	CHECK_INT_EQ(h, s2.files, s1.files);
	CHECK_INT_EQ(h, s2.skipped, s1.skipped);
	CHECK_INT_EQ(h, s2.warnings, 2);
	/* 4,500 names: 642 .png files skipped (f0280.png is the folder),
	 * one FIFO and one dangling link warned about, the folder entered
	 * for its one file */
	CHECK_INT_EQ(h, s2.files, 4500 - 642 - 2 - 1 + 1);
	CHECK_INT_EQ(h, s2.skipped, 642);
	CHECK(h, strstr(text(&two.warns), "f0200.txt: FIFO, not a regular file") != NULL);
	CHECK(h, strstr(text(&two.warns), "f0250.txt: dangling symbolic link") != NULL);
	record_release(&one);
	record_release(&two);
	/* the helper's half: the last file's stat is its own */
	{
		off_t last = -1;
		CHECK_INT_EQ(h, walk_paths(paths, 1, 1, record_last_size, NULL, NULL, &last,
		                           NULL, &eb), 0);
		CHECK_INT_EQ(h, last, (off_t)strlen("the last file"));
	}
	rm_tree(root);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_walk");

	HARNESS_RUN(&h, test_tree);
	HARNESS_RUN(&h, test_top_level_paths);
	HARNESS_RUN(&h, test_abort);
	HARNESS_RUN(&h, test_duplicates);
	HARNESS_RUN(&h, test_unreadable_dir);
	HARNESS_RUN(&h, test_deep_tree);
	HARNESS_RUN(&h, test_large_dir_threaded);
	HARNESS_RUN(&h, test_is_indexable);
	HARNESS_RUN(&h, test_read_all);
	HARNESS_RUN(&h, test_read_all_large);
	return harness_finish(&h);
}
