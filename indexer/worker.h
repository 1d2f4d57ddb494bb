/* worker.h: the shape the indexer's helper threads share (analysis,
 * stored text, term encoding): one thread, one lock, one condition, the
 * thread started at first use, told to close and joined. What the thread
 * does and waits for is its module's; while running, the fields below
 * other than thread are read and written under lock. */
#ifndef UNSEARCH_WORKER_H
#define UNSEARCH_WORKER_H

#include <pthread.h>

struct worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed; /* broadcast at every change of shared state */
	int running;            /* started and not yet stopped */
	int closing;            /* set by worker_stop: the thread ends its loop */
};

/* Start fn(arg) on a thread with w's lock and condition: 0, or -1 when no
 * thread can be had (the caller then does the work itself). */
int worker_start(struct worker *w, void *(*fn)(void *), void *arg);
/* Set closing under the lock, wake the thread and join it; nothing when
 * not running. */
void worker_stop(struct worker *w);

#endif
