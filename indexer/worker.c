/* worker.c: a helper thread's start and stop (worker.h). */
#include "worker.h"

int worker_start(struct worker *w, void *(*fn)(void *), void *arg)
{
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->changed, NULL);
	w->closing = 0;
	if (pthread_create(&w->thread, NULL, fn, arg)) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->changed);
		return -1;
	}
	w->running = 1;
	return 0;
}

void worker_stop(struct worker *w)
{
	if (!w->running)
		return;
	pthread_mutex_lock(&w->lock);
	w->closing = 1;
	pthread_cond_broadcast(&w->changed);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->changed);
	w->running = 0;
}
