/* test_worker.c: a helper thread started, fed through its lock and
 * condition, and stopped: it sees every item handed over, in order, ends
 * when told to close, and a worker never started stops as a no-op. */
#include <stddef.h>

#include "harness.h"
#include "worker.h"

#define ITEMS 1000

/* A one-slot mailbox: the caller puts a value, the thread adds it up. */
struct mailbox {
	struct worker worker;
	int full, value;
	long sum, taken;
	int in_order; /* each value the thread took was the one after the last */
};

static void *adder(void *arg)
{
	struct mailbox *m = arg;

	pthread_mutex_lock(&m->worker.lock);
	for (;;) {
		while (!m->full && !m->worker.closing)
			pthread_cond_wait(&m->worker.changed, &m->worker.lock);
		if (!m->full)
			break;
		m->in_order &= m->value == m->taken + 1;
		m->sum += m->value;
		m->taken++;
		m->full = 0;
		pthread_cond_broadcast(&m->worker.changed);
	}
	pthread_mutex_unlock(&m->worker.lock);
	return NULL;
}

static void test_items_in_order(struct harness *h)
{
	struct mailbox m = { .in_order = 1 };

	CHECK(h, worker_start(&m.worker, adder, &m) == 0);
	CHECK(h, m.worker.running);
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&m.worker.lock);
		while (m.full)
			pthread_cond_wait(&m.worker.changed, &m.worker.lock);
		m.value = i;
		m.full = 1;
		pthread_cond_broadcast(&m.worker.changed);
		pthread_mutex_unlock(&m.worker.lock);
	}
	/* the last item may still be in the box: the thread takes it before
	 * it sees closing */
	worker_stop(&m.worker);
	CHECK(h, !m.worker.running);
	CHECK(h, m.taken == ITEMS);
	CHECK(h, m.sum == (long)ITEMS * (ITEMS + 1) / 2);
	CHECK(h, m.in_order);
}

static void test_stop_unstarted(struct harness *h)
{
	struct worker w = { .running = 0 };

	worker_stop(&w); /* must not join or destroy anything */
	CHECK(h, !w.running && !w.closing);
}

int main(void)
{
	struct harness h = HARNESS_INIT("test_worker");

	HARNESS_RUN(&h, test_items_in_order);
	HARNESS_RUN(&h, test_stop_unstarted);
	return harness_finish(&h);
}
