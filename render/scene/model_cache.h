// render/scene/model_cache.h: loads models on a worker thread, so the UI never waits, and keeps
// them for when the visitor comes back. One worker; requests are served in order.
#pragma once
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "render/scene/bvh.h"
#include "render/scene/cpu_model.h"

namespace heritage::render {

// A loaded model with what picking needs; shared so the renderer and the UI can hold it.
struct LoadedModel {
    CpuModel model;
    Bvh bvh;                        // over `model`, for picking
    std::optional<CpuModel> light;  // a lighter version for a moving camera, if `model` is dense
};

enum class LoadStatus { NotRequested, Queued, Loading, Ready, Failed };

struct ModelEntry {
    LoadStatus status = LoadStatus::NotRequested;
    float progress = 0.0f;                     // 0..1 while Loading
    std::shared_ptr<const LoadedModel> model;  // when Ready
    std::string error;                         // when Failed: a message for the visitor
};

class ModelCache {
  public:
    ModelCache();
    ~ModelCache();  // stops the worker after the model it is loading
    ModelCache(const ModelCache&) = delete;
    ModelCache& operator=(const ModelCache&) = delete;

    // Queues `file` unless it is already queued, loading, ready or failed. Never blocks.
    void request(const std::filesystem::path& file);

    // The current state of `file`. Never blocks for long.
    ModelEntry get(const std::filesystem::path& file) const;

    // Blocks until `file` is Ready or Failed (for screenshots and tests). Requests it if needed.
    ModelEntry wait(const std::filesystem::path& file);

  private:
    void run();

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    std::map<std::string, ModelEntry> entries_;
    std::deque<std::string> queue_;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace heritage::render
