/* serve.c: `unsearch serve`, the web page and JSON API (see serve.h). */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer.h"
#include "buf.h"
#include "cite_query.h"
#include "cli.h"
#include "format.h"
#include "index.h"
#include "lineage.h"
#include "output.h"
#include "search.h"
#include "show.h"
#include "verbs.h"
#include "xalloc.h"

/* The page, compiled in from query/serve_page.* (tools/embed.sh). */
extern const char serve_page_html[], serve_page_css[], serve_page_js[];
extern const unsigned long serve_page_html_len, serve_page_css_len, serve_page_js_len;

/* Scripts and styles only from this server, no inline code, nothing
 * embedded elsewhere. */
#define SERVE_CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
	"connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; " \
	"frame-ancestors 'none'"

/* One open index and an analyzer for it, used by one request at a time.
 * stamp identifies the MANIFEST files it was opened from. */
struct state {
	struct index *ix;
	struct analyzer *an;
	struct verbs_index verbs;
	uint64_t stamp;
	struct state *next; /* in the idle list */
};

struct server {
	const struct serve_opts *opts;
	pthread_mutex_t lock;
	uint64_t stamp;      /* the newest MANIFEST identity a request saw */
	struct state *idle;  /* states of that stamp, not in use */
};

/* One request's answer, built before it is queued. */
struct reply {
	unsigned status;
	const char *type;
	struct buf body;
};

/* FNV-1a over the identity of each directory's MANIFEST (device, inode,
 * size, mtime): a commit renames a new MANIFEST in, so the identity
 * changes. 0 when one is missing (no index there yet). */
static uint64_t manifest_stamp(const struct serve_opts *o)
{
	uint64_t h = 1469598103934665603ull;
	struct buf path = BUF_INIT;

	for (size_t i = 0; i < o->n_dirs; i++) {
		struct stat st;
		uint64_t v[5];
		buf_reset(&path);
		buf_printf(&path, "%s/%s", o->dirs[i], MANIFEST_NAME);
		if (stat(path.data, &st) != 0) {
			buf_release(&path);
			return 0;
		}
		v[0] = (uint64_t)st.st_dev;
		v[1] = (uint64_t)st.st_ino;
		v[2] = (uint64_t)st.st_size;
		v[3] = (uint64_t)st.st_mtim.tv_sec;
		v[4] = (uint64_t)st.st_mtim.tv_nsec;
		for (size_t k = 0; k < sizeof v; k++) {
			h ^= ((const unsigned char *)v)[k];
			h *= 1099511628211ull;
		}
	}
	buf_release(&path);
	return h ? h : 1;
}

static void state_free(struct state *s)
{
	if (!s)
		return;
	index_close(s->ix);
	analyzer_free(s->an);
	free(s);
}

static void state_free_list(struct state *s)
{
	while (s) {
		struct state *next = s->next;
		state_free(s);
		s = next;
	}
}

static int state_open(const struct serve_opts *o, uint64_t stamp,
                      struct state **out, struct errbuf *eb)
{
	struct state *s = xmalloc(sizeof *s);
	int rc;

	memset(s, 0, sizeof *s);
	s->stamp = stamp;
	verbs_index_init(&s->verbs);
	if ((rc = index_open_many(o->dirs, o->n_dirs, &s->ix, eb)) || !(s->an = analyzer_new(eb))) {
		state_free(s);
		return rc ? rc : ERR_IO;
	}
	*out = s;
	return 0;
}

/* A state of the newest index for this request. Idle states of an older
 * index are closed here; states still in use close when released. */
static int state_acquire(struct server *sv, struct state **out, struct errbuf *eb)
{
	struct state *stale = NULL, *s;
	uint64_t stamp;
	int rc;

	for (int attempt = 0;; attempt++) {
		stamp = manifest_stamp(sv->opts);
		pthread_mutex_lock(&sv->lock);
		if (stamp != sv->stamp) {
			stale = sv->idle;
			sv->idle = NULL;
			sv->stamp = stamp;
		}
		if ((s = sv->idle))
			sv->idle = s->next;
		pthread_mutex_unlock(&sv->lock);
		state_free_list(stale);
		stale = NULL;
		if (s) {
			*out = s;
			return 0;
		}
		rc = state_open(sv->opts, stamp, out, eb);
		/* A commit between the stamp and the open can remove the segment
		 * the MANIFEST read named: try once more with the new one. */
		if (!rc || attempt || manifest_stamp(sv->opts) == stamp)
			return rc;
	}
}

static void state_release(struct server *sv, struct state *s)
{
	pthread_mutex_lock(&sv->lock);
	if (s->stamp == sv->stamp) {
		s->next = sv->idle;
		sv->idle = s;
		s = NULL;
	}
	pthread_mutex_unlock(&sv->lock);
	state_free(s);
}

/* Close f and make what it wrote the reply's body. */
static void reply_take(struct reply *r, FILE *f, char **data, size_t *len)
{
	fclose(f); /* sets *data and *len */
	buf_reset(&r->body);
	buf_append(&r->body, *data ? *data : "", *len);
	free(*data);
	*data = NULL;
}

static unsigned status_of(int rc)
{
	switch (rc) {
	case ERR_SYNTAX: case ERR_LIMIT: case ERR_INVALID: return MHD_HTTP_BAD_REQUEST;
	case ERR_NOTFOUND: return MHD_HTTP_NOT_FOUND;
	default: return MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
}

/* An error answer: {"query"?,"error","column"}, as --batch writes it. */
static void reply_error(struct reply *r, unsigned status, const char *query,
                        const char *msg, int column)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = xopen_memstream(&data, &len);

	output_error(f, query, msg, column);
	reply_take(r, f, &data, &len);
	r->status = status;
	r->type = "application/json";
}

/* A parameter, NULL when absent; ERR_LIMIT past SERVE_MAX_PARAM bytes. */
static int param(struct MHD_Connection *c, const char *name, const char **out,
                 struct errbuf *eb)
{
	*out = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
	if (*out && strlen(*out) > SERVE_MAX_PARAM)
		return errbuf_set(eb, ERR_LIMIT, "%s: longer than %d bytes", name, SERVE_MAX_PARAM);
	return 0;
}

static int param_count(struct MHD_Connection *c, const char *name, size_t max,
                       size_t *out, struct errbuf *eb)
{
	const char *v;
	int rc;

	if ((rc = param(c, name, &v, eb)) || !v)
		return rc;
	if ((rc = cli_parse_count(name, v, out, eb)))
		return rc;
	if (*out > max)
		return errbuf_set(eb, ERR_LIMIT, "%s: at most %zu", name, max);
	return 0;
}

/* The facet fields asked for, from every facet= (each may list several,
 * comma-separated), each once. */
struct facet_request {
	enum facet_field fields[8];
	size_t n;
	struct errbuf *eb;
	int rc;
};

static enum MHD_Result collect_facet(void *cls, enum MHD_ValueKind kind,
                                     const char *key, const char *value)
{
	struct facet_request *fr = cls;
	char name[32];

	(void)kind;
	if (strcmp(key, "facet") != 0 || !value)
		return MHD_YES;
	for (const char *p = value; *p && !fr->rc;) {
		size_t len = strcspn(p, ",");
		int f;
		if (len >= sizeof name) {
			fr->rc = errbuf_set(fr->eb, ERR_SYNTAX, "facet: too long a name");
			break;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		p += len + (p[len] == ',');
		if ((f = facet_parse(name)) < 0) {
			fr->rc = errbuf_set(fr->eb, ERR_SYNTAX, "facet: '%s' is not session, year, "
			                    "kind, verb or committee", name);
			break;
		}
		size_t i = 0;
		while (i < fr->n && fr->fields[i] != (enum facet_field)f)
			i++;
		if (i == fr->n && fr->n < sizeof fr->fields / sizeof *fr->fields)
			fr->fields[fr->n++] = (enum facet_field)f;
	}
	return fr->rc ? MHD_NO : MHD_YES;
}

/* The search options of /api/search's parameters; filters go to *filters
 * in query syntax (search_filter_append). */
static int search_request(struct MHD_Connection *c, const struct serve_opts *o,
                          struct search_options *so, struct buf *filters,
                          struct errbuf *eb)
{
	static const char *const filter_params[] = { "session", "year", "kind", "verb", "symbol" };
	const char *v;
	int rc;

	memset(so, 0, sizeof *so);
	so->mode = SEARCH_HITS;
	so->limit = 10;
	so->page = 1;
	so->out.json = 1;
	so->eval.bm25.k1 = BM25_K1_DEFAULT;
	so->eval.bm25.b = BM25_B_DEFAULT;
	so->eval.title_weight = EVAL_TITLE_WEIGHT_DEFAULT;
	if ((rc = param_count(c, "n", SERVE_MAX_LIMIT, &so->limit, eb)) ||
	    (rc = param_count(c, "offset", SERVE_MAX_OFFSET, &so->offset, eb)) ||
	    (rc = param(c, "sort", &v, eb)))
		return rc;
	if (v && strcmp(v, "date") == 0)
		so->sort_date = 1;
	else if (v && strcmp(v, "score") != 0)
		return errbuf_set(eb, ERR_SYNTAX, "sort: '%s' is not score or date", v);
	for (size_t i = 0; i < sizeof filter_params / sizeof *filter_params; i++) {
		if ((rc = param(c, filter_params[i], &v, eb)))
			return rc;
		if (v && *v)
			search_filter_append(filters, filter_params[i], v);
	}
	so->filters = filters->data;
	if (o->time_limit_ms)
		so->eval.deadline_ns = eval_deadline_in(o->time_limit_ms);
	return 0;
}

/* GET /api/search: one page object (output_page). */
static void api_search(struct MHD_Connection *c, const struct serve_opts *o,
                       struct state *st, struct reply *r)
{
	struct errbuf eb = { "", 0 };
	struct search_options so;
	struct buf filters = BUF_INIT;
	struct search_result res = SEARCH_RESULT_INIT;
	struct facet_request fr = { .eb = &eb };
	char *hits = NULL, *facets = NULL, *page = NULL;
	size_t hits_len = 0, facets_len = 0, page_len = 0, total = 0;
	const char *q = NULL;
	FILE *fh = NULL, *ff = NULL;
	int rc;

	if ((rc = param(c, "q", &q, &eb)) || (rc = search_request(c, o, &so, &filters, &eb)))
		goto out;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_facet, &fr);
	if ((rc = fr.rc))
		goto out;
	if ((!q || !*q) && !filters.len) {
		rc = errbuf_set(&eb, ERR_SYNTAX, "no query (try: /api/search?q=creación de capacidad)");
		goto out;
	}
	struct search_ctx sc = { st->ix, st->an, &so, &st->verbs };
	fh = xopen_memstream(&hits, &hits_len);
	ff = xopen_memstream(&facets, &facets_len);
	if ((rc = search_run(&sc, q ? q : "", 0, fh, &res, NULL, &eb)) ||
	    (fr.n && (rc = search_facets(&sc, q ? q : "", fr.fields, fr.n, ff, &total, &eb))))
		goto out;
	fflush(fh);
	fflush(ff);
	struct page_view pv = {
		.query = q ? q : "", .offset = so.offset, .limit = so.limit,
		.has_total = fr.n > 0, .total = total,
		.did_you_mean = res.suggestion.len ? res.suggestion.data : NULL,
		.hits = hits ? hits : "", .hits_len = hits_len,
		.facets = facets ? facets : "", .facets_len = facets_len,
	};
	FILE *fp = xopen_memstream(&page, &page_len);
	output_page(fp, &pv);
	reply_take(r, fp, &page, &page_len);
	r->status = MHD_HTTP_OK;
	r->type = "application/json";
out:
	if (fh)
		fclose(fh);
	if (ff)
		fclose(ff);
	free(hits);
	free(facets);
	if (rc)
		reply_error(r, status_of(rc), q, eb.msg, eb.column);
	buf_release(&res.suggestion);
	buf_release(&filters);
}

enum api_kind { API_SHOW, API_REFS, API_HISTORY };

/* GET /api/show, /api/refs, /api/history: symbol= (and label=), written by
 * the module behind --show, --refs and --history. */
static void api_symbol(struct MHD_Connection *c, struct state *st,
                       enum api_kind kind, struct reply *r)
{
	static const char *const paths[] = { "/api/show", "/api/refs", "/api/history" };
	struct errbuf eb = { "", 0 };
	struct output_opts out = { .json = 1 };
	const char *symbol, *label;
	char *data = NULL;
	size_t len = 0, n = 0;
	FILE *f;
	int rc;

	if ((rc = param(c, "symbol", &symbol, &eb)) || (rc = param(c, "label", &label, &eb)))
		goto out;
	if (!symbol || !*symbol || (kind == API_HISTORY && (!label || !*label))) {
		rc = errbuf_set(&eb, ERR_SYNTAX, kind == API_HISTORY ?
		                "%s takes symbol= and label= (symbol=74/29&label=PP7)" :
		                "%s takes symbol= (symbol=74/29)", paths[kind]);
		goto out;
	}
	f = xopen_memstream(&data, &len);
	if (kind == API_SHOW) {
		rc = show_resolution(st->ix, st->an, &out, symbol, label && *label ? label : NULL,
		                     f, &eb);
	} else if (kind == API_REFS) {
		struct cite_query_opts co = { CITE_QUERY_REFS, symbol, 1, out };
		rc = cite_query_run(st->ix, &co, f, &n, &eb);
	} else {
		struct lineage_opts lo = { LINEAGE_HISTORY, symbol, label, out };
		rc = lineage_run(st->ix, &lo, f, &n, &eb);
	}
	if (rc || kind == API_SHOW) {
		reply_take(r, f, &data, &len);
	} else {
		char *list = NULL;
		size_t list_len = 0;
		FILE *fl = xopen_memstream(&list, &list_len);
		fclose(f);
		output_list(fl, data ? data : "", len);
		free(data);
		reply_take(r, fl, &list, &list_len);
	}
	r->status = MHD_HTTP_OK;
	r->type = "application/json";
out:
	if (rc)
		reply_error(r, status_of(rc), NULL, eb.msg, eb.column);
}

/* The answer to one GET of url. */
static void route(struct server *sv, struct MHD_Connection *c, const char *url,
                  struct reply *r)
{
	static const struct { const char *url, *type; const char *data; const unsigned long *len; } files[] = {
		{ "/", "text/html; charset=utf-8", serve_page_html, &serve_page_html_len },
		{ "/serve.css", "text/css; charset=utf-8", serve_page_css, &serve_page_css_len },
		{ "/serve.js", "text/javascript; charset=utf-8", serve_page_js, &serve_page_js_len },
	};
	static const char *const apis[] = { "/api/show", "/api/refs", "/api/history" };
	struct errbuf eb = { "", 0 };
	struct state *st;
	int rc;

	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		if (strcmp(url, files[i].url) == 0) {
			buf_append(&r->body, files[i].data, *files[i].len);
			r->status = MHD_HTTP_OK;
			r->type = files[i].type;
			return;
		}
	int is_search = strcmp(url, "/api/search") == 0;
	size_t api = 0;
	while (api < sizeof apis / sizeof *apis && strcmp(url, apis[api]) != 0)
		api++;
	if (!is_search && api == sizeof apis / sizeof *apis) {
		errbuf_set(&eb, ERR_NOTFOUND, "no such page: %s (the API is /api/search, "
		           "/api/show, /api/refs, /api/history)", url);
		reply_error(r, MHD_HTTP_NOT_FOUND, NULL, eb.msg, 0);
		return;
	}
	if ((rc = state_acquire(sv, &st, &eb))) {
		reply_error(r, rc == ERR_NOTFOUND ? MHD_HTTP_SERVICE_UNAVAILABLE
		                                  : MHD_HTTP_INTERNAL_SERVER_ERROR,
		            NULL, eb.msg, 0);
		return;
	}
	if (is_search)
		api_search(c, sv->opts, st, r);
	else
		api_symbol(c, st, (enum api_kind)api, r);
	state_release(sv, st);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version,
                              const char *upload, size_t *upload_size, void **req)
{
	struct server *sv = cls;
	struct reply r = { 0, NULL, BUF_INIT };
	struct MHD_Response *resp;
	enum MHD_Result ok;

	(void)version;
	(void)upload;
	/* A GET is answered on the second call, once the request is read: a
	 * reply queued on the first makes MHD close the connection (no
	 * keep-alive). Other methods are refused at once, their bodies unread,
	 * and the connection closed. */
	int is_get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (is_get && !*req) {
		*req = sv;
		return MHD_YES;
	}
	*upload_size = 0;
	if (!is_get) {
		reply_error(&r, MHD_HTTP_METHOD_NOT_ALLOWED, NULL,
		            "only GET is answered", 0);
	} else {
		route(sv, c, url, &r);
	}
	resp = MHD_create_response_from_buffer(r.body.len, r.body.data ? r.body.data : (char *)"",
	                                       r.body.data ? MHD_RESPMEM_MUST_FREE
	                                                   : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		buf_release(&r.body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", r.type);
	MHD_add_response_header(resp, "Content-Security-Policy", SERVE_CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r.status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, "Allow", "GET, HEAD");
	ok = MHD_queue_response(c, r.status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* "HOST:PORT" or "[V6]:PORT" into addr. */
static int parse_listen(const char *listen, struct sockaddr_storage *addr,
                        struct errbuf *eb)
{
	char host[64];
	const char *colon = strrchr(listen, ':'), *h = listen;
	size_t hl;
	char *end;
	unsigned long port;

	if (!colon)
		return errbuf_set(eb, ERR_SYNTAX, "--listen: '%s' is not HOST:PORT", listen);
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port > 65535)
		return errbuf_set(eb, ERR_SYNTAX, "--listen: '%s' has no port (0 to 65535)", listen);
	hl = (size_t)(colon - listen);
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	} else if (memchr(h, ':', hl)) {
		return errbuf_set(eb, ERR_SYNTAX, "--listen: '%s': an IPv6 address goes in "
		                  "brackets ([::1]:8080)", listen);
	}
	if (hl >= sizeof host)
		return errbuf_set(eb, ERR_SYNTAX, "--listen: '%s' is not an address", listen);
	memcpy(host, h, hl);
	host[hl] = '\0';
	memset(addr, 0, sizeof *addr);
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	struct sockaddr_in *v4 = (struct sockaddr_in *)addr;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)addr;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
	} else {
		return errbuf_set(eb, ERR_SYNTAX, "--listen: '%s' is not an IP address "
		                  "(127.0.0.1:8080, [::1]:8080)", host);
	}
	return 0;
}

int serve_check_listen(const char *listen, struct errbuf *eb)
{
	struct sockaddr_storage addr;

	return parse_listen(listen, &addr, eb);
}

int serve_run(const struct serve_opts *o, FILE *ready, struct errbuf *eb)
{
	struct server sv = { .opts = o, .stamp = 0, .idle = NULL };
	struct sockaddr_storage addr;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	char host[INET6_ADDRSTRLEN];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cpus < 1 ? 2 : cpus > 8 ? 16 : (unsigned)cpus * 2;
	sigset_t sigs;
	int rc, sig;

	if ((rc = parse_listen(o->listen, &addr, eb)))
		return rc;
	/* The workers inherit this mask: SIGINT and SIGTERM reach sigwait. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	pthread_mutex_init(&sv.lock, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
	                     (addr.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
	                     0, NULL, NULL, handle, &sv,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	                     MHD_OPTION_THREAD_POOL_SIZE, threads,
	                     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_REQUEST_MEMORY,
	                     MHD_OPTION_CONNECTION_LIMIT, 256u,
	                     MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	                     MHD_OPTION_END);
	if (!d) {
		pthread_mutex_destroy(&sv.lock);
		return errbuf_set(eb, ERR_IO, "cannot listen on %s: %s", o->listen,
		                  errno ? strerror(errno) : "address in use or not available");
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (addr.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&addr)->sin6_addr, host, sizeof host);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&addr)->sin_addr, host, sizeof host);
	fputs("serving ", ready);
	for (size_t i = 0; i < o->n_dirs; i++)
		fprintf(ready, "%s%s", i ? ", " : "", o->dirs[i]);
	fprintf(ready, " on http://%s%s%s:%u/\n",
	        addr.ss_family == AF_INET6 ? "[" : "", host,
	        addr.ss_family == AF_INET6 ? "]" : "", info ? info->port : 0);
	fflush(ready);
	sigwait(&sigs, &sig);
	MHD_stop_daemon(d);
	state_free_list(sv.idle);
	pthread_mutex_destroy(&sv.lock);
	return 0;
}
