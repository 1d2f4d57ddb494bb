/* walk.c: the deterministic, loop-safe folder walk of unindex (see walk.h). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "strmap.h"
#include "worker.h"
#include "xalloc.h"

/* Folders deeper than this are read by their whole path rather than
 * relative to their parent's open descriptor, so that a deep tree cannot
 * run the walk out of file descriptors. */
#define WALK_OPEN_DIRS_MAX 64

/* A directory of at least this many entries has the second half of them
 * lstat'ed by a helper thread while the walk does the first: a refresh of
 * the generated 100 MiB corpus (7,124 files in 80 folders), most of it
 * these stats, took 33.7 -> 30.6 ms (medians of 40). Handing a smaller
 * folder over would cost about what it saves. */
#define WALK_SPLIT_MIN 64
/* Entries lstat'ed ahead at a time, at most. */
#define WALK_STAT_CHUNK 4096

/* An entry's lstat, made ahead: err is 0 or the errno it failed with. */
struct entry_stat {
	struct stat st;
	int err;
};

/* The helper's one job at a time: lstat names[lo..hi) in the directory
 * open at fd into out; pending until they all are. Under worker.lock. */
struct stat_helper {
	struct worker worker;
	int fd, pending;
	char **names;
	struct entry_stat *out;
	size_t lo, hi;
};

/* A directory entered during this walk. */
struct walk_dir {
	char *path;  /* the path it was first entered by */
	int active;  /* still on the current path from the root */
};

/* State of one walk_paths call. Invariant: path holds the path of the
 * entry being visited; nested calls append to it and restore its length. */
struct walker {
	walk_file_fn on_file;
	walk_skip_fn on_skip;
	walk_warn_fn on_warn;
	void *ctx;
	struct walk_stats *stats;
	struct strmap *seen;   /* (st_dev, st_ino) bytes -> index in dirs */
	struct walk_dir *dirs;
	size_t n_dirs, cap_dirs;
	size_t open_dirs;      /* directories held open by walk_dir calls */
	struct buf path;
	int threaded;          /* may start helper */
	struct stat_helper helper;
};

static void walker_warn(struct walker *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void walker_warn(struct walker *w, const char *fmt, ...)
{
	char msg[ERRBUF_SIZE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	w->stats->warnings++;
	if (w->on_warn)
		w->on_warn(w->ctx, w->path.data, msg);
}

static void path_set_len(struct buf *b, size_t len)
{
	b->len = len;
	b->data[len] = '\0';
}

static int ascii_tail_eq(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	if (len <= n) /* the stem must not be empty */
		return 0;
	s += len - n;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != suffix[i])
			return 0;
	}
	return 1;
}

int walk_is_indexable(const char *name)
{
	size_t len = strlen(name);

	return ascii_tail_eq(name, len, ".txt") || ascii_tail_eq(name, len, ".md") ||
	       ascii_tail_eq(name, len, ".pdf") || ascii_tail_eq(name, len, ".docx") ||
	       ascii_tail_eq(name, len, ".doc");
}

static const char *file_kind(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "FIFO";
	if (S_ISSOCK(mode))
		return "socket";
	if (S_ISCHR(mode))
		return "character device";
	if (S_ISBLK(mode))
		return "block device";
	return "special file";
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read the names of the open directory d, sorted, without "." and "..",
 * into *n names in the arena a, not an allocation each (with the files'
 * paths in an arena too, build.c, a refresh of the 100 MiB corpus took
 * 26.1M -> 19.1M instructions). The caller frees the array. Sorted by
 * qsort, not strsort: a folder's names share long prefixes (A_RES_74_...),
 * past the eight bytes strsort compares at once. */
static char **read_names(struct walker *w, DIR *d, struct arena *a, size_t *n)
{
	char **names = NULL;
	size_t cap = 0;
	struct dirent *de;

	*n = 0;
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		names = xgrow(names, &cap, *n + 1, sizeof *names);
		names[(*n)++] = arena_strdup(a, de->d_name);
	}
	if (errno)
		walker_warn(w, "reading directory: %s", strerror(errno));
	if (*n > 1)
		qsort(names, *n, sizeof *names, name_cmp);
	return names;
}

static void entry_lstat(int fd, const char *name, struct entry_stat *out)
{
	out->err = fstatat(fd, name, &out->st, AT_SYMLINK_NOFOLLOW) ? errno : 0;
}

static void lstat_names(int fd, char **names, struct entry_stat *out, size_t lo, size_t hi)
{
	for (size_t i = lo; i < hi; i++)
		entry_lstat(fd, names[i], &out[i]);
}

static void *stat_helper_thread(void *arg)
{
	struct stat_helper *h = arg;

	pthread_mutex_lock(&h->worker.lock);
	for (;;) {
		while (!h->pending && !h->worker.closing)
			pthread_cond_wait(&h->worker.changed, &h->worker.lock);
		if (!h->pending)
			break;
		pthread_mutex_unlock(&h->worker.lock);
		lstat_names(h->fd, h->names, h->out, h->lo, h->hi);
		pthread_mutex_lock(&h->worker.lock);
		h->pending = 0;
		pthread_cond_broadcast(&h->worker.changed);
	}
	pthread_mutex_unlock(&h->worker.lock);
	return NULL;
}

/* The lstat of each of the n names in the directory open at fd, in out:
 * split with the helper thread when the walk may have one and the
 * directory is large, else all here. The results are the same either
 * way; only who asks differs. */
static void lstat_all(struct walker *w, int fd, char **names, size_t n,
                      struct entry_stat *out)
{
	struct stat_helper *h = &w->helper;
	size_t half = n / 2;

	if (!w->threaded || n < WALK_SPLIT_MIN ||
	    (!h->worker.running && worker_start(&h->worker, stat_helper_thread, h))) {
		lstat_names(fd, names, out, 0, n);
		return;
	}
	pthread_mutex_lock(&h->worker.lock);
	h->fd = fd;
	h->names = names;
	h->out = out;
	h->lo = half;
	h->hi = n;
	h->pending = 1;
	pthread_cond_broadcast(&h->worker.changed);
	pthread_mutex_unlock(&h->worker.lock);
	lstat_names(fd, names, out, 0, half);
	pthread_mutex_lock(&h->worker.lock);
	while (h->pending)
		pthread_cond_wait(&h->worker.changed, &h->worker.lock);
	pthread_mutex_unlock(&h->worker.lock);
}

static int walk_entry_stat(struct walker *w, int at, const char *name, int top,
                           const struct entry_stat *es);

static int walk_entry(struct walker *w, int at, const char *name, int top);

/* Enter the directory at w->path (st is its stat; name is its name
 * relative to the open directory at, AT_FDCWD for w->path itself), unless
 * it was already entered in this walk. Its entries are stat'ed relative to
 * it: a stat by name in an open directory skips looking up every folder of
 * the path again, which was a fifth of a refresh of a large folder. */
static int walk_dir(struct walker *w, const struct stat *st, int at, const char *name)
{
	unsigned char key[sizeof st->st_dev + sizeof st->st_ino];
	size_t me, n = 0, base;
	struct entry_stat *es = NULL;
	struct arena name_arena = ARENA_INIT(4096); /* the folder's names */
	char **names;
	DIR *d;
	int added, rc = 0, fd, held;

	memcpy(key, &st->st_dev, sizeof st->st_dev);
	memcpy(key + sizeof st->st_dev, &st->st_ino, sizeof st->st_ino);
	me = (size_t)*strmap_upsert(w->seen, (const char *)key, sizeof key,
	                            w->n_dirs, &added);
	if (!added) {
		if (w->dirs[me].active)
			walker_warn(w, "symbolic link loop back to '%s', not followed",
			            w->dirs[me].path);
		else
			walker_warn(w, "directory already visited as '%s'",
			            w->dirs[me].path);
		return 0;
	}
	w->dirs = xgrow(w->dirs, &w->cap_dirs, w->n_dirs + 1, sizeof *w->dirs);
	w->dirs[me].path = xstrdup(w->path.data);
	w->dirs[me].active = 1;
	w->n_dirs++;

	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd))) {
		walker_warn(w, "cannot open directory: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		w->dirs[me].active = 0;
		return 0;
	}
	names = read_names(w, d, &name_arena, &n);
	held = w->open_dirs < WALK_OPEN_DIRS_MAX;
	if (held)
		w->open_dirs++;
	else
		closedir(d);

	/* Held open, its entries are lstat'ed before they are visited, up to
	 * WALK_STAT_CHUNK at once (see lstat_all), so that a folder of a
	 * million files does not hold a million stats. */
	if (held)
		es = xmalloc((n < WALK_STAT_CHUNK ? (n ? n : 1) : WALK_STAT_CHUNK) * sizeof *es);
	base = w->path.len;
	for (size_t i = 0; i < n; i++) {
		if (rc == 0) {
			if (held && i % WALK_STAT_CHUNK == 0)
				lstat_all(w, dirfd(d), names + i,
				          n - i < WALK_STAT_CHUNK ? n - i : WALK_STAT_CHUNK, es);
			if (base == 0 || w->path.data[base - 1] != '/')
				buf_append_byte(&w->path, '/');
			buf_append_str(&w->path, names[i]);
			rc = held ? walk_entry_stat(w, dirfd(d), names[i], 0, &es[i % WALK_STAT_CHUNK])
			          : walk_entry(w, AT_FDCWD, w->path.data, 0);
			path_set_len(&w->path, base);
		}
	}
	free(names);
	arena_release(&name_arena);
	free(es);
	if (held) {
		closedir(d);
		w->open_dirs--;
	}
	w->dirs[me].active = 0;
	return rc;
}

/* Visit w->path, which is name in the open directory at (AT_FDCWD and
 * w->path itself for a path given on the command line, top). */
static int walk_entry(struct walker *w, int at, const char *name, int top)
{
	struct entry_stat es;

	entry_lstat(at, name, &es);
	return walk_entry_stat(w, at, name, top, &es);
}

/* walk_entry with the entry's lstat made already (es). */
static int walk_entry_stat(struct walker *w, int at, const char *name, int top,
                           const struct entry_stat *es)
{
	struct stat st;
	int e, is_link;

	/* lstat first: one call for what is not a link, which is most. */
	if (es->err) {
		walker_warn(w, "%s", strerror(es->err));
		return 0;
	}
	st = es->st;
	is_link = S_ISLNK(st.st_mode);
	if (is_link && fstatat(at, name, &st, 0) != 0) {
		e = errno;
		if (e == ENOENT)
			walker_warn(w, "dangling symbolic link");
		else
			walker_warn(w, "%s", strerror(e));
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return walk_dir(w, &st, at, name);
	if (!S_ISREG(st.st_mode)) {
		walker_warn(w, "%s, not a regular file", file_kind(st.st_mode));
		return 0;
	}
	if (!top && !walk_is_indexable(strrchr(w->path.data, '/') + 1)) {
		w->stats->skipped++;
		if (w->on_skip)
			w->on_skip(w->ctx, w->path.data);
		return 0;
	}
	w->stats->files++;
	return w->on_file(w->ctx, w->path.data, &st, is_link);
}

int walk_paths(char *const *paths, size_t n, int threaded, walk_file_fn on_file,
               walk_skip_fn on_skip, walk_warn_fn on_warn, void *ctx, struct walk_stats *stats,
               struct errbuf *eb)
{
	struct walk_stats local;
	struct walker w;
	int rc = 0;

	(void)eb;
	w.on_file = on_file;
	w.on_skip = on_skip;
	w.on_warn = on_warn;
	w.ctx = ctx;
	w.stats = stats ? stats : &local;
	memset(w.stats, 0, sizeof *w.stats);
	w.seen = strmap_new();
	w.dirs = NULL;
	w.n_dirs = w.cap_dirs = 0;
	w.open_dirs = 0;
	w.threaded = threaded;
	memset(&w.helper, 0, sizeof w.helper);
	buf_init(&w.path);

	for (size_t i = 0; i < n && rc == 0; i++) {
		buf_reset(&w.path);
		buf_append_str(&w.path, paths[i]);
		rc = walk_entry(&w, AT_FDCWD, w.path.data, 1);
	}

	worker_stop(&w.helper.worker);
	for (size_t i = 0; i < w.n_dirs; i++)
		free(w.dirs[i].path);
	free(w.dirs);
	strmap_free(w.seen);
	buf_release(&w.path);
	return rc;
}
