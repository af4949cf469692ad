// One AsyncWorker per batch: the constructor runs on the JS thread and copies or pins every input,
// Execute() runs on a libuv thread and only fans the items out to ThreadPool and waits (the
// waiting thread sleeps; the cores do the work on the pool), and Result() converts plain C++
// results back to JS on the JS thread. The destructor also runs on the JS thread, which is where
// the pinning references must be released.
#pragma once

#include <napi.h>

#include <exception>
#include <string>

namespace kyso {

class PromiseWorker : public Napi::AsyncWorker {
 public:
  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  PromiseWorker(Napi::Env env, const char* resource_name)
      : Napi::AsyncWorker(env, resource_name), deferred_(Napi::Promise::Deferred::New(env)) {}

  // Runs on a libuv thread; must not touch JS values.
  virtual void Run() = 0;
  // Runs on the JS thread once Run() has returned.
  virtual Napi::Value Result(Napi::Env env) = 0;

 private:
  void Execute() final {
    try {
      Run();
    } catch (const std::exception& error) {
      SetError(std::string("kyso native core: ") + error.what());
    } catch (...) {
      SetError("kyso native core: unknown failure");
    }
  }
  void OnOK() final { deferred_.Resolve(Result(Env())); }
  void OnError(const Napi::Error& error) final { deferred_.Reject(error.Value()); }

  Napi::Promise::Deferred deferred_;
};

}  // namespace kyso
