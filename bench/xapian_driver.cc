// xapian_driver.cc: Xapian peer of the unsearch benchmark.
//
//   xapian_driver index EXPORT.jsonl DBDIR      one document per clause
//   xapian_driver search DBDIR QUERIES.txt [R [fill]]
//                                              time every query in-process
//
// Indexing: TermGenerator with the Spanish Snowball stemmer, positions on
// (index_text), the clause text kept as document data (unsearch stores it
// too). Searching: QueryParser with the same stemmer, default operator AND,
// phrases, OR, -word and prefix*; BM25Weight(1.2, 0, 1, 0.75, 0.5); top 10.
// search prints "wall_us<TAB>cpu_us<TAB>hits<TAB>query" per query: wall
// (steady_clock) and CPU (CLOCK_PROCESS_CPUTIME_ID) microseconds, the mean of
// R warm runs (default 1) after one untimed run, stopping early once 5 runs
// took over a second; R = 0 times a single cold run. A run is parse +
// get_mset(0, 10) + reading the docids.
//
// fill answers what unsearch answers by default (man/unsearch.1, RANKING,
// Partial matches): when fewer than 10 documents match every word, the
// query is parsed again with OR as the default operator and the documents
// holding some of the words, ranked by BM25 over the words they hold,
// follow the full matches up to 10. The run then includes the second parse
// and get_mset(0, 10 + full matches).

#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <unordered_set>

#include "jsonl.h"

using steady = std::chrono::steady_clock;

static double seconds_since(steady::time_point t0)
{
	return std::chrono::duration<double>(steady::now() - t0).count();
}

static double cpu_seconds()
{
	timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmd_index(const char *export_path, const char *db_path)
{
	jsonl_reader *r = jsonl_open(export_path);
	if (!r) {
		std::perror(export_path);
		return 2;
	}
	auto t0 = steady::now();
	Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
	Xapian::TermGenerator tg;
	tg.set_stemmer(Xapian::Stem("spanish"));
	jsonl_record rec;
	long n = 0;
	int rc;
	while ((rc = jsonl_next(r, &rec)) > 0) {
		Xapian::Document doc;
		tg.set_document(doc);
		std::string text(rec.text, rec.text_len);
		tg.index_text(text);
		doc.set_data(text);
		db.add_document(doc);
		n++;
	}
	jsonl_close(r);
	if (rc < 0)
		return 2;
	db.commit();
	db.close();
	std::fprintf(stderr, "xapian_driver: %ld clauses in %.2f s\n", n, seconds_since(t0));
	return 0;
}

// The top 10 of line: with fill, the full matches (AND) then partial ones
// (OR) up to 10. Returns the number of hits.
static int top10(Xapian::Enquire &enquire, Xapian::QueryParser &qp, const std::string &line,
		 unsigned flags, bool fill)
{
	qp.set_default_op(Xapian::Query::OP_AND);
	enquire.set_query(qp.parse_query(line, flags));
	Xapian::MSet mset = enquire.get_mset(0, 10);
	std::unordered_set<Xapian::docid> full;
	int hits = 0;
	for (auto it = mset.begin(); it != mset.end(); ++it) {
		if (fill)
			full.insert(*it);
		hits++;
	}
	if (!fill || hits >= 10)
		return hits;
	qp.set_default_op(Xapian::Query::OP_OR);
	enquire.set_query(qp.parse_query(line, flags));
	Xapian::MSet more = enquire.get_mset(0, 10 + full.size());
	for (auto it = more.begin(); it != more.end() && hits < 10; ++it)
		if (!full.count(*it))
			hits++;
	return hits;
}

static int cmd_search(const char *db_path, const char *queries, int repeat, bool fill)
{
	std::ifstream in(queries);
	if (!in) {
		std::perror(queries);
		return 2;
	}
	Xapian::Database db(db_path);
	Xapian::Enquire enquire(db);
	enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
	Xapian::QueryParser qp;
	qp.set_stemmer(Xapian::Stem("spanish"));
	qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
	qp.set_database(db);  // needed to expand prefix*
	const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
			       Xapian::QueryParser::FLAG_LOVEHATE |
			       Xapian::QueryParser::FLAG_WILDCARD;
	std::string line;
	int status = 0;
	while (std::getline(in, line)) {
		while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
			line.pop_back();
		if (line.empty() || line[0] == '#')
			continue;
		int hits = 0, runs = 0;
		double total = 0, cpu = 0;
		for (int run = 0;; run++) {
			auto t0 = steady::now();
			double c0 = cpu_seconds();
			try {
				hits = top10(enquire, qp, line, flags, fill);
			} catch (const Xapian::Error &e) {
				std::fprintf(stderr, "xapian_driver: %s: %s\n", line.c_str(),
					     e.get_description().c_str());
				hits = -1;
				status = 1;
			}
			double dt = seconds_since(t0), dc = cpu_seconds() - c0;
			if (repeat == 0) {
				total = dt, cpu = dc, runs = 1;
				break;
			}
			if (run > 0)
				total += dt, cpu += dc, runs++;
			if (runs >= repeat || (runs >= 5 && total > 1.0))
				break;
		}
		std::printf("%.1f\t%.1f\t%d\t%s\n", total * 1e6 / runs, cpu * 1e6 / runs, hits,
			    line.c_str());
	}
	return status;
}

int main(int argc, char **argv)
{
	try {
		if (argc == 4 && !std::strcmp(argv[1], "index"))
			return cmd_index(argv[2], argv[3]);
		bool fill = argc == 6 && !std::strcmp(argv[5], "fill");
		if ((argc == 4 || argc == 5 || fill) && !std::strcmp(argv[1], "search")) {
			int repeat = argc >= 5 ? std::atoi(argv[4]) : 1;
			return cmd_search(argv[2], argv[3], repeat > 0 ? repeat : 0, fill);
		}
	} catch (const Xapian::Error &e) {
		std::fprintf(stderr, "xapian_driver: %s\n", e.get_description().c_str());
		return 2;
	}
	std::fprintf(stderr, "usage: xapian_driver index EXPORT.jsonl DBDIR\n"
			     "       xapian_driver search DBDIR QUERIES.txt [REPEAT [fill]]\n");
	return 2;
}
