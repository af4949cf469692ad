// The addon's own persistent worker threads. A batch becomes a job of `count` independent items;
// threads claim items through one atomic cursor, so a thread that finishes early just takes the
// next unclaimed item (work stealing without per-thread queues) and a batch of 100,000 small
// items costs one fetch_add per item.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "worker_scratch.h"

namespace kyso {

// Called once per item on some pool thread. It must not touch JS values.
using ItemFunction = std::function<void(size_t index, WorkerScratch& scratch)>;

class ThreadPool {
 public:
  // One pool per process, shared by every Node environment (main thread and worker_threads)
  // that loads the addon, so several environments never oversubscribe the cores.
  static ThreadPool& Shared();

  size_t Size() const;

  // Takes effect for new jobs at once when growing; surplus threads leave when they next go idle.
  void Resize(size_t threads);

  // Runs `run` for every index in [0, count) and returns when all have finished; rethrows the first
  // exception an item threw. Invariant: never called from a pool thread (it would wait on itself).
  void RunAndWait(size_t count, const ItemFunction& run);

 private:
  struct Job;

  ThreadPool();
  void SpawnMissingLocked();
  void WorkerLoop();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;
  size_t target_;
  size_t live_ = 0;
  bool started_ = false;
};

// Cores this process may run on (the affinity mask, which honours container CPU sets).
size_t DefaultThreadCount();

}  // namespace kyso
