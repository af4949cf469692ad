#include "thread_pool.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

namespace kyso {

struct ThreadPool::Job {
  Job(size_t item_count, const ItemFunction& item_function) : count(item_count), run(item_function) {}

  const size_t count;
  const ItemFunction& run;  // owned by the RunAndWait frame, which outlives every call
  std::atomic<size_t> next{0};
  std::atomic<size_t> finished{0};

  std::mutex mutex;
  std::condition_variable done_signal;
  bool done = false;            // guarded by mutex
  std::exception_ptr failure;   // guarded by mutex
};

size_t DefaultThreadCount() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int count = CPU_COUNT(&set);
    if (count > 0) return static_cast<size_t>(count);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

ThreadPool& ThreadPool::Shared() {
  // Leaked on purpose: destroying the pool during process exit would destroy its mutex and
  // condition variable under threads that are still blocked on them.
  static ThreadPool* pool = new ThreadPool();
  return *pool;
}

ThreadPool::ThreadPool() : target_(DefaultThreadCount()) {}

size_t ThreadPool::Size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return target_;
}

void ThreadPool::Resize(size_t threads) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    target_ = std::max<size_t>(1, threads);
    if (started_) SpawnMissingLocked();
  }
  wake_.notify_all();
}

void ThreadPool::SpawnMissingLocked() {
  while (live_ < target_) {
    // Detached: a thread ends on its own when the pool shrinks, and the pool itself is never
    // destroyed, so there is nothing to join.
    std::thread(&ThreadPool::WorkerLoop, this).detach();
    ++live_;
  }
}

void ThreadPool::RunAndWait(size_t count, const ItemFunction& run) {
  if (count == 0) return;
  auto job = std::make_shared<Job>(count, run);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Threads start with the first job, so merely loading the addon costs no threads.
    started_ = true;
    SpawnMissingLocked();
    queue_.push_back(job);
  }
  wake_.notify_all();

  std::unique_lock<std::mutex> lock(job->mutex);
  job->done_signal.wait(lock, [&job] { return job->done; });
  if (job->failure) std::rethrow_exception(job->failure);
}

void ThreadPool::WorkerLoop() {
  WorkerScratch scratch;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (live_ > target_) {
      --live_;
      return;
    }
    if (queue_.empty()) {
      wake_.wait(lock);
      continue;
    }
    std::shared_ptr<Job> job = queue_.front();
    lock.unlock();

    size_t ran = 0;
    for (size_t index = job->next.fetch_add(1, std::memory_order_relaxed); index < job->count;
         index = job->next.fetch_add(1, std::memory_order_relaxed)) {
      try {
        job->run(index, scratch);
      } catch (...) {
        std::lock_guard<std::mutex> failure_lock(job->mutex);
        if (!job->failure) job->failure = std::current_exception();
      }
      ++ran;
    }

    lock.lock();
    // The cursor is exhausted: take the job off the queue so idle threads move on to the next one
    // while the last items are still running elsewhere.
    if (!queue_.empty() && queue_.front() == job) queue_.pop_front();
    // acq_rel: the thread that completes the count sees every other thread's item results.
    if (ran > 0 && job->finished.fetch_add(ran, std::memory_order_acq_rel) + ran == job->count) {
      std::lock_guard<std::mutex> done_lock(job->mutex);
      job->done = true;
      job->done_signal.notify_all();
    }
  }
}

}  // namespace kyso
