// The model cache: loads on its worker, reports states, keeps failures with their message,
// and loads each file once.
#include "render/scene/model_cache.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/support/test_support.h"

using namespace heritage::render;
namespace fs = std::filesystem;
namespace test = heritage::test;

namespace {

const fs::path kArtifacts = fs::path(HERITAGE_SAMPLE_EXHIBIT_DIR) / "artifacts";

}  // namespace

TEST_CASE("a requested model becomes Ready, with its BVH", "[model_cache]") {
    ModelCache cache;
    const fs::path file = kArtifacts / "trong-dong-gia-phu/model.glb";
    CHECK(cache.get(file).status == LoadStatus::NotRequested);
    cache.request(file);
    const LoadStatus early = cache.get(file).status;
    CHECK((early == LoadStatus::Queued || early == LoadStatus::Loading ||
           early == LoadStatus::Ready));

    const ModelEntry entry = cache.wait(file);
    REQUIRE(entry.status == LoadStatus::Ready);
    CHECK(entry.progress == 1.0f);
    CHECK(entry.error.empty());
    REQUIRE(entry.model != nullptr);
    CHECK(entry.model->model.triangle_count == 6048);
    CHECK_FALSE(entry.model->bvh.empty());
    // The BVH is over this model: a ray down onto the drum's face hits it at its height.
    const auto hit = entry.model->bvh.intersect(Ray{{0.0f, 1.0f, 0.0f}, {0.0f, -1.0f, 0.0f}});
    REQUIRE(hit);
    CHECK(hit->position.y == Approx(0.38f));
    CHECK(cache.get(file).status == LoadStatus::Ready);
}

TEST_CASE("a missing model fails with the loader's message", "[model_cache]") {
    ModelCache cache;
    const fs::path file = test::make_temp_dir("model-cache-missing") / "model.glb";
    const ModelEntry entry = cache.wait(file);
    CHECK(entry.status == LoadStatus::Failed);
    CHECK(entry.model == nullptr);
    CHECK(entry.error == file.string() +
                             ": model file not found; check the artifact's \"model\" entry or "
                             "add the file");
    // The failure is kept: asking again does not retry.
    cache.request(file);
    CHECK(cache.get(file).status == LoadStatus::Failed);
    CHECK(cache.get(file).error == entry.error);
}

TEST_CASE("requests for the same file load it once", "[model_cache]") {
    ModelCache cache;
    const fs::path file = kArtifacts / "khen-mong/model.glb";
    const fs::path same_file = kArtifacts / "khen-mong/../khen-mong/./model.glb";
    cache.request(file);
    cache.request(same_file);
    cache.request(file);
    const ModelEntry first = cache.wait(file);
    const ModelEntry second = cache.wait(same_file);
    REQUIRE(first.status == LoadStatus::Ready);
    REQUIRE(second.status == LoadStatus::Ready);
    CHECK(first.model == second.model);  // the very same load
    CHECK(cache.get(file).model == first.model);
}

TEST_CASE("requests are served in order; the UI never waits", "[model_cache]") {
    ModelCache cache;
    const std::vector<fs::path> files = {kArtifacts / "trong-dong-pha-long/model.glb",
                                         kArtifacts / "vong-co-bac-mong/model.glb",
                                         kArtifacts / "sach-nom-dao/model.glb"};
    const auto start = std::chrono::steady_clock::now();
    for (const fs::path& file : files) {
        cache.request(file);
        cache.get(file);
    }
    // Requesting and asking return at once, while the worker loads.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(50));

    REQUIRE(cache.wait(files.back()).status == LoadStatus::Ready);
    // Served in order: the earlier ones are done too.
    CHECK(cache.get(files[0]).status == LoadStatus::Ready);
    CHECK(cache.get(files[1]).status == LoadStatus::Ready);
}

TEST_CASE("progress can be watched while a model loads", "[model_cache]") {
    ModelCache cache;
    const fs::path file = kArtifacts / "trang-phuc-dao-do/model.glb";
    cache.request(file);
    float last = 0.0f;
    bool went_backwards = false;
    for (;;) {
        const ModelEntry entry = cache.get(file);
        went_backwards |= entry.progress < last;
        last = entry.progress;
        if (entry.status == LoadStatus::Ready || entry.status == LoadStatus::Failed)
            break;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    CHECK_FALSE(went_backwards);
    CHECK(last == 1.0f);
}

TEST_CASE("the cache closes promptly with requests still queued", "[model_cache]") {
    const auto start = std::chrono::steady_clock::now();
    {
        ModelCache cache;
        for (const auto& entry : fs::directory_iterator(kArtifacts)) {
            cache.request(entry.path() / "model.glb");
        }
    }  // the destructor finishes at most the model being loaded
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}
