// render/scene/model_cache.cpp: one worker thread takes file names off a queue, loads each
// model and builds its BVH without holding the lock, and publishes the result; the UI thread
// only ever takes the lock for a copy of an entry. Entries are never erased, so a failure keeps
// its message and a file is loaded at most once.
#include "render/scene/model_cache.h"

#include "render/scene/level_of_detail.h"

#include <exception>
#include <utility>

#include "exhibit/error.h"
#include "render/scene/model_load.h"

namespace heritage::render {
namespace {

// One key per file however it was spelled ("a/../b.glb" and "b.glb" are the same entry).
// Lexical only: no disk access on the caller's (UI) thread.
std::string cache_key(const std::filesystem::path& file) {
    return file.lexically_normal().string();
}

// Share of the progress bar for load_model; building the BVH fills the rest (1.7 s of 2.2 s
// for 3.5 million triangles, so the bar must not sit at 100 % meanwhile).
constexpr float kLoadShare = 0.9f;

bool finished(LoadStatus status) {
    return status == LoadStatus::Ready || status == LoadStatus::Failed;
}

}  // namespace

ModelCache::ModelCache() : worker_([this] { run(); }) {}

ModelCache::~ModelCache() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    done_.notify_all();
    worker_.join();
}

void ModelCache::request(const std::filesystem::path& file) {
    const std::string key = cache_key(file);
    {
        const std::lock_guard lock(mutex_);
        ModelEntry& entry = entries_[key];
        if (entry.status != LoadStatus::NotRequested) {
            return;  // queued, loading, or done: once is enough
        }
        entry.status = LoadStatus::Queued;
        queue_.push_back(key);
    }
    wake_.notify_one();
}

ModelEntry ModelCache::get(const std::filesystem::path& file) const {
    const std::string key = cache_key(file);
    const std::lock_guard lock(mutex_);
    const auto found = entries_.find(key);
    return found != entries_.end() ? found->second : ModelEntry{};
}

ModelEntry ModelCache::wait(const std::filesystem::path& file) {
    request(file);
    const std::string key = cache_key(file);
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return stopping_ || finished(entries_[key].status); });
    return entries_[key];
}

void ModelCache::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) {
            return;
        }
        const std::string key = std::move(queue_.front());
        queue_.pop_front();
        entries_[key].status = LoadStatus::Loading;
        entries_[key].progress = 0.0f;

        // Load and index without the lock, so that get() answers at once meanwhile. The map
        // never erases, so the entry stays where it is; progress is written under the lock.
        lock.unlock();
        std::shared_ptr<LoadedModel> loaded;
        std::string error;
        try {
            auto model = std::make_shared<LoadedModel>();
            model->model = load_model(key, [&](float fraction) {
                const std::lock_guard progress_lock(mutex_);
                entries_[key].progress = fraction * kLoadShare;
            });
            model->bvh = Bvh(model->model);
            optimize_for_drawing(model->model);  // after the BVH: it only reorders triangles
            model->light = make_light_model(model->model);
            loaded = std::move(model);
        } catch (const Error& e) {
            error = e.what();
        } catch (const std::exception& e) {
            // Out of memory and the like: still a message, never a crash of the kiosk.
            error = key + ": the model could not be loaded (" + e.what() +
                    "); try a smaller version of the model";
        }
        lock.lock();

        ModelEntry& entry = entries_[key];
        if (loaded) {
            entry.status = LoadStatus::Ready;
            entry.progress = 1.0f;
            entry.model = std::move(loaded);
        } else {
            entry.status = LoadStatus::Failed;
            entry.error = std::move(error);
        }
        done_.notify_all();
    }
}

}  // namespace heritage::render
